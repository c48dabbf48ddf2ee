// Where a pool's Hosted UI is reached, as the console shows it: on any host under /<poolId>/…, and
// at <prefix>.<hostedUi.baseDomain> once the pool has a prefix domain (same scheme and port as the
// server's public URL; browsers resolve *.localhost to loopback). See src/web/pool-context.ts.
import type { Deps } from '../domain/deps.js';
import type { OperationOutput } from './invoke.js';

/** The base URLs of the pool's Hosted UI: the domain's first when it has one. */
export function hostedUiBases(deps: Deps, poolId: string, prefix?: string): Array<{ label: string; base: string }> {
  const server = new URL(deps.baseUrl());
  const bases = [{ label: 'Path on this server', base: `${server.origin}/${poolId}` }];
  if (prefix) bases.unshift({ label: 'Domain', base: `${server.protocol}//${prefix}.${deps.config.hostedUi.baseDomain}${server.port ? `:${server.port}` : ''}` });
  return bases;
}

/**
 * The sign-in URL of an app client (its first callback URL, the code flow when allowed, else the
 * implicit one, and its scopes); undefined, with the reason, when the client cannot use the Hosted UI.
 */
export function clientLoginUrl(base: string, client: OperationOutput): { url?: string; reason?: string } {
  const flows: string[] = client.AllowedOAuthFlows ?? [];
  const callback: string | undefined = client.CallbackURLs?.[0];
  if (!client.AllowedOAuthFlowsUserPoolClient || !(flows.includes('code') || flows.includes('implicit'))) {
    return { reason: 'Allow the code or implicit OAuth flow to use the Hosted UI.' };
  }
  if (!callback) return { reason: 'Add a callback URL to use the Hosted UI.' };
  const params = new URLSearchParams({ client_id: client.ClientId, response_type: flows.includes('code') ? 'code' : 'token', redirect_uri: callback });
  const scopes: string[] = client.AllowedOAuthScopes ?? [];
  if (scopes.length) params.set('scope', scopes.join(' '));
  return { url: `${base}/oauth2/authorize?${params}` };
}

/** The sign-out URL of an app client (its first sign-out URL), when it has one. */
export function clientLogoutUrl(base: string, client: OperationOutput): string | undefined {
  const logout: string | undefined = client.LogoutURLs?.[0];
  return logout ? `${base}/logout?${new URLSearchParams({ client_id: client.ClientId, logout_uri: logout })}` : undefined;
}

/** OpenID discovery and keys: always on the server's own host, under /<poolId>. */
export function wellKnownUrls(deps: Deps, poolId: string): { discovery: string; jwks: string } {
  const base = `${new URL(deps.baseUrl()).origin}/${poolId}`;
  return { discovery: `${base}/.well-known/openid-configuration`, jwks: `${base}/.well-known/jwks.json` };
}
