// CreateUserPoolReplica, DeleteUserPoolReplica, ListUserPoolReplicas, UpdateUserPoolReplica:
// Gatehouse keeps a pool in one store and has no regions to replicate it to, so every replica
// operation answers OperationNotEnabledException, the error Cognito itself models on each of them
// for "an operation that is not available in the current region or for the current user pool
// configuration". It is a 400 with a message that says so plainly: a caller cannot mistake it for
// a transient fault (a 5xx would invite retries) or for a bad request it could fix. The pool is
// looked up first, so an unknown pool is still ResourceNotFoundException.
import { Type } from '@sinclair/typebox';
import { defineOperation, type Operation } from './define.js';
import { NextToken, UserPoolId } from '../cognito/shapes.js';
import { OperationNotEnabledException } from '../cognito/errors.js';
import { requirePool } from '../domain/pools.js';

const RegionName = Type.String({ minLength: 1, maxLength: 32 });

function replicaOperation(name: string, members: Parameters<typeof Type.Object>[0]): Operation {
  return defineOperation({
    name,
    auth: 'admin',
    input: Type.Object({ UserPoolId, ...members }),
    async handler(input: { UserPoolId: string }, { deps }) {
      await requirePool(deps.store, input.UserPoolId);
      throw new OperationNotEnabledException(`${name} is not supported: Gatehouse does not replicate user pools to other regions.`);
    },
  });
}

export const replicaOperations = [
  replicaOperation('CreateUserPoolReplica', {
    RegionName,
    UserPoolTags: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 128 }), Type.String({ maxLength: 256 }))),
  }),
  replicaOperation('DeleteUserPoolReplica', { RegionName }),
  replicaOperation('ListUserPoolReplicas', { NextToken: Type.Optional(NextToken) }),
  replicaOperation('UpdateUserPoolReplica', { RegionName, Status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('INACTIVE')]) }),
];
