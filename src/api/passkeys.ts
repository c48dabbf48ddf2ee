// StartWebAuthnRegistration, CompleteWebAuthnRegistration, ListWebAuthnCredentials, DeleteWebAuthnCredential.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ListLimit, NextToken, Token } from '../cognito/shapes.js';
import { NameCursor, decodePageToken, encodePageToken } from './pagination.js';
import { authenticateAccessToken } from '../domain/access-token.js';
import { requirePool } from '../domain/pools.js';
import { completeRegistration, deleteCredential, describeCredential, startRegistration } from '../domain/passkeys/registration.js';

const CredentialId = Type.String({ minLength: 1, maxLength: 2048, pattern: '^[A-Za-z0-9_-]+$' });

export const StartWebAuthnRegistration = defineOperation({
  name: 'StartWebAuthnRegistration',
  auth: 'public',
  input: Type.Object({ AccessToken: Token }),
  async handler(input, { deps }) {
    const { user, poolId, clientId } = await authenticateAccessToken(deps, input.AccessToken);
    return { CredentialCreationOptions: await startRegistration(deps, await requirePool(deps.store, poolId), user, clientId) };
  },
});

export const CompleteWebAuthnRegistration = defineOperation({
  name: 'CompleteWebAuthnRegistration',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, Credential: Type.Object({}, { additionalProperties: true }) }),
  async handler(input, { deps }) {
    const { user, poolId, clientId } = await authenticateAccessToken(deps, input.AccessToken);
    await completeRegistration(deps, await requirePool(deps.store, poolId), user, clientId, input.Credential);
    return {};
  },
});

export const ListWebAuthnCredentials = defineOperation({
  name: 'ListWebAuthnCredentials',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, NextToken: Type.Optional(NextToken), MaxResults: Type.Optional(ListLimit(20)) }),
  async handler(input, { deps }) {
    const { user } = await authenticateAccessToken(deps, input.AccessToken);
    const query = `webauthn:${user.sub}`;
    const page = await deps.store.webAuthnCredentials.listForUser(user.sub, input.MaxResults || 20, decodePageToken(input.NextToken, query, NameCursor));
    return { Credentials: page.items.map(describeCredential), ...(page.next && { NextToken: encodePageToken(query, page.next) }) };
  },
});

export const DeleteWebAuthnCredential = defineOperation({
  name: 'DeleteWebAuthnCredential',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, CredentialId }),
  async handler(input, { deps }) {
    const { user } = await authenticateAccessToken(deps, input.AccessToken);
    await deleteCredential(deps, user, input.CredentialId);
    return {};
  },
});

export const passkeyOperations = [StartWebAuthnRegistration, CompleteWebAuthnRegistration, ListWebAuthnCredentials, DeleteWebAuthnCredential];
