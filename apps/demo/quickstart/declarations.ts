// The demo pool, read from apps/demo/gatehouse.demo.yaml, with the client's callback and logout
// URLs moved to wherever the demo app really listens (DEMO_PORT / DEMO_URL) and the development
// identity provider's issuer to where Gatehouse serves it; and the variables that point the app at
// the pool a running Gatehouse applied from it.
import { fileURLToPath } from 'node:url';
import { readDeclarations } from '../../../src/cli/declarations.js';
import type { DeclarationFile } from '../../../src/declare/file-schema.js';
import type { AppliedPool } from '../../../src/declare/apply.js';
import type { RunningServer } from '../../../src/server.js';

export const DEMO_FILE = fileURLToPath(new URL('../gatehouse.demo.yaml', import.meta.url));
export const DEMO_USER = { username: 'demo@example.com', password: 'Demo-Passw0rd!' };

/** Where a Gatehouse serves its development identity provider (src/dev-idp): <base URL>/_dev-idp. */
const DEV_IDP_PATH = '/_dev-idp';

const isDevIdp = (provider: { ProviderDetails: Record<string, string> }) =>
  URL.canParse(provider.ProviderDetails.oidc_issuer ?? '') && new URL(provider.ProviderDetails.oidc_issuer).pathname === DEV_IDP_PATH;

/**
 * appUrls: the demo app's origin(s), e.g. http://localhost:3000 (several: one client, several apps).
 * gatehouseUrl: the base URL of the Gatehouse that serves the development identity provider; without
 * it (the provider is off) the pool declares no such provider and the client does not list it.
 */
export function demoDeclarations(appUrls: string | string[], options: { gatehouseUrl?: string; file?: string } = {}): DeclarationFile {
  const declarations = readDeclarations(options.file ?? DEMO_FILE);
  const origins = [appUrls].flat();
  for (const pool of declarations.pools ?? []) {
    const devIdps = (pool.IdentityProviders ?? []).filter(isDevIdp);
    if (options.gatehouseUrl) {
      for (const provider of devIdps) provider.ProviderDetails.oidc_issuer = `${options.gatehouseUrl}${DEV_IDP_PATH}`;
    } else if (pool.IdentityProviders) {
      pool.IdentityProviders = pool.IdentityProviders.filter((provider) => !devIdps.includes(provider));
    }
    const dropped = new Set(options.gatehouseUrl ? [] : devIdps.map((provider) => provider.ProviderName));
    for (const client of pool.Clients ?? []) {
      if (client.CallbackURLs) client.CallbackURLs = origins.map((url) => `${url}/callback`);
      if (client.LogoutURLs) client.LogoutURLs = origins.map((url) => `${url}/`);
      if (client.SupportedIdentityProviders) client.SupportedIdentityProviders = client.SupportedIdentityProviders.filter((name) => !dropped.has(name));
    }
  }
  return declarations;
}

/** The COGNITO_* variables (apps/demo/README.md) for the demo pool of a running Gatehouse. */
export function demoEnvFor(server: RunningServer): Record<string, string> {
  const pool: AppliedPool | undefined = server.applied.find((p) => p.domain) ?? server.applied[0];
  const client = pool?.clients[0];
  if (!pool || !client) throw new Error('the demo declarations define no pool with a client');
  return {
    // The path form of the pool's Hosted UI: reachable from the browser and from this process
    // alike, without DNS for <prefix>.auth.localhost (which browsers resolve, Node does not).
    COGNITO_DOMAIN: `${server.url}/${pool.id}`,
    COGNITO_REGION: server.deps.config.aws.region,
    COGNITO_USER_POOL_ID: pool.id,
    COGNITO_CLIENT_ID: client.id,
    ...(client.secret && { COGNITO_CLIENT_SECRET: client.secret }),
    COGNITO_ENDPOINT: server.url,
    COGNITO_ISSUER: server.deps.issuer(pool.id),
  };
}
