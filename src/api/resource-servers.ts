// CreateResourceServer, DescribeResourceServer, UpdateResourceServer, DeleteResourceServer, ListResourceServers.
// A resource server's scopes become the custom scopes `<Identifier>/<ScopeName>` clients may be allowed.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { InvalidParameterException, LimitExceededException, ResourceNotFoundException } from './errors.js';
import { NextToken, UserPoolId } from './shapes.js';
import { NameCursor, decodePageToken, encodePageToken } from './pagination.js';
import type { ResourceServerRecord, Store } from '../store/store.js';
import { requirePool } from '../domain/pools.js';
import { StoreConflict } from '../store/errors.js';

/** Cognito: 25 resource servers per pool. */
const MAX_RESOURCE_SERVERS = 25;

const Identifier = Type.String({ minLength: 1, maxLength: 256, pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$' });
const Settings = {
  Name: Type.String({ minLength: 1, maxLength: 256, pattern: '^[\\w\\s+=,.@-]+$' }),
  Scopes: Type.Optional(Type.Array(Type.Object({
    ScopeName: Type.String({ minLength: 1, maxLength: 256, pattern: '^[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+$' }),
    ScopeDescription: Type.String({ minLength: 1, maxLength: 256 }),
  }), { maxItems: 100 })),
};

function checkScopes(scopes: ResourceServerRecord['scopes']): void {
  const seen = new Set<string>();
  for (const scope of scopes) {
    if (seen.has(scope.ScopeName)) throw new InvalidParameterException(`Duplicate scope name: ${scope.ScopeName}`);
    seen.add(scope.ScopeName);
  }
}

async function requireResourceServer(store: Store, poolId: string, identifier: string): Promise<ResourceServerRecord> {
  const server = await store.resourceServers.find(poolId, identifier);
  if (!server) throw new ResourceNotFoundException(`Resource server ${identifier} does not exist.`);
  return server;
}

/** ResourceServerType; Scopes is omitted when empty, as Cognito does. */
const resourceServerType = (server: ResourceServerRecord) => ({
  UserPoolId: server.poolId,
  Identifier: server.identifier,
  Name: server.name,
  ...(server.scopes.length > 0 && { Scopes: server.scopes }),
});

export const CreateResourceServer = defineOperation({
  name: 'CreateResourceServer',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Identifier, ...Settings }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
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
    return { ResourceServer: resourceServerType(server) };
  },
});

export const DescribeResourceServer = defineOperation({
  name: 'DescribeResourceServer',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Identifier }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    return { ResourceServer: resourceServerType(await requireResourceServer(deps.store, input.UserPoolId, input.Identifier)) };
  },
});

/** Cognito: UpdateResourceServer replaces the name and the scopes; omitted Scopes means none. */
export const UpdateResourceServer = defineOperation({
  name: 'UpdateResourceServer',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Identifier, ...Settings }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const current = await requireResourceServer(deps.store, input.UserPoolId, input.Identifier);
    const scopes = input.Scopes ?? [];
    checkScopes(scopes);
    const server = { ...current, name: input.Name, scopes };
    await deps.store.resourceServers.update(server);
    return { ResourceServer: resourceServerType(server) };
  },
});

export const DeleteResourceServer = defineOperation({
  name: 'DeleteResourceServer',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Identifier }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    await requireResourceServer(deps.store, input.UserPoolId, input.Identifier);
    await deps.store.resourceServers.delete(input.UserPoolId, input.Identifier);
    return {};
  },
});

export const ListResourceServers = defineOperation({
  name: 'ListResourceServers',
  auth: 'admin',
  input: Type.Object({ UserPoolId, MaxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })), NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const query = `resource-servers:${input.UserPoolId}`;
    const page = await deps.store.resourceServers.list(input.UserPoolId, input.MaxResults ?? 50, decodePageToken(input.NextToken, query, NameCursor));
    return {
      ResourceServers: page.items.map(resourceServerType),
      ...(page.next && { NextToken: encodePageToken(query, page.next) }),
    };
  },
});

export const resourceServerOperations = [CreateResourceServer, DescribeResourceServer, UpdateResourceServer, DeleteResourceServer, ListResourceServers];
