// Where passkeys belong: the relying-party id, the user-verification rule and the origins allowed.
import type { Deps } from '../deps.js';
import type { PoolRecord } from '../../store/store.js';
import { servingHost } from '../domains.js';
import { webAuthnConfigOf } from '../mfa-settings.js';
import { allowedFirstFactors } from '../auth-factors.js';

/**
 * The pool's WebAuthnConfiguration.RelyingPartyId, or this server's public host name when the
 * pool sets none (Cognito's default is the pool's domain; Gatehouse serves every pool under its
 * own host).
 */
export function relyingPartyId(deps: Deps, pool: PoolRecord): string {
  return webAuthnConfigOf(pool).RelyingPartyId || servingHost(deps);
}

/** Whether the pool allows passkeys: WEB_AUTHN among SignInPolicy.AllowedFirstAuthFactors. */
export const allowsPasskeys = (pool: PoolRecord): boolean => allowedFirstFactors(pool).includes('WEB_AUTHN');

/** WebAuthnConfiguration.UserVerification: "required" or, by default, "preferred". */
export function userVerification(pool: PoolRecord): 'required' | 'preferred' {
  return webAuthnConfigOf(pool).UserVerification === 'required' ? 'required' : 'preferred';
}

/**
 * An origin a passkey ceremony may come from, by the rule alone: its host is the relying-party id or a subdomain of
 * it, over https, or over http on localhost (any port, for development).
 */
export function isAllowedOrigin(origin: string, rpId: string): boolean {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  const host = url.hostname.toLowerCase();
  const rp = rpId.toLowerCase();
  if (host !== rp && !host.endsWith(`.${rp}`)) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (host === 'localhost' || host.endsWith('.localhost'));
}

/**
 * The origins this pool's Hosted UI is served at: the server's own origin (the /<poolId>/… paths
 * and the shared origin), its prefix domain (<prefix>.<hostedUi.baseDomain>, with the server's
 * scheme and port) and its custom domain (https, or the server's scheme and port). Exact origins:
 * they add this pool's own pages and nothing else.
 */
export async function hostedUiOrigins(deps: Deps, pool: PoolRecord): Promise<string[]> {
  const server = new URL(deps.baseUrl());
  const port = server.port ? `:${server.port}` : '';
  const origins = [server.origin];
  for (const domain of await deps.store.domains.listByPool(pool.id)) {
    if (domain.custom) origins.push(`https://${domain.domain}`, `${server.protocol}//${domain.domain}${port}`);
    else origins.push(`${server.protocol}//${domain.domain}.${deps.config.hostedUi.baseDomain}${port}`);
  }
  return origins;
}

/** Whether a ceremony of this pool may come from `origin`: the rule of isAllowedOrigin, or one of the pool's Hosted UI origins. */
export async function acceptsOrigin(deps: Deps, pool: PoolRecord, origin: string, rpId: string): Promise<boolean> {
  return isAllowedOrigin(origin, rpId) || (await hostedUiOrigins(deps, pool)).includes(origin);
}
