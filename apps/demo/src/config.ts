// The demo app's settings, from the environment (and an optional .env file). The same variables
// point it at Gatehouse or at Amazon Cognito: nothing in the code knows which one it talks to.
import { existsSync } from 'node:fs';

export type Flow = 'code' | 'implicit';

/** Where the app listens and how browsers reach it. */
export interface AppSettings {
  host: string;
  port: number;
  /** The app's own origin as the browser sees it, e.g. http://localhost:3000. */
  appUrl: string;
  /** `code` (authorization code + PKCE, the default) or `implicit` (tokens in the URL fragment). */
  flow: Flow;
}

export interface DemoConfig extends AppSettings {
  /** The Hosted UI base URL: https://<prefix>.auth.<region>.amazoncognito.com, or Gatehouse's. */
  hostedUiUrl: string;
  region: string;
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
  callbackUrl: string;
  logoutUrl: string;
  /** The Cognito API endpoint; absent = AWS's regional endpoint. */
  endpoint?: string;
  /**
   * The tokens' expected `iss`, whose keys are at <issuer>/.well-known/jwks.json; absent = Amazon
   * Cognito's issuer for the pool, derived from the pool id.
   */
  issuer?: string;
  scopes: string;
}

export class DemoConfigError extends Error {}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

function checkedUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DemoConfigError(`${name} must be an http(s) URL, not ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DemoConfigError(`${name} must be an http(s) URL, not ${value}`);
  return value;
}

/** DEMO_HOST, DEMO_PORT, DEMO_URL and DEMO_FLOW: the app's own side, checked. */
export function appSettingsFromEnv(env: NodeJS.ProcessEnv): AppSettings {
  const port = Number(env.DEMO_PORT ?? 3000);
  if (!/^\d+$/.test(env.DEMO_PORT ?? '3000') || port > 65535) throw new DemoConfigError(`DEMO_PORT must be a port number, not ${env.DEMO_PORT}`);
  const flow = (env.DEMO_FLOW ?? 'code') as Flow;
  if (flow !== 'code' && flow !== 'implicit') throw new DemoConfigError(`DEMO_FLOW must be code or implicit, not ${flow}`);
  return {
    host: env.DEMO_HOST ?? '127.0.0.1',
    port,
    appUrl: trimSlash(checkedUrl('DEMO_URL', env.DEMO_URL ?? `http://localhost:${port}`)),
    flow,
  };
}

/** Builds the config from variables; `.env` in the working folder is read first (real env wins). */
export function demoConfigFromEnv(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: string } = {}): DemoConfig {
  const file = options.dotenv ?? '.env';
  if (env === process.env && existsSync(file)) process.loadEnvFile(file);
  const app = appSettingsFromEnv(env);
  const missing: string[] = [];
  const required = (name: string): string => {
    const value = env[name];
    if (!value) missing.push(name);
    return value ?? '';
  };
  const region = env.COGNITO_REGION || env.AWS_REGION || 'us-east-1';
  const userPoolId = required('COGNITO_USER_POOL_ID');
  const clientId = required('COGNITO_CLIENT_ID');
  const domain = required('COGNITO_DOMAIN');
  if (missing.length > 0) throw new DemoConfigError(`set ${missing.join(', ')} (in the environment or apps/demo/.env; see apps/demo/README.md)`);
  const endpoint = env.COGNITO_ENDPOINT ? trimSlash(checkedUrl('COGNITO_ENDPOINT', env.COGNITO_ENDPOINT)) : undefined;
  // Gatehouse's issuer is <its URL>/<poolId>; Amazon Cognito's is derived from the pool id.
  const issuer = env.COGNITO_ISSUER || (endpoint && `${endpoint}/${userPoolId}`);
  return {
    ...app,
    hostedUiUrl: trimSlash(checkedUrl('COGNITO_DOMAIN', /^https?:\/\//.test(domain) ? domain : `https://${domain}`)),
    region,
    userPoolId,
    clientId,
    ...(env.COGNITO_CLIENT_SECRET && { clientSecret: env.COGNITO_CLIENT_SECRET }),
    callbackUrl: checkedUrl('COGNITO_CALLBACK_URL', env.COGNITO_CALLBACK_URL || `${app.appUrl}/callback`),
    logoutUrl: env.COGNITO_LOGOUT_URL ? checkedUrl('COGNITO_LOGOUT_URL', env.COGNITO_LOGOUT_URL) : `${app.appUrl}/`,
    ...(endpoint && { endpoint }),
    ...(issuer && { issuer: trimSlash(checkedUrl('COGNITO_ISSUER', issuer)) }),
    scopes: env.DEMO_SCOPES || 'openid email phone profile aws.cognito.signin.user.admin',
  };
}
