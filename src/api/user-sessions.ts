// ListUserSessions, RevokeUserSession, AdminListUserSessions, AdminRevokeUserSession,
// Get/SetUserPoolSessionConfiguration, Get/SetUserPoolClientSessionConfiguration.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ClientId, NextToken, Token, Username, UserPoolId } from '../cognito/shapes.js';
import { decodePageToken, encodePageToken } from './pagination.js';
import { requirePool } from '../domain/pools.js';
import { requireClient } from '../domain/clients.js';
import { requireUser } from '../domain/users.js';
import { authenticateAccessToken } from '../domain/access-token.js';
import {
  clientSessionConfiguration,
  listUserSessions,
  poolSessionConfiguration,
  revokeUserSession,
  setClientSessionConfiguration,
  setPoolSessionConfiguration,
  type SessionPage,
} from '../domain/user-sessions.js';
import type { UserRecord } from '../store/store.js';
import type { Deps } from '../domain/deps.js';

// Cognito: "tkn" (token session) or "sso" (SSO session) and 25 lowercase letters and digits.
const SessionId = Type.String({ minLength: 28, maxLength: 28, pattern: '^(tkn|sso)[a-z0-9]{25}$' });
const RevokeAssociatedSessions = Type.Optional(Type.Union([Type.Literal('NONE'), Type.Literal('LINKED')]));
const SessionCursor = Type.String({ minLength: 28, maxLength: 28 });

async function listPage(deps: Deps, user: UserRecord, nextToken: string | undefined, currentOriginJti?: string) {
  // The page token is bound to the user whose sessions it pages through.
  const query = `UserSessions:${user.sub}`;
  const page: SessionPage = await listUserSessions(deps, user, decodePageToken(nextToken, query, SessionCursor), currentOriginJti);
  return { Sessions: page.sessions, ...(page.next && { NextToken: encodePageToken(query, page.next) }) };
}

export const ListUserSessions = defineOperation({
  name: 'ListUserSessions',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    const { user, claims } = await authenticateAccessToken(deps, input.AccessToken);
    return listPage(deps, user, input.NextToken, String(claims.origin_jti));
  },
});

export const RevokeUserSession = defineOperation({
  name: 'RevokeUserSession',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, SessionId, RevokeAssociatedSessions }),
  async handler(input, { deps }) {
    const { user, claims } = await authenticateAccessToken(deps, input.AccessToken);
    await revokeUserSession(deps, user, input.SessionId, { callerOriginJti: String(claims.origin_jti), linked: input.RevokeAssociatedSessions === 'LINKED' });
    return {};
  },
});

const AdminUserInput = { UserPoolId, Username };

export const AdminListUserSessions = defineOperation({
  name: 'AdminListUserSessions',
  auth: 'admin',
  input: Type.Object({ ...AdminUserInput, NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const user = await requireUser(deps.store, pool, input.Username);
    return listPage(deps, user, input.NextToken);
  },
});

export const AdminRevokeUserSession = defineOperation({
  name: 'AdminRevokeUserSession',
  auth: 'admin',
  input: Type.Object({ ...AdminUserInput, SessionId, RevokeAssociatedSessions }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const user = await requireUser(deps.store, pool, input.Username);
    await revokeUserSession(deps, user, input.SessionId, { linked: input.RevokeAssociatedSessions === 'LINKED' });
    return {};
  },
});

export const GetUserPoolSessionConfiguration = defineOperation({
  name: 'GetUserPoolSessionConfiguration',
  auth: 'admin',
  input: Type.Object({ UserPoolId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { UserPoolId: pool.id, ...(await poolSessionConfiguration(deps, pool.id)) };
  },
});

export const SetUserPoolSessionConfiguration = defineOperation({
  name: 'SetUserPoolSessionConfiguration',
  auth: 'admin',
  input: Type.Object({
    UserPoolId,
    UserSessionTracking: Type.Union([Type.Literal('ENABLED'), Type.Literal('DISABLED')]),
    TokenSession: Type.Object({ MaxPerUser: Type.Integer({ minimum: 1, maximum: 100 }) }),
  }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { UserPoolId: pool.id, ...(await setPoolSessionConfiguration(deps, pool, input)) };
  },
});

export const GetUserPoolClientSessionConfiguration = defineOperation({
  name: 'GetUserPoolClientSessionConfiguration',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const client = await requireClient(deps.store, input.ClientId, pool.id);
    return { UserPoolId: pool.id, ClientId: client.id, ...(await clientSessionConfiguration(deps, pool.id, client.id)) };
  },
});

export const SetUserPoolClientSessionConfiguration = defineOperation({
  name: 'SetUserPoolClientSessionConfiguration',
  auth: 'admin',
  input: Type.Object({
    UserPoolId,
    ClientId,
    SSOSession: Type.Object({ MaxValidityMinutes: Type.Integer({ minimum: 0, maximum: 129_600 }) }),
  }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const client = await requireClient(deps.store, input.ClientId, pool.id);
    const stored = await setClientSessionConfiguration(deps, pool, client.id, input.SSOSession.MaxValidityMinutes);
    return { UserPoolId: pool.id, ClientId: client.id, ...stored };
  },
});

export const userSessionOperations = [
  ListUserSessions, RevokeUserSession, AdminListUserSessions, AdminRevokeUserSession,
  GetUserPoolSessionConfiguration, SetUserPoolSessionConfiguration,
  GetUserPoolClientSessionConfiguration, SetUserPoolClientSessionConfiguration,
];
