// GetUser, AdminGetUser, and the signed-in user's own UpdateUserAttributes, DeleteUserAttributes,
// GetUserAttributeVerificationCode, VerifyUserAttribute and DeleteUser.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { AttributeList, StringMap, Token, Username, UserPoolId } from '../cognito/shapes.js';
import {
  deleteUserAttributes,
  getUserAttributeVerificationCode,
  updateUserAttributes,
  verifyUserAttribute,
} from '../domain/user-attributes.js';
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

const AttributeName = Type.String({ minLength: 1, maxLength: 32 });

export const UpdateUserAttributes = defineOperation({
  name: 'UpdateUserAttributes',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, UserAttributes: AttributeList, ClientMetadata: Type.Optional(StringMap) }),
  async handler(input, { deps }) {
    const { user, poolId, clientId } = await authenticateAccessToken(deps, input.AccessToken);
    const pool = await requirePool(deps.store, poolId);
    const client = await deps.store.clients.find(clientId);
    const deliveries = await updateUserAttributes(deps, pool, client, user, input.UserAttributes, { clientMetadata: input.ClientMetadata });
    return deliveries.length > 0 ? { CodeDeliveryDetailsList: deliveries } : {};
  },
});

export const DeleteUserAttributes = defineOperation({
  name: 'DeleteUserAttributes',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, UserAttributeNames: Type.Array(AttributeName, { maxItems: 100 }) }),
  async handler(input, { deps }) {
    const { user, poolId, clientId } = await authenticateAccessToken(deps, input.AccessToken);
    const pool = await requirePool(deps.store, poolId);
    const client = await deps.store.clients.find(clientId);
    await deleteUserAttributes(deps, pool, client, user, input.UserAttributeNames);
    return {};
  },
});

export const GetUserAttributeVerificationCode = defineOperation({
  name: 'GetUserAttributeVerificationCode',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, AttributeName, ClientMetadata: Type.Optional(StringMap) }),
  async handler(input, { deps }) {
    const { user, poolId, clientId } = await authenticateAccessToken(deps, input.AccessToken);
    const pool = await requirePool(deps.store, poolId);
    return { CodeDeliveryDetails: await getUserAttributeVerificationCode(deps, pool, user, input.AttributeName, clientId, { clientMetadata: input.ClientMetadata }) };
  },
});

export const VerifyUserAttribute = defineOperation({
  name: 'VerifyUserAttribute',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, AttributeName, Code: Type.String({ minLength: 1, maxLength: 2048, pattern: '^[\\S]+$' }) }),
  async handler(input, { deps }) {
    const { user, poolId } = await authenticateAccessToken(deps, input.AccessToken);
    const pool = await requirePool(deps.store, poolId);
    await verifyUserAttribute(deps, pool, user, input.AttributeName, input.Code);
    return {};
  },
});

export const DeleteUser = defineOperation({
  name: 'DeleteUser',
  auth: 'public',
  input: Type.Object({ AccessToken: Token }),
  async handler(input, { deps }) {
    const { user } = await authenticateAccessToken(deps, input.AccessToken);
    await deps.store.users.delete(user.sub);
    return {};
  },
});

export const userOperations = [
  GetUser, AdminGetUser, UpdateUserAttributes, DeleteUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute, DeleteUser,
];
