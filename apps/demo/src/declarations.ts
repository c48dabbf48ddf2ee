// The demo pool, read from apps/demo/gatehouse.demo.yaml, with the client's callback and logout
// URLs moved to wherever the demo app really listens (DEMO_PORT / DEMO_URL).
import { fileURLToPath } from 'node:url';
import { readDeclarations } from '../../../src/cli/declarations.js';
import type { DeclarationFile } from '../../../src/declare/file-schema.js';
import type { AppliedPool } from '../../../src/declare/apply.js';
import type { RunningServer } from '../../../src/server.js';
import type { DemoConfig, Flow } from './config.js';
import { defaultIssuer } from './config.js';

export const DEMO_FILE = fileURLToPath(new URL('../gatehouse.demo.yaml', import.meta.url));
export const DEMO_USER = { username: 'demo@example.com', password: 'Demo-Passw0rd!' };

/** appUrls: the demo app's origin(s), e.g. http://localhost:3000 (several: one client, several apps). */
export function demoDeclarations(appUrls: string | string[], file = DEMO_FILE): DeclarationFile {
  const declarations = readDeclarations(file);
  const origins = [appUrls].flat();
  for (const pool of declarations.pools ?? []) {
    for (const client of pool.Clients ?? []) {
      if (client.CallbackURLs) client.CallbackURLs = origins.map((url) => `${url}/callback`);
      if (client.LogoutURLs) client.LogoutURLs = origins.map((url) => `${url}/`);
    }
  }
  return declarations;
}

/** The demo app's config for the pool a running Gatehouse applied from the demo file. */
export function demoConfigFor(server: RunningServer, app: { host: string; port: number; appUrl: string; flow: Flow }): DemoConfig {
  const pool: AppliedPool | undefined = server.applied.find((p) => p.domain) ?? server.applied[0];
  const client = pool?.clients[0];
  if (!pool || !client) throw new Error('the demo declarations define no pool with a client');
  const region = server.deps.config.aws.region;
  return {
    ...app,
    // The path form of the pool's Hosted UI: reachable from the browser and from this process
    // alike, without DNS for <prefix>.auth.localhost (which browsers resolve, Node does not).
    hostedUiUrl: `${server.url}/${pool.id}`,
    region,
    userPoolId: pool.id,
    clientId: client.id,
    ...(client.secret && { clientSecret: client.secret }),
    callbackUrl: `${app.appUrl}/callback`,
    logoutUrl: `${app.appUrl}/`,
    endpoint: server.url,
    issuer: server.deps.issuer(pool.id),
    scopes: 'openid email phone profile aws.cognito.signin.user.admin',
  };
}

export { defaultIssuer };
