// Which user pool a request to the OAuth endpoints or Hosted UI is for. Three ways to reach a pool:
// - by host: <prefix>.<hostedUi.baseDomain> for a prefix domain, or a custom domain's own name;
// - by path on any host: /<poolId>/oauth2/…, /<poolId>/login … (setups without wildcard DNS);
// - at the server's own origin (its public host, localhost or an IP address), by the app client the
//   request names, as apps moved from LocalStack or cognito-local expect: each endpoint says how
//   its request names the client (ClientNaming) and what it answers when it names none or an unknown one.
// `basePath` is what links and redirects inside the pool's pages are prefixed with.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.js';
import type { PoolRecord, Store } from '../store/store.js';
import { OAuthError, invalidRequest } from '../cognito/oauth-errors.js';
import { couldBeClientId } from '../cognito/shapes.js';
import { WebRequestError } from './errors.js';

type Deps = { store: Store; config: Config; baseUrl(): string };
import { isServerHostName } from '../config/server-host.js';

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

export interface PoolContext {
  pool: PoolRecord;
  basePath: string;
  /** Reached at the server's own origin, whose host and paths every pool shares (cookies must name the pool). */
  sharedOrigin: boolean;
}

/** How a request names its app client at the server's own origin, and the endpoint's answers when it does not. */
export interface ClientNaming {
  /** The client id the request names; undefined when it names none (may throw the endpoint's own error). */
  clientIdOf(request: FastifyRequest): string | undefined;
  missing(): Error;
  unknown(): Error;
}

/** Browser endpoints (authorize, logout, the Hosted UI pages): `client_id` in the query string. */
export const clientIdInQuery: ClientNaming = {
  clientIdOf(request) {
    const value = (request.query as Record<string, unknown> | undefined)?.client_id;
    if (Array.isArray(value)) throw invalidRequest('client_id must not be repeated');
    return typeof value === 'string' && value !== '' ? value : undefined;
  },
  missing: () => invalidRequest('client_id is required.'),
  unknown: () => new OAuthError('invalid_client', 'The app client does not exist.'),
};

function hostnameOf(request: FastifyRequest): string | undefined {
  const host = request.headers.host;
  if (!host || host.length > 255) return undefined;
  // Strip the port (IPv6 literals are never domains of ours).
  return host.replace(/:\d+$/, '').toLowerCase();
}

async function poolOfNamedClient(deps: Deps, request: FastifyRequest, naming: ClientNaming): Promise<PoolContext> {
  const clientId = naming.clientIdOf(request);
  if (clientId === undefined) throw naming.missing();
  const client = couldBeClientId(clientId) ? await deps.store.clients.find(clientId) : undefined;
  const pool = client && (await deps.store.pools.find(client.poolId));
  if (!pool) throw naming.unknown();
  return { pool, basePath: '', sharedOrigin: true };
}

async function resolvePoolContext(deps: Deps, request: FastifyRequest, naming?: ClientNaming): Promise<PoolContext | undefined> {
  const poolId = (request.params as { poolId?: string } | undefined)?.poolId;
  if (poolId !== undefined) {
    if (!POOL_ID.test(poolId) || poolId.length > 55) return undefined;
    const pool = await deps.store.pools.find(poolId);
    return pool && { pool, basePath: `/${pool.id}`, sharedOrigin: false };
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
    // The server's own origin is never a pool's domain, whatever domain a pool was given.
    if (isServerHostName(deps, hostname)) return naming ? poolOfNamedClient(deps, request, naming) : undefined;
    domain = await deps.store.domains.find(hostname);
    if (!domain?.custom) return undefined;
  }
  if (!domain) return undefined;
  const pool = await deps.store.pools.find(domain.poolId);
  return pool && { pool, basePath: '', sharedOrigin: false };
}

export async function requirePoolContext(deps: Deps, request: FastifyRequest, naming?: ClientNaming): Promise<PoolContext> {
  const context = await resolvePoolContext(deps, request, naming);
  if (!context) throw new WebRequestError('No user pool is served at this address.', 404);
  return context;
}
