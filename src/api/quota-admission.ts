// Which pool's budget an API request counts against: the UserPoolId it names (admin operations),
// the pool of its ClientId, or the pool of its access token's client; operations on no pool count
// against the account-wide budget. A request naming an unknown client is not counted: it fails on
// its own, and counting it would let anyone fill this process with buckets for made-up pools.
import type { Deps } from '../domain/deps.js';
import { quotaCategoryOf } from '../cognito/quota-categories.js';
import { ACCOUNT_SCOPE, type QuotaLimiter } from '../domain/quotas/limiter.js';

/** Client ids remembered (a client never changes pool) before the cache starts over. */
const MAX_CLIENTS = 10_000;
const poolsOfClients = new WeakMap<QuotaLimiter, Map<string, string | null>>();

async function poolOfClient(deps: Deps, clientId: string): Promise<string | undefined> {
  let cache = poolsOfClients.get(deps.quotas);
  if (!cache) poolsOfClients.set(deps.quotas, (cache = new Map()));
  const known = cache.get(clientId);
  if (known !== undefined) return known ?? undefined;
  const client = await deps.store.clients.find(clientId);
  if (cache.size >= MAX_CLIENTS) cache.clear();
  cache.set(clientId, client?.poolId ?? null);
  return client?.poolId;
}

/** The client_id claim of an access token, read without verifying it: only to pick a budget. */
function clientOfToken(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload || payload.length > 8192) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { client_id?: unknown };
    return typeof claims.client_id === 'string' ? claims.client_id : undefined;
  } catch {
    return undefined;
  }
}

async function scopeOf(deps: Deps, input: Record<string, unknown>): Promise<string | undefined> {
  if (typeof input.UserPoolId === 'string') return input.UserPoolId;
  if (typeof input.ClientId === 'string') return poolOfClient(deps, input.ClientId);
  if (typeof input.AccessToken === 'string') {
    const clientId = clientOfToken(input.AccessToken);
    return clientId === undefined ? undefined : poolOfClient(deps, clientId);
  }
  // ResourceArn (tags) names a pool too.
  if (typeof input.ResourceArn === 'string') return input.ResourceArn.split('/')[1];
  return ACCOUNT_SCOPE;
}

/** Counts the request against its pool's budget for the operation's category; TooManyRequestsException beyond. */
export async function admitByQuota(deps: Deps, operation: string, input: Record<string, unknown>): Promise<void> {
  const category = quotaCategoryOf(operation);
  if (!category) return;
  const scope = await scopeOf(deps, input);
  if (scope !== undefined) deps.quotas.admit(scope, category);
}
