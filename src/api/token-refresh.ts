// GetTokensFromRefreshToken: new tokens from a refresh token, and a new refresh token too when
// the app client rotates them.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ClientId, StringMap, Token } from '../cognito/shapes.js';
import { requireClient } from '../domain/clients.js';
import { requirePool } from '../domain/pools.js';
import { getTokensFromRefreshToken } from '../domain/sign-in/refresh.js';

export const GetTokensFromRefreshToken = defineOperation({
  name: 'GetTokensFromRefreshToken',
  auth: 'public',
  input: Type.Object({
    RefreshToken: Token,
    ClientId,
    ClientSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    DeviceKey: Type.Optional(Type.String({ minLength: 1, maxLength: 55 })),
    ClientMetadata: Type.Optional(StringMap),
  }),
  async handler(input, { deps }) {
    const client = await requireClient(deps.store, input.ClientId);
    const pool = await requirePool(deps.store, client.poolId);
    const result = await getTokensFromRefreshToken(deps, pool, client, {
      refreshToken: input.RefreshToken, clientSecret: input.ClientSecret, deviceKey: input.DeviceKey,
      clientMetadata: input.ClientMetadata,
    });
    return { AuthenticationResult: result };
  },
});

export const tokenRefreshOperations = [GetTokensFromRefreshToken];
