// SignUp, ConfirmSignUp, ResendConfirmationCode, AdminConfirmSignUp.
// PreventUserExistenceErrors=ENABLED: an unknown user gets CodeMismatchException from ConfirmSignUp
// and a simulated CodeDeliveryDetails (nothing sent) from ResendConfirmationCode.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { AttributeList, ClientId, Password, SecretHash, StringMap, Username, UserPoolId } from '../cognito/shapes.js';
import { requireClient } from '../domain/clients.js';
import { requirePool } from '../domain/pools.js';
import { checkSecretHash } from '../domain/secret-hash.js';
import { adminConfirmSignUp, confirmSignUp, resendConfirmationCode, signUp } from '../domain/sign-up.js';
import { hidesUsers } from '../domain/sign-in/parameters.js';
import { findUserByLogin, requireUser } from '../domain/users.js';
import { toAttributeMap } from '../domain/attributes.js';
import { checkSignUpSession, signUpSession } from '../domain/sign-in/sign-up-session.js';
import { CodeMismatchException, UserNotFoundException, CODE_MISMATCH, USER_NOT_FOUND } from '../cognito/errors.js';

export const SignUp = defineOperation({
  name: 'SignUp',
  auth: 'public',
  input: Type.Object({
    ClientId,
    SecretHash: Type.Optional(SecretHash),
    Username,
    Password,
    UserAttributes: Type.Optional(AttributeList),
    ValidationData: Type.Optional(AttributeList),
    ClientMetadata: Type.Optional(StringMap),
    AnalyticsMetadata: Type.Optional(Type.Object({})),
    UserContextData: Type.Optional(Type.Object({})),
  }),
  async handler(input, { deps }) {
    const client = await requireClient(deps.store, input.ClientId);
    const pool = await requirePool(deps.store, client.poolId);
    checkSecretHash(deps, client, input.SecretHash, [input.Username]);
    const { user, delivery } = await signUp(deps, pool, client, {
      username: input.Username, password: input.Password, attributes: input.UserAttributes ?? [],
      trigger: { clientMetadata: input.ClientMetadata, validationData: input.ValidationData && toAttributeMap(input.ValidationData) },
    });
    const session = signUpSession(deps, client, user);
    return { UserConfirmed: user.status === 'CONFIRMED', UserSub: user.sub, ...(delivery && { CodeDeliveryDetails: delivery }), ...(session && { Session: session }) };
  },
});

export const ConfirmSignUp = defineOperation({
  name: 'ConfirmSignUp',
  auth: 'public',
  input: Type.Object({
    ClientId,
    SecretHash: Type.Optional(SecretHash),
    Username,
    ConfirmationCode: Type.String({ minLength: 1, maxLength: 2048, pattern: '^[\\S]+$' }),
    ForceAliasCreation: Type.Optional(Type.Boolean()),
    ClientMetadata: Type.Optional(StringMap),
    AnalyticsMetadata: Type.Optional(Type.Object({})),
    UserContextData: Type.Optional(Type.Object({})),
    Session: Type.Optional(Type.String({ minLength: 20, maxLength: 4096 })),
  }),
  async handler(input, { deps }) {
    const client = await requireClient(deps.store, input.ClientId);
    const pool = await requirePool(deps.store, client.poolId);
    const user = await findUserByLogin(deps.store, pool, input.Username);
    checkSecretHash(deps, client, input.SecretHash, user ? [input.Username, user.username] : [input.Username]);
    if (!user) throw hidesUsers(client) ? new CodeMismatchException(CODE_MISMATCH) : new UserNotFoundException(USER_NOT_FOUND);
    checkSignUpSession(deps, client, user, input.Session);
    await confirmSignUp(deps, pool, user, input.ConfirmationCode, {
      hideUsers: hidesUsers(client), forceAliasCreation: input.ForceAliasCreation, clientId: client.id, clientMetadata: input.ClientMetadata,
    });
    const session = signUpSession(deps, client, { ...user, status: 'CONFIRMED' });
    return session ? { Session: session } : {};
  },
});

export const ResendConfirmationCode = defineOperation({
  name: 'ResendConfirmationCode',
  auth: 'public',
  input: Type.Object({
    ClientId,
    SecretHash: Type.Optional(SecretHash),
    Username,
    ClientMetadata: Type.Optional(StringMap),
    AnalyticsMetadata: Type.Optional(Type.Object({})),
    UserContextData: Type.Optional(Type.Object({})),
  }),
  async handler(input, { deps }) {
    const client = await requireClient(deps.store, input.ClientId);
    const pool = await requirePool(deps.store, client.poolId);
    return { CodeDeliveryDetails: await resendConfirmationCode(deps, pool, client, input.Username, input.SecretHash, { clientMetadata: input.ClientMetadata }) };
  },
});

export const AdminConfirmSignUp = defineOperation({
  name: 'AdminConfirmSignUp',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, ClientMetadata: Type.Optional(StringMap) }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const user = await requireUser(deps.store, pool, input.Username);
    await adminConfirmSignUp(deps, pool, user, input.ClientMetadata);
    return {};
  },
});

export const signUpOperations = [SignUp, ConfirmSignUp, ResendConfirmationCode, AdminConfirmSignUp];
