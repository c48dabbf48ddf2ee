// Resource servers: Cognito's rules for creating and replacing one, the same for the API, the
// console (through the API) and `gatehouse apply`.
// - At most 25 per pool (LimitExceededException); the identifier is unique in its pool.
// - Scope names are unique within a server.
// - UpdateResourceServer replaces the name and the scopes; omitted Scopes means none.
import type { Deps } from './deps.js';
import type { PoolRecord, ResourceServerRecord, Store } from '../store/store.js';
import { InvalidParameterException, LimitExceededException, ResourceNotFoundException } from '../cognito/errors.js';
import { StoreConflict } from '../store/errors.js';

/** Cognito: 25 resource servers per pool. */
const MAX_RESOURCE_SERVERS = 25;

export interface ResourceServerInput {
  Identifier: string;
  Name: string;
  Scopes?: ResourceServerRecord['scopes'];
}

function checkScopes(scopes: ResourceServerRecord['scopes']): void {
  const seen = new Set<string>();
  for (const scope of scopes) {
    if (seen.has(scope.ScopeName)) throw new InvalidParameterException(`Duplicate scope name: ${scope.ScopeName}`);
    seen.add(scope.ScopeName);
  }
}

export async function requireResourceServer(store: Store, poolId: string, identifier: string): Promise<ResourceServerRecord> {
  const server = await store.resourceServers.find(poolId, identifier);
  if (!server) throw new ResourceNotFoundException(`Resource server ${identifier} does not exist.`);
  return server;
}

export async function createResourceServer(deps: Deps, pool: PoolRecord, input: ResourceServerInput): Promise<ResourceServerRecord> {
  const scopes = input.Scopes ?? [];
  checkScopes(scopes);
  const existing = await deps.store.resourceServers.list(pool.id, MAX_RESOURCE_SERVERS);
  if (existing.items.length >= MAX_RESOURCE_SERVERS) {
    throw new LimitExceededException(`A user pool can have at most ${MAX_RESOURCE_SERVERS} resource servers.`);
  }
  const server: ResourceServerRecord = { poolId: pool.id, identifier: input.Identifier, name: input.Name, scopes, createdAt: deps.clock.now() };
  try {
    await deps.store.resourceServers.insert(server);
  } catch (error) {
    if (error instanceof StoreConflict) throw new InvalidParameterException(`${input.Identifier} already exists in user pool ${pool.id}.`);
    throw error;
  }
  return server;
}

export async function updateResourceServer(deps: Deps, current: ResourceServerRecord, input: ResourceServerInput): Promise<ResourceServerRecord> {
  const scopes = input.Scopes ?? [];
  checkScopes(scopes);
  const server = { ...current, name: input.Name, scopes };
  await deps.store.resourceServers.update(server);
  return server;
}
