// CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient, ListUserPoolClients.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ClientId, NextToken, UserPoolId } from './shapes.js';
import { NameCursor, decodePageToken, encodePageToken } from './pagination.js';
import { requirePool } from '../domain/pools.js';
import { createClient, describeClient, requireClient, updateClient } from '../domain/clients.js';

const Unit = Type.Union(['seconds', 'minutes', 'hours', 'days'].map((u) => Type.Literal(u)));
const Url = Type.String({ minLength: 1, maxLength: 1024 });
const ClientSettings = {
  ClientName: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\w\\s+=,.@-]+$' }),
  RefreshTokenValidity: Type.Optional(Type.Integer({ minimum: 0, maximum: 315_360_000 })),
  AccessTokenValidity: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
  IdTokenValidity: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
  TokenValidityUnits: Type.Optional(Type.Object({ AccessToken: Type.Optional(Unit), IdToken: Type.Optional(Unit), RefreshToken: Type.Optional(Unit) })),
  ReadAttributes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2048 }))),
  WriteAttributes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2048 }))),
  ExplicitAuthFlows: Type.Optional(Type.Array(Type.Union([
    'ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH',
    'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH',
  ].map((f) => Type.Literal(f))))),
  SupportedIdentityProviders: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }))),
  CallbackURLs: Type.Optional(Type.Array(Url, { maxItems: 100 })),
  LogoutURLs: Type.Optional(Type.Array(Url, { maxItems: 100 })),
  DefaultRedirectURI: Type.Optional(Url),
  AllowedOAuthFlows: Type.Optional(Type.Array(Type.Union(['code', 'implicit', 'client_credentials'].map((f) => Type.Literal(f))), { maxItems: 3 })),
  AllowedOAuthScopes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 50 })),
  AllowedOAuthFlowsUserPoolClient: Type.Optional(Type.Boolean()),
  AnalyticsConfiguration: Type.Optional(Type.Object({})),
  PreventUserExistenceErrors: Type.Optional(Type.Union([Type.Literal('LEGACY'), Type.Literal('ENABLED')])),
  EnableTokenRevocation: Type.Optional(Type.Boolean()),
  EnablePropagateAdditionalUserContextData: Type.Optional(Type.Boolean()),
  AuthSessionValidity: Type.Optional(Type.Integer({ minimum: 3, maximum: 15 })),
  RefreshTokenRotation: Type.Optional(Type.Object({})),
};

export const CreateUserPoolClient = defineOperation({
  name: 'CreateUserPoolClient',
  auth: 'admin',
  input: Type.Object({ UserPoolId, GenerateSecret: Type.Optional(Type.Boolean()), ...ClientSettings }),
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
