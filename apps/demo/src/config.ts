// The demo app's settings, from the environment (and an optional .env file). The same variables
// point it at Gatehouse or at Amazon Cognito: nothing in the code knows which one it talks to.
import { existsSync } from 'node:fs';

export type Flow = 'code' | 'implicit';

export interface DemoConfig {
  /** Where the app listens. */
  host: string;
  port: number;
  /** The app's own origin as the browser sees it, e.g. http://localhost:3000. */
  appUrl: string;
  /** `code` (authorization code + PKCE, the default) or `implicit` (tokens in the URL fragment). */
  flow: Flow;
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
  /** The ID token's expected `iss`; its keys are at <issuer>/.well-known/jwks.json. */
  issuer: string;
  scopes: string;
}

export class DemoConfigError extends Error {}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The issuer of a pool's tokens: Cognito's, or <endpoint>/<poolId> for Gatehouse. */
export function defaultIssuer(region: string, userPoolId: string, endpoint?: string): string {
  return endpoint ? `${trimSlash(endpoint)}/${userPoolId}` : `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** Builds the config from variables; `.env` in the working folder is read first (real env wins). */
export function demoConfigFromEnv(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: string } = {}): DemoConfig {
  const file = options.dotenv ?? '.env';
  if (env === process.env && existsSync(file)) process.loadEnvFile(file);
  const missing: string[] = [];
  const required = (name: string): string => {
    const value = env[name];
    if (!value) missing.push(name);
    return value ?? '';
  };
  const port = Number(env.DEMO_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DemoConfigError(`DEMO_PORT must be a port number, not ${env.DEMO_PORT}`);
  const flow = (env.DEMO_FLOW ?? 'code') as Flow;
  if (flow !== 'code' && flow !== 'implicit') throw new DemoConfigError(`DEMO_FLOW must be code or implicit, not ${flow}`);
  const appUrl = trimSlash(env.DEMO_URL ?? `http://localhost:${port}`);
  const region = env.COGNITO_REGION ?? env.AWS_REGION ?? 'us-east-1';
  const userPoolId = required('COGNITO_USER_POOL_ID');
  const clientId = required('COGNITO_CLIENT_ID');
  const hostedUiUrl = trimSlash(required('COGNITO_DOMAIN'));
  if (missing.length > 0) throw new DemoConfigError(`set ${missing.join(', ')} (in the environment or apps/demo/.env; see apps/demo/README.md)`);
  const endpoint = env.COGNITO_ENDPOINT || undefined;
  return {
    host: env.DEMO_HOST ?? '127.0.0.1',
    port,
    appUrl,
    flow,
    hostedUiUrl: /^https?:\/\//.test(hostedUiUrl) ? hostedUiUrl : `https://${hostedUiUrl}`,
    region,
    userPoolId,
    clientId,
    ...(env.COGNITO_CLIENT_SECRET && { clientSecret: env.COGNITO_CLIENT_SECRET }),
    callbackUrl: env.COGNITO_CALLBACK_URL ?? `${appUrl}/callback`,
    logoutUrl: env.COGNITO_LOGOUT_URL ?? `${appUrl}/`,
    ...(endpoint && { endpoint }),
    issuer: trimSlash(env.COGNITO_ISSUER ?? defaultIssuer(region, userPoolId, endpoint)),
    scopes: env.DEMO_SCOPES ?? 'openid email phone profile aws.cognito.signin.user.admin',
  };
}
