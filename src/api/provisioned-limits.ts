// GetProvisionedLimit, UpdateProvisionedLimit: the request-rate quotas, per category (and per pool).
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { getProvisionedLimit, updateProvisionedLimit } from '../domain/quotas/provisioned-limits.js';

const LimitDefinition = Type.Object({
  LimitClass: Type.String({ minLength: 1 }),
  Attributes: Type.Record(Type.String(), Type.String({ maxLength: 256 }), { maxProperties: 10 }),
});

export const GetProvisionedLimit = defineOperation({
  name: 'GetProvisionedLimit',
  auth: 'admin',
  input: Type.Object({ LimitDefinition }),
  handler: async (input, { deps }) => ({ Limit: await getProvisionedLimit(deps, input.LimitDefinition) }),
});

export const UpdateProvisionedLimit = defineOperation({
  name: 'UpdateProvisionedLimit',
  auth: 'admin',
  input: Type.Object({ LimitDefinition, RequestedLimitValue: Type.Integer() }),
  handler: async (input, { deps }) => ({ Limit: await updateProvisionedLimit(deps, input.LimitDefinition, input.RequestedLimitValue) }),
});

export const provisionedLimitOperations = [GetProvisionedLimit, UpdateProvisionedLimit];
