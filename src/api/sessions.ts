// GlobalSignOut, RevokeToken.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ClientId, Token } from '../cognito/shapes.js';
import { requireClient } from '../domain/clients.js';
import { authenticateAccessToken } from '../domain/access-token.js';
import { authenticateClient, globalSignOut, revokeRefreshToken } from '../domain/revocation.js';

export const GlobalSignOut = defineOperation({
  name: 'GlobalSignOut',
  auth: 'public',
  input: Type.Object({ AccessToken: Token }),
  async handler(input, { deps }) {
    const { user } = await authenticateAccessToken(deps, input.AccessToken);
    await globalSignOut(deps, user.sub);
    return {};
  },
});

export const RevokeToken = defineOperation({
  name: 'RevokeToken',
  auth: 'public',
  input: Type.Object({
    Token,
    ClientId,
    ClientSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    // NONE or LINKED (also the parent SSO session the token session came through).
    RevokeAssociatedSessions: Type.Optional(Type.Union([Type.Literal('NONE'), Type.Literal('LINKED')])),
  }),
  async handler(input, { deps }) {
    const client = await requireClient(deps.store, input.ClientId);
    authenticateClient(deps, client, input.ClientSecret);
    await revokeRefreshToken(deps, client, input.Token, { linked: input.RevokeAssociatedSessions === 'LINKED' });
    return {};
  },
});

export const sessionOperations = [GlobalSignOut, RevokeToken];
