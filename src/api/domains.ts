// CreateUserPoolDomain, DescribeUserPoolDomain, UpdateUserPoolDomain, DeleteUserPoolDomain.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { UserPoolId } from '../cognito/shapes.js';
import { requirePool } from '../domain/pools.js';
import { createDomain, describeDomain, domainResult, requirePoolDomain, updateDomain } from '../domain/domains.js';

// The SDK model says 1–63 (a prefix); custom domains are full host names, checked in domain/domains.ts.
const Domain = Type.String({ minLength: 1, maxLength: 253 });
const Settings = {
  ManagedLoginVersion: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 })),
  CustomDomainConfig: Type.Optional(Type.Object({
    CertificateArn: Type.String({
      minLength: 20, maxLength: 2048,
      pattern: '^arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?$',
    }),
    SecurityPolicy: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  })),
  Routing: Type.Optional(Type.Object({})),
};

export const CreateUserPoolDomain = defineOperation({
  name: 'CreateUserPoolDomain',
  auth: 'admin',
  input: Type.Object({ Domain, UserPoolId, ...Settings }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return domainResult(deps, await createDomain(deps, pool, input));
  },
});

/** Cognito answers an unknown domain with an empty DomainDescription, not an error. */
export const DescribeUserPoolDomain = defineOperation({
  name: 'DescribeUserPoolDomain',
  auth: 'admin',
  input: Type.Object({ Domain }),
  async handler(input, { deps }) {
    const record = await deps.store.domains.find(input.Domain);
    return { DomainDescription: record ? describeDomain(deps, record) : {} };
  },
});

export const UpdateUserPoolDomain = defineOperation({
  name: 'UpdateUserPoolDomain',
  auth: 'admin',
  input: Type.Object({ Domain, UserPoolId, ...Settings }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const record = await requirePoolDomain(deps, pool, input.Domain);
    return domainResult(deps, await updateDomain(deps, record, input));
  },
});

export const DeleteUserPoolDomain = defineOperation({
  name: 'DeleteUserPoolDomain',
  auth: 'admin',
  input: Type.Object({ Domain, UserPoolId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const record = await requirePoolDomain(deps, pool, input.Domain);
    await deps.store.domains.delete(record.domain);
    return {};
  },
});

export const domainOperations = [CreateUserPoolDomain, DescribeUserPoolDomain, UpdateUserPoolDomain, DeleteUserPoolDomain];
