// CreateTerms, DescribeTerms, DescribeTermsByClient, UpdateTerms, DeleteTerms, ListTerms.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ClientId, NextToken, UserPoolId } from '../cognito/shapes.js';
import { decodePageToken, encodePageToken } from './pagination.js';
import type { TermsRecord } from '../store/store.js';
import { requirePool, toEpochSeconds } from '../domain/pools.js';
import { requireClient } from '../domain/clients.js';
import { ResourceNotFoundException } from '../cognito/errors.js';
import { TERMS_NAMES, createTerms, requireTerms, updateTerms } from '../domain/terms.js';

const TermsId = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$' });
const TermsName = Type.Union(TERMS_NAMES.map((name) => Type.Literal(name)));
const TermsSource = Type.Literal('LINK');
const Enforcement = Type.Literal('NONE');
const Links = Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ minLength: 1, maxLength: 1024 }));

/** TermsType. */
const termsType = (t: TermsRecord) => ({
  TermsId: t.id, UserPoolId: t.poolId, ClientId: t.clientId, TermsName: t.name, TermsSource: t.source, Enforcement: t.enforcement,
  Links: t.links, CreationDate: toEpochSeconds(t.createdAt), LastModifiedDate: toEpochSeconds(t.updatedAt),
});

export const CreateTerms = defineOperation({
  name: 'CreateTerms',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId, TermsName, TermsSource, Enforcement, Links: Type.Optional(Links) }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { Terms: termsType(await createTerms(deps, pool, input.ClientId, input)) };
  },
});

export const DescribeTerms = defineOperation({
  name: 'DescribeTerms',
  auth: 'admin',
  input: Type.Object({ TermsId, UserPoolId }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    return { Terms: termsType(await requireTerms(deps.store, input.UserPoolId, input.TermsId)) };
  },
});

export const DescribeTermsByClient = defineOperation({
  name: 'DescribeTermsByClient',
  auth: 'admin',
  input: Type.Object({ ClientId, UserPoolId, TermsName }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    await requireClient(deps.store, input.ClientId, input.UserPoolId);
    const terms = await deps.store.terms.findByName(input.UserPoolId, input.ClientId, input.TermsName);
    if (!terms) throw new ResourceNotFoundException(`Terms ${input.TermsName} do not exist for app client ${input.ClientId}.`);
    return { Terms: termsType(terms) };
  },
});

export const UpdateTerms = defineOperation({
  name: 'UpdateTerms',
  auth: 'admin',
  input: Type.Object({
    TermsId, UserPoolId, TermsName: Type.Optional(TermsName), TermsSource: Type.Optional(TermsSource),
    Enforcement: Type.Optional(Enforcement), Links: Type.Optional(Links),
  }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const current = await requireTerms(deps.store, input.UserPoolId, input.TermsId);
    return { Terms: termsType(await updateTerms(deps, current, input)) };
  },
});

export const DeleteTerms = defineOperation({
  name: 'DeleteTerms',
  auth: 'admin',
  input: Type.Object({ TermsId, UserPoolId }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    await requireTerms(deps.store, input.UserPoolId, input.TermsId);
    await deps.store.terms.delete(input.UserPoolId, input.TermsId);
    return {};
  },
});

export const ListTerms = defineOperation({
  name: 'ListTerms',
  auth: 'admin',
  input: Type.Object({ UserPoolId, MaxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })), NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const query = `terms:${input.UserPoolId}`;
    const page = await deps.store.terms.list(input.UserPoolId, input.MaxResults ?? 60, decodePageToken(input.NextToken, query, TermsId));
    return {
      // TermsDescriptionType: the summary of each.
      Terms: page.items.map((t) => ({
        TermsId: t.id, TermsName: t.name, Enforcement: t.enforcement,
        CreationDate: toEpochSeconds(t.createdAt), LastModifiedDate: toEpochSeconds(t.updatedAt),
      })),
      ...(page.next && { NextToken: encodePageToken(query, page.next) }),
    };
  },
});

export const termsOperations = [CreateTerms, DescribeTerms, DescribeTermsByClient, UpdateTerms, DeleteTerms, ListTerms];
