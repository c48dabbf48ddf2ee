// AdminLinkProviderForUser, AdminDisableProviderForUser: provider identities that sign in as an
// existing user, and taking them away (domain/federation/links.ts).
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { UserPoolId } from '../cognito/shapes.js';
import { requirePool } from '../domain/pools.js';
import { disableProviderForUser, linkProviderForUser } from '../domain/federation/links.js';

// Every member is optional in Cognito's model: the domain says which one is missing.
const ProviderUserIdentifier = Type.Object({
  ProviderName: Type.Optional(Type.String({ maxLength: 32 })),
  ProviderAttributeName: Type.Optional(Type.String({ maxLength: 2048 })),
  ProviderAttributeValue: Type.Optional(Type.String({ maxLength: 2048 })),
});

export const AdminLinkProviderForUser = defineOperation({
  name: 'AdminLinkProviderForUser',
  auth: 'admin',
  input: Type.Object({ UserPoolId, DestinationUser: ProviderUserIdentifier, SourceUser: ProviderUserIdentifier }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    await linkProviderForUser(deps, pool, input.DestinationUser, input.SourceUser);
    return {};
  },
});

export const AdminDisableProviderForUser = defineOperation({
  name: 'AdminDisableProviderForUser',
  auth: 'admin',
  input: Type.Object({ UserPoolId, User: ProviderUserIdentifier }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    await disableProviderForUser(deps, pool, input.User);
    return {};
  },
});

export const providerLinkOperations = [AdminLinkProviderForUser, AdminDisableProviderForUser];
