// Where the development provider may send a code. It signs in anyone, so an open redirect URI
// would hand a code for whoever signs in to any site that asks; it accepts only:
// - a URI listed in devIdp.redirectUris, matched exactly;
// - this server's own /oauth2/idpresponse, where a pool's federated sign-in continues, with the
//   public URL's scheme and port: at the public URL's host, localhost, 127.0.0.1 or [::1], as
//   /<poolId>/oauth2/idpresponse (a pool that exists) or /oauth2/idpresponse; or at a pool's domain
//   (a registered <prefix>.<hostedUi.baseDomain> or custom domain) as /oauth2/idpresponse.
// No query, fragment or credentials in any of them.
import type { Deps } from '../domain/deps.js';

const IDP_RESPONSE = '/oauth2/idpresponse';
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

export async function isAcceptedRedirectUri(deps: Pick<Deps, 'config' | 'store' | 'baseUrl'>, uri: string): Promise<boolean> {
  if (deps.config.devIdp.redirectUris.includes(uri)) return true;
  if (!URL.canParse(uri)) return false;
  const url = new URL(uri);
  const base = new URL(deps.baseUrl());
  if (url.protocol !== base.protocol || url.port !== base.port) return false;
  if (url.username || url.password || url.search || url.hash) return false;
  // The URL parser normalises the path (dot segments, case of percent-escapes); the original must already be in that form.
  if (`${url.origin}${url.pathname}` !== uri) return false;
  const hostname = url.hostname.toLowerCase();

  if (hostname === base.hostname.toLowerCase() || LOOPBACK_NAMES.has(hostname)) {
    if (url.pathname === IDP_RESPONSE) return true;
    const poolId = url.pathname.slice(1, -IDP_RESPONSE.length);
    return url.pathname.endsWith(IDP_RESPONSE) && POOL_ID.test(poolId) && poolId.length <= 55 && (await deps.store.pools.find(poolId)) !== undefined;
  }
  if (url.pathname !== IDP_RESPONSE) return false;
  const suffix = `.${deps.config.hostedUi.baseDomain}`;
  if (hostname.endsWith(suffix)) {
    const domain = await deps.store.domains.find(hostname.slice(0, -suffix.length));
    return domain !== undefined && !domain.custom;
  }
  return (await deps.store.domains.find(hostname))?.custom === true;
}
