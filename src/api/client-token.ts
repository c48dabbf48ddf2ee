// GetClientToken: a machine-to-machine access token through the JSON API, the same token
// /oauth2/token issues for grant_type=client_credentials.
// - the client authenticates with any of its active secrets (constant time); a wrong secret, or a
//   client without one, is NotAuthorizedException, before anything about the client is revealed;
// - the client must allow ALLOW_CLIENT_TOKEN_AUTH (its only flow, CreateUserPoolClient ensures);
// - ClientMetadata is the clientMetadata of a V3_0 PreTokenGeneration.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ClientId, StringMap } from '../cognito/shapes.js';
import { InvalidParameterException, NotAuthorizedException } from '../cognito/errors.js';
import { requirePool } from '../domain/pools.js';
import { CLIENT_TOKEN_FLOW, allowsFlow, requireClient } from '../domain/clients.js';
import { isClientSecret } from '../domain/client-secrets.js';
import { grantedClientScopes } from '../domain/client-credentials.js';
import { issueClientToken } from '../domain/issue-tokens.js';

const Scope = Type.String({ minLength: 1, maxLength: 256, pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$' });

export const GetClientToken = defineOperation({
  name: 'GetClientToken',
  auth: 'public',
  input: Type.Object({
    ClientId,
    Secret: Type.String({ minLength: 1, maxLength: 64 }),
    Scopes: Type.Optional(Type.Array(Scope, { maxItems: 50 })),
    ClientMetadata: Type.Optional(StringMap),
  }),
  async handler(input, { deps }) {
    const client = await requireClient(deps.store, input.ClientId);
    if (!isClientSecret(deps, client, input.Secret)) throw new NotAuthorizedException(`Unable to verify secret for client ${client.id}`);
    if (!allowsFlow(client, CLIENT_TOKEN_FLOW)) throw new InvalidParameterException(`${CLIENT_TOKEN_FLOW} flow not enabled for this client`);
    const pool = await requirePool(deps.store, client.poolId);
    const scopes = await grantedClientScopes(deps, pool, client, input.Scopes);
    const token = await issueClientToken(deps, pool, client, scopes, input.ClientMetadata);
    return { ClientAuthenticationResult: { AccessToken: token.AccessToken, ExpiresIn: token.ExpiresIn, TokenType: token.TokenType } };
  },
});

export const clientTokenOperations = [GetClientToken];
