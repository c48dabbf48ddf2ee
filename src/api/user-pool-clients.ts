// CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient, ListUserPoolClients.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ClientId, NextToken, UserPoolId } from '../cognito/shapes.js';
import { ChosenClientSecret, ClientSettings, CreateUserPoolClientInput } from '../cognito/client-shapes.js';
import { NameCursor, decodePageToken, encodePageToken } from './pagination.js';
import { requirePool } from '../domain/pools.js';
import { createClient, describeClient, requireClient, updateClient } from '../domain/clients.js';

export const CreateUserPoolClient = defineOperation({
  name: 'CreateUserPoolClient',
  auth: 'admin',
  input: Type.Composite([CreateUserPoolClientInput, Type.Object({ ClientSecret: Type.Optional(ChosenClientSecret) })]),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const { client } = await createClient(deps, pool, input);
    return { UserPoolClient: describeClient(deps, client) };
  },
});

export const DescribeUserPoolClient = defineOperation({
  name: 'DescribeUserPoolClient',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const client = await requireClient(deps.store, input.ClientId, input.UserPoolId);
    return { UserPoolClient: describeClient(deps, client) };
  },
});

export const UpdateUserPoolClient = defineOperation({
  name: 'UpdateUserPoolClient',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId, ...ClientSettings, ClientName: Type.Optional(ClientSettings.ClientName) }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const client = await requireClient(deps.store, input.ClientId, pool.id);
    return { UserPoolClient: describeClient(deps, await updateClient(deps, pool, client, input)) };
  },
});

export const DeleteUserPoolClient = defineOperation({
  name: 'DeleteUserPoolClient',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const client = await requireClient(deps.store, input.ClientId, input.UserPoolId);
    await deps.store.clients.delete(client.id);
    // Cognito: a client's terms documents and branding style go with it.
    await deps.store.terms.deleteByClient(client.poolId, client.id);
    await deps.store.managedLoginBrandings.deleteByClient(client.poolId, client.id);
    return {};
  },
});

export const ListUserPoolClients = defineOperation({
  name: 'ListUserPoolClients',
  auth: 'admin',
  input: Type.Object({ UserPoolId, MaxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })), NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const after = decodePageToken(input.NextToken, `clients:${input.UserPoolId}`, NameCursor);
    const page = await deps.store.clients.listByPool(input.UserPoolId, input.MaxResults ?? 60, after);
    return {
      UserPoolClients: page.items.map((c) => ({ ClientId: c.id, UserPoolId: c.poolId, ClientName: c.name })),
      ...(page.next && { NextToken: encodePageToken(`clients:${input.UserPoolId}`, page.next) }),
    };
  },
});

export const userPoolClientOperations = [CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient, ListUserPoolClients];
