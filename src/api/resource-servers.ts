// CreateResourceServer, DescribeResourceServer, UpdateResourceServer, DeleteResourceServer, ListResourceServers.
// A resource server's scopes become the custom scopes `<Identifier>/<ScopeName>` clients may be allowed.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { NextToken, UserPoolId } from '../cognito/shapes.js';
import { ResourceServerIdentifier as Identifier, ResourceServerSettings as Settings } from '../cognito/resource-server-shapes.js';
import { NameCursor, decodePageToken, encodePageToken } from './pagination.js';
import type { ResourceServerRecord } from '../store/store.js';
import { requirePool } from '../domain/pools.js';
import { createResourceServer, requireResourceServer, updateResourceServer } from '../domain/resource-servers.js';

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
    return { ResourceServer: resourceServerType(await createResourceServer(deps, pool, input)) };
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

export const UpdateResourceServer = defineOperation({
  name: 'UpdateResourceServer',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Identifier, ...Settings }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const current = await requireResourceServer(deps.store, input.UserPoolId, input.Identifier);
    return { ResourceServer: resourceServerType(await updateResourceServer(deps, current, input)) };
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
