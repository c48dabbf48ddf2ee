// CreateIdentityProvider, DescribeIdentityProvider, UpdateIdentityProvider, DeleteIdentityProvider,
// ListIdentityProviders, GetIdentityProviderByIdentifier: a pool's OIDC, SAML and social providers.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { NextToken, UserPoolId } from '../cognito/shapes.js';
import { NameCursor, decodePageToken, encodePageToken } from './pagination.js';
import { requirePool, toEpochSeconds } from '../domain/pools.js';
import {
  AcrMapping, AttributeMapping, IdpIdentifier, IdpIdentifiers, NEW_PROVIDER_NAME_PATTERN, ProviderDetails, ProviderType,
} from '../cognito/identity-provider-shapes.js';
import {
  createIdentityProvider,
  deleteIdentityProvider,
  describeIdentityProvider,
  requireProvider,
  updateIdentityProvider,
} from '../domain/identity-providers.js';
import { samlDescribedDetails } from '../domain/federation/saml-described-details.js';
import { ResourceNotFoundException } from '../cognito/errors.js';
import type { Deps } from '../domain/deps.js';
import type { IdentityProviderRecord } from '../store/store.js';

const describe = async (deps: Deps, provider: IdentityProviderRecord) =>
  describeIdentityProvider(deps, provider, await samlDescribedDetails(deps, provider));

const NewProviderName = Type.RegExp(NEW_PROVIDER_NAME_PATTERN, { minLength: 1, maxLength: 32 });
const ProviderName = Type.RegExp(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, { minLength: 1, maxLength: 32 });

export const CreateIdentityProvider = defineOperation({
  name: 'CreateIdentityProvider',
  auth: 'admin',
  input: Type.Object({
    UserPoolId,
    ProviderName: NewProviderName,
    ProviderType,
    ProviderDetails,
    AttributeMapping: Type.Optional(AttributeMapping),
    IdpIdentifiers: Type.Optional(IdpIdentifiers),
    AcrMapping: Type.Optional(AcrMapping),
  }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { IdentityProvider: await describe(deps, await createIdentityProvider(deps, pool, input)) };
  },
});

export const DescribeIdentityProvider = defineOperation({
  name: 'DescribeIdentityProvider',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ProviderName }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    return { IdentityProvider: await describe(deps, await requireProvider(deps.store, input.UserPoolId, input.ProviderName)) };
  },
});

export const UpdateIdentityProvider = defineOperation({
  name: 'UpdateIdentityProvider',
  auth: 'admin',
  input: Type.Object({
    UserPoolId,
    ProviderName,
    ProviderDetails: Type.Optional(ProviderDetails),
    AttributeMapping: Type.Optional(AttributeMapping),
    IdpIdentifiers: Type.Optional(IdpIdentifiers),
    AcrMapping: Type.Optional(AcrMapping),
  }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const current = await requireProvider(deps.store, input.UserPoolId, input.ProviderName);
    return { IdentityProvider: await describe(deps, await updateIdentityProvider(deps, pool, current, input)) };
  },
});

export const DeleteIdentityProvider = defineOperation({
  name: 'DeleteIdentityProvider',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ProviderName }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    await deleteIdentityProvider(deps, await requireProvider(deps.store, input.UserPoolId, input.ProviderName));
    return {};
  },
});

export const ListIdentityProviders = defineOperation({
  name: 'ListIdentityProviders',
  auth: 'admin',
  input: Type.Object({ UserPoolId, MaxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })), NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const query = `identity-providers:${input.UserPoolId}`;
    const page = await deps.store.identityProviders.list(input.UserPoolId, input.MaxResults ?? 60, decodePageToken(input.NextToken, query, NameCursor));
    return {
      // ProviderDescription: no details, mapping or identifiers in the list.
      Providers: page.items.map((p) => ({
        ProviderName: p.name, ProviderType: p.type, LastModifiedDate: toEpochSeconds(p.updatedAt), CreationDate: toEpochSeconds(p.createdAt),
      })),
      ...(page.next && { NextToken: encodePageToken(query, page.next) }),
    };
  },
});

export const GetIdentityProviderByIdentifier = defineOperation({
  name: 'GetIdentityProviderByIdentifier',
  auth: 'admin',
  input: Type.Object({ UserPoolId, IdpIdentifier }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const provider = await deps.store.identityProviders.findByIdentifier(input.UserPoolId, input.IdpIdentifier);
    if (!provider) throw new ResourceNotFoundException(`Identity provider with identifier ${input.IdpIdentifier} does not exist.`);
    return { IdentityProvider: await describe(deps, provider) };
  },
});

export const identityProviderOperations = [
  CreateIdentityProvider, DescribeIdentityProvider, UpdateIdentityProvider, DeleteIdentityProvider, ListIdentityProviders, GetIdentityProviderByIdentifier,
];
