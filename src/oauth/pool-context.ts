// Which user pool a request to the OAuth endpoints or Hosted UI is for. Two ways to reach a pool:
// - by host: <prefix>.<hostedUi.baseDomain> for a prefix domain, or a custom domain's own name;
// - by path on any host: /<poolId>/oauth2/…, /<poolId>/login … (setups without wildcard DNS).
// `basePath` is what links and redirects inside the pool's pages are prefixed with.
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import type { PoolRecord } from '../store/store.js';
import { OAuthError } from './errors.js';
import { isServerHostName } from '../domain/domains.js';

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

export interface PoolContext {
  pool: PoolRecord;
  basePath: string;
}

function hostnameOf(request: FastifyRequest): string | undefined {
  const host = request.headers.host;
  if (!host || host.length > 255) return undefined;
  // Strip the port (IPv6 literals are never domains of ours).
  return host.replace(/:\d+$/, '').toLowerCase();
}

export async function resolvePoolContext(deps: Deps, request: FastifyRequest): Promise<PoolContext | undefined> {
  const poolId = (request.params as { poolId?: string } | undefined)?.poolId;
  if (poolId !== undefined) {
    if (!POOL_ID.test(poolId) || poolId.length > 55) return undefined;
    const pool = await deps.store.pools.find(poolId);
    return pool && { pool, basePath: `/${pool.id}` };
  }
  const hostname = hostnameOf(request);
  if (!hostname) return undefined;
  const suffix = `.${deps.config.hostedUi.baseDomain}`;
  let domain;
  if (hostname.endsWith(suffix)) {
    const prefix = hostname.slice(0, -suffix.length);
    if (!/^[a-z0-9-]{1,63}$/.test(prefix)) return undefined;
    domain = await deps.store.domains.find(prefix);
    if (domain?.custom) return undefined;
  } else {
    // The server's own name is never a pool's, whatever domain a pool was given.
    if (isServerHostName(deps, hostname)) return undefined;
    domain = await deps.store.domains.find(hostname);
    if (!domain?.custom) return undefined;
  }
  if (!domain) return undefined;
  const pool = await deps.store.pools.find(domain.poolId);
  return pool && { pool, basePath: '' };
}

export async function requirePoolContext(deps: Deps, request: FastifyRequest): Promise<PoolContext> {
  const context = await resolvePoolContext(deps, request);
  if (!context) throw new OAuthError('invalid_request', 'No user pool is served at this address.', { status: 404 });
  return context;
}
