// CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools, AddCustomAttributes.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { UserPoolId, NextToken } from '../cognito/shapes.js';
import { CreateUserPoolInput, PoolSettings, SchemaInput } from '../cognito/user-pool-shapes.js';
import { NameCursor, decodePageToken, encodePageToken } from './pagination.js';
import { addCustomAttributes, createPool, deletePool, describePool, requirePool, toEpochSeconds, updatePool } from '../domain/pools.js';

export const CreateUserPool = defineOperation({
  name: 'CreateUserPool',
  auth: 'admin',
  input: CreateUserPoolInput,
  async handler(input, { deps }) {
    const pool = await createPool(deps, input);
    return { UserPool: await describePool(deps, pool) };
  },
});

export const DescribeUserPool = defineOperation({
  name: 'DescribeUserPool',
  auth: 'admin',
  input: Type.Object({ UserPoolId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { UserPool: await describePool(deps, pool) };
  },
});

export const UpdateUserPool = defineOperation({
  name: 'UpdateUserPool',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ...PoolSettings }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    await updatePool(deps, pool, input);
    return {};
  },
});

export const DeleteUserPool = defineOperation({
  name: 'DeleteUserPool',
  auth: 'admin',
  input: Type.Object({ UserPoolId }),
  async handler(input, { deps }) {
    await deletePool(deps, await requirePool(deps.store, input.UserPoolId));
    return {};
  },
});

export const ListUserPools = defineOperation({
  name: 'ListUserPools',
  auth: 'admin',
  input: Type.Object({ MaxResults: Type.Integer({ minimum: 1, maximum: 60 }), NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    const after = decodePageToken(input.NextToken, 'pools', NameCursor);
    const page = await deps.store.pools.list(input.MaxResults, after);
    return {
      UserPools: page.items.map((p) => ({
        Id: p.id,
        Name: p.name,
        LambdaConfig: p.config.LambdaConfig ?? {},
        LastModifiedDate: toEpochSeconds(p.updatedAt),
        CreationDate: toEpochSeconds(p.createdAt),
      })),
      ...(page.next && { NextToken: encodePageToken('pools', page.next) }),
    };
  },
});

export const AddCustomAttributes = defineOperation({
  name: 'AddCustomAttributes',
  auth: 'admin',
  input: Type.Object({ UserPoolId, CustomAttributes: Type.Array(SchemaInput, { minItems: 1, maxItems: 25 }) }),
  async handler(input, { deps }) {
    await addCustomAttributes(deps, await requirePool(deps.store, input.UserPoolId), input.CustomAttributes);
    return {};
  },
});

export const userPoolOperations = [CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools, AddCustomAttributes];
