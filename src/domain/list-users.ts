// ListUsers: a parsed Filter mapped onto the store's indexed columns, honouring the pool's case
// sensitivity, with resumable pages in the store's order (by sub, or by (column, sub) for `^=`).
// - username: matched on username_key (lower-cased) when the pool is case-insensitive;
// - email: matched on email_key (lower-cased) when the pool is case-insensitive, since the
//   pool then treats emails as the same sign-in identifier whatever their case;
// - every other attribute, and cognito:user_status, match exactly (case-sensitive).
import type { PoolRecord, UserQuery, UserRecord, UserSearchColumn } from '../store/store.js';
import type { Deps } from './deps.js';
import type { UserFilter } from './list-users-filter.js';
import { isCaseSensitive } from './pools.js';

export type UserCondition = NonNullable<UserQuery['where']>;
export type PageCursor = NonNullable<UserQuery['after']>;

export function toUserCondition(pool: PoolRecord, filter: UserFilter | undefined): UserCondition | undefined {
  if (!filter) return undefined;
  if (filter.attribute === 'status') return { column: 'enabled', op: '=', value: filter.value };
  const folded = !isCaseSensitive(pool);
  let column: UserSearchColumn;
  let value = filter.value;
  switch (filter.attribute) {
    case 'cognito:user_status': column = 'status'; break;
    case 'username': column = folded ? 'username_key' : 'username'; break;
    case 'email': column = folded ? 'email_key' : 'email'; break;
    default: column = filter.attribute;
  }
  if (column === 'username_key' || column === 'email_key') value = value.toLowerCase();
  return { column, op: filter.op, value };
}

/** The value of the filtered column for a user, where a `^=` page resumes. */
function columnValue(user: UserRecord, column: UserSearchColumn): string {
  switch (column) {
    case 'username': return user.username;
    case 'username_key': return user.usernameKey;
    case 'email_key': return (user.attributes.email ?? '').toLowerCase();
    case 'status': return user.status;
    case 'sub': return user.sub;
    default: return user.attributes[column] ?? '';
  }
}

export async function listUsers(deps: Deps, pool: PoolRecord, where: UserCondition | undefined, limit: number, after: PageCursor | undefined): Promise<{ users: UserRecord[]; next?: PageCursor }> {
  const rows = await deps.store.users.list({ poolId: pool.id, where, limit: limit + 1, after });
  if (rows.length <= limit) return { users: rows };
  const users = rows.slice(0, limit);
  const last = users[users.length - 1];
  const next: PageCursor = where && where.column !== 'enabled' && where.op === '^='
    ? { value: columnValue(last, where.column), sub: last.sub }
    : { sub: last.sub };
  return { users, next };
}
