// GetUser, AdminGetUser.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { Token, Username, UserPoolId } from './shapes.js';
import { requirePool } from '../domain/pools.js';
import { authenticateAccessToken } from '../domain/access-token.js';
import { getUserView, mfaView, requireUser } from '../domain/users.js';
import { toAttributeList } from '../domain/attributes.js';
import { toEpochSeconds } from '../domain/pools.js';

export const GetUser = defineOperation({
  name: 'GetUser',
  auth: 'public',
  input: Type.Object({ AccessToken: Token }),
  async handler(input, { deps }) {
    const { user, clientId } = await authenticateAccessToken(deps, input.AccessToken);
    const client = await deps.store.clients.find(clientId);
    return getUserView(user, client);
  },
});

export const AdminGetUser = defineOperation({
  name: 'AdminGetUser',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const user = await requireUser(deps.store, pool, input.Username);
    return {
      Username: user.username,
      UserAttributes: toAttributeList(user.attributes, user.sub),
      UserCreateDate: toEpochSeconds(user.createdAt),
      UserLastModifiedDate: toEpochSeconds(user.updatedAt),
      Enabled: user.enabled,
      UserStatus: user.status,
      ...mfaView(user),
    };
  },
});

export const userOperations = [GetUser, AdminGetUser];
