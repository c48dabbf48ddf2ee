// ChangePassword, ForgotPassword, ConfirmForgotPassword.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ClientId, Password, SecretHash, StringMap, Token, Username } from '../cognito/shapes.js';
import { requireClient } from '../domain/clients.js';
import { requirePool } from '../domain/pools.js';
import { authenticateAccessToken } from '../domain/access-token.js';
import { changePassword, confirmForgotPassword, forgotPassword } from '../domain/passwords.js';

const ClientContext = {
  ClientMetadata: Type.Optional(StringMap),
  AnalyticsMetadata: Type.Optional(Type.Object({})),
  UserContextData: Type.Optional(Type.Object({})),
};

export const ChangePassword = defineOperation({
  name: 'ChangePassword',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, PreviousPassword: Type.Optional(Password), ProposedPassword: Password }),
  async handler(input, { deps }) {
    const { user, poolId } = await authenticateAccessToken(deps, input.AccessToken);
    const pool = await requirePool(deps.store, poolId);
    await changePassword(deps, pool, user, input.PreviousPassword, input.ProposedPassword);
    return {};
  },
});

export const ForgotPassword = defineOperation({
  name: 'ForgotPassword',
  auth: 'public',
  input: Type.Object({ ClientId, SecretHash: Type.Optional(SecretHash), Username, ...ClientContext }),
  async handler(input, { deps }) {
    const client = await requireClient(deps.store, input.ClientId);
    const pool = await requirePool(deps.store, client.poolId);
    return { CodeDeliveryDetails: await forgotPassword(deps, pool, client, input.Username, input.SecretHash, { clientMetadata: input.ClientMetadata }) };
  },
});

export const ConfirmForgotPassword = defineOperation({
  name: 'ConfirmForgotPassword',
  auth: 'public',
  input: Type.Object({
    ClientId,
    SecretHash: Type.Optional(SecretHash),
    Username,
    ConfirmationCode: Type.String({ minLength: 1, maxLength: 2048, pattern: '^[\\S]+$' }),
    Password,
    ...ClientContext,
  }),
  async handler(input, { deps }) {
    const client = await requireClient(deps.store, input.ClientId);
    const pool = await requirePool(deps.store, client.poolId);
    await confirmForgotPassword(deps, pool, client, {
      login: input.Username, code: input.ConfirmationCode, password: input.Password, secretHash: input.SecretHash,
      clientMetadata: input.ClientMetadata,
    });
    return {};
  },
});

export const passwordOperations = [ChangePassword, ForgotPassword, ConfirmForgotPassword];
