// AdminCreateUser, AdminDeleteUser, AdminDisableUser, AdminEnableUser, AdminSetUserPassword,
// AdminResetUserPassword, AdminUpdateUserAttributes, AdminDeleteUserAttributes, AdminUserGlobalSignOut.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { AttributeList, Password, StringMap, Username, UserPoolId } from '../cognito/shapes.js';
import { requirePool } from '../domain/pools.js';
import { requireUser, userType } from '../domain/users.js';
import {
  adminCreateUser,
  adminDeleteUserAttributes,
  adminResetUserPassword,
  adminSetUserPassword,
  adminUpdateUserAttributes,
  setUserEnabled,
  signOutEverywhere,
} from '../domain/admin-users.js';
import type { Deps } from '../domain/deps.js';
import { toAttributeMap } from '../domain/attributes.js';

const UserInput = { UserPoolId, Username };

/** The pool and user every per-user admin operation starts from (ResourceNotFound / UserNotFound). */
async function poolAndUser(deps: Deps, input: { UserPoolId: string; Username: string }) {
  const pool = await requirePool(deps.store, input.UserPoolId);
  const user = await requireUser(deps.store, pool, input.Username);
  return { pool, user };
}

export const AdminCreateUser = defineOperation({
  name: 'AdminCreateUser',
  auth: 'admin',
  input: Type.Object({
    ...UserInput,
    UserAttributes: Type.Optional(AttributeList),
    ValidationData: Type.Optional(AttributeList),
    TemporaryPassword: Type.Optional(Password),
    ForceAliasCreation: Type.Optional(Type.Boolean()),
    MessageAction: Type.Optional(Type.Union([Type.Literal('RESEND'), Type.Literal('SUPPRESS')])),
    DesiredDeliveryMediums: Type.Optional(Type.Array(Type.Union([Type.Literal('EMAIL'), Type.Literal('SMS')]), { maxItems: 2 })),
    ClientMetadata: Type.Optional(StringMap),
  }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const user = await adminCreateUser(deps, pool, {
      username: input.Username,
      attributes: input.UserAttributes ?? [],
      temporaryPassword: input.TemporaryPassword,
      forceAliasCreation: input.ForceAliasCreation,
      messageAction: input.MessageAction,
      desiredDeliveryMediums: input.DesiredDeliveryMediums,
      trigger: { clientMetadata: input.ClientMetadata, validationData: input.ValidationData && toAttributeMap(input.ValidationData) },
    });
    return { User: userType(user) };
  },
});

export const AdminDeleteUser = defineOperation({
  name: 'AdminDeleteUser',
  auth: 'admin',
  input: Type.Object(UserInput),
  async handler(input, { deps }) {
    const { user } = await poolAndUser(deps, input);
    await deps.store.users.delete(user.sub);
    return {};
  },
});

export const AdminDisableUser = defineOperation({
  name: 'AdminDisableUser',
  auth: 'admin',
  input: Type.Object(UserInput),
  async handler(input, { deps }) {
    const { user } = await poolAndUser(deps, input);
    await setUserEnabled(deps, user, false);
    return {};
  },
});

export const AdminEnableUser = defineOperation({
  name: 'AdminEnableUser',
  auth: 'admin',
  input: Type.Object(UserInput),
  async handler(input, { deps }) {
    const { user } = await poolAndUser(deps, input);
    await setUserEnabled(deps, user, true);
    return {};
  },
});

export const AdminSetUserPassword = defineOperation({
  name: 'AdminSetUserPassword',
  auth: 'admin',
  input: Type.Object({ ...UserInput, Password, Permanent: Type.Optional(Type.Boolean()) }),
  async handler(input, { deps }) {
    const { pool, user } = await poolAndUser(deps, input);
    await adminSetUserPassword(deps, pool, user, input.Password, input.Permanent ?? false);
    return {};
  },
});

export const AdminResetUserPassword = defineOperation({
  name: 'AdminResetUserPassword',
  auth: 'admin',
  input: Type.Object({ ...UserInput, ClientMetadata: Type.Optional(StringMap) }),
  async handler(input, { deps }) {
    const { pool, user } = await poolAndUser(deps, input);
    await adminResetUserPassword(deps, pool, user, { clientMetadata: input.ClientMetadata });
    return {};
  },
});

export const AdminUpdateUserAttributes = defineOperation({
  name: 'AdminUpdateUserAttributes',
  auth: 'admin',
  input: Type.Object({ ...UserInput, UserAttributes: AttributeList, ClientMetadata: Type.Optional(StringMap) }),
  async handler(input, { deps }) {
    const { pool, user } = await poolAndUser(deps, input);
    await adminUpdateUserAttributes(deps, pool, user, input.UserAttributes, { clientMetadata: input.ClientMetadata });
    return {};
  },
});

export const AdminDeleteUserAttributes = defineOperation({
  name: 'AdminDeleteUserAttributes',
  auth: 'admin',
  input: Type.Object({ ...UserInput, UserAttributeNames: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 100 }) }),
  async handler(input, { deps }) {
    const { pool, user } = await poolAndUser(deps, input);
    await adminDeleteUserAttributes(deps, pool, user, input.UserAttributeNames);
    return {};
  },
});

export const AdminUserGlobalSignOut = defineOperation({
  name: 'AdminUserGlobalSignOut',
  auth: 'admin',
  input: Type.Object(UserInput),
  async handler(input, { deps }) {
    const { user } = await poolAndUser(deps, input);
    await signOutEverywhere(deps, user);
    return {};
  },
});

export const adminUserOperations = [
  AdminCreateUser, AdminDeleteUser, AdminDisableUser, AdminEnableUser, AdminSetUserPassword, AdminResetUserPassword,
  AdminUpdateUserAttributes, AdminDeleteUserAttributes, AdminUserGlobalSignOut,
];
