// ListUsers.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { InvalidParameterException } from './errors.js';
import { ListLimit, UserPoolId } from './shapes.js';
import { decodePageToken, encodePageToken } from './pagination.js';
import { parseUserFilter } from './list-users-filter.js';
import { requirePool, schemaOf } from '../domain/pools.js';
import { userType } from '../domain/users.js';
import { listUsers, toUserCondition } from '../domain/list-users.js';

const DEFAULT_LIMIT = 60;
const UserCursor = Type.Object({ sub: Type.String({ minLength: 1, maxLength: 128 }), value: Type.Optional(Type.String({ maxLength: 2048 })) }, { additionalProperties: false });

export const ListUsers = defineOperation({
  name: 'ListUsers',
  auth: 'admin',
  input: Type.Object({
    UserPoolId,
    AttributesToGet: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 100 })),
    Limit: Type.Optional(ListLimit(60)),
    PaginationToken: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    Filter: Type.Optional(Type.String({ maxLength: 256 })),
  }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const where = toUserCondition(pool, parseUserFilter(input.Filter));
    // A token only resumes the query it came from: same pool, same filter.
    const query = JSON.stringify([pool.id, input.Filter?.trim() ?? '']);
    const after = decodePageToken(input.PaginationToken, query, UserCursor);
    let only: ((name: string) => boolean) | undefined;
    if (input.AttributesToGet && input.AttributesToGet.length > 0) {
      const known = new Set(schemaOf(pool).map((a) => a.Name));
      for (const name of input.AttributesToGet) {
        if (!known.has(name) && name !== 'email_verified' && name !== 'phone_number_verified') {
          throw new InvalidParameterException(`One or more requested attributes do not exist: ${name}`);
        }
      }
      const wanted = new Set(input.AttributesToGet);
      only = (name) => wanted.has(name);
    }
    // Cognito: Limit 0 is read as "no limit given".
    const limit = input.Limit || DEFAULT_LIMIT;
    const { users, next } = await listUsers(deps, pool, where, limit, after);
    return {
      Users: users.map((user) => userType(user, only)),
      ...(next && { PaginationToken: encodePageToken(query, next) }),
    };
  },
});

export const listUsersOperations = [ListUsers];
