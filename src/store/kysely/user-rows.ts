// How users rows and UserRecords map to each other (users and groups read them).
import type { Selectable } from 'kysely';
import type { UsersTable } from '../schema.js';
import type { UserRecord, UserPatch } from '../store.js';

/** The attributes copied into their own indexed columns for ListUsers. */
export const SEARCHABLE = ['email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username'] as const;

/**
 * The users columns a UserRecord is built from. Lookups select these rather than `*`: the indexed
 * copies of the searchable attributes (SEARCHABLE, email_key) would be read and turned into
 * strings on every lookup for nothing (≈ 5 µs of a 20 µs lookup).
 */
const USER_COLUMNS = [
  'sub', 'pool_id', 'username', 'username_key', 'status', 'enabled', 'password_hash', 'srp_sealed', 'attributes', 'mfa',
  'failed_attempts', 'last_failed_at', 'locked_until', 'password_expires_at', 'created_at', 'updated_at',
] as const;
export const USERS_RECORD = USER_COLUMNS.map((c) => `users.${c}` as const);
export type UserRow = Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]>;

export const toUser = (row: UserRow): UserRecord => ({
  sub: row.sub,
  poolId: row.pool_id,
  username: row.username,
  usernameKey: row.username_key,
  status: row.status,
  enabled: Number(row.enabled) === 1,
  passwordHash: row.password_hash,
  srpSealed: row.srp_sealed,
  attributes: JSON.parse(row.attributes),
  mfa: JSON.parse(row.mfa),
  failedAttempts: Number(row.failed_attempts),
  lastFailedAt: row.last_failed_at === null ? null : Number(row.last_failed_at),
  lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
  passwordExpiresAt: row.password_expires_at === null ? null : Number(row.password_expires_at),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export function userColumns(patch: UserPatch): Partial<UsersTable> {
  const row: Partial<UsersTable> = {};
  if (patch.username !== undefined) row.username = patch.username;
  if (patch.usernameKey !== undefined) row.username_key = patch.usernameKey;
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.enabled !== undefined) row.enabled = patch.enabled ? 1 : 0;
  if (patch.passwordHash !== undefined) row.password_hash = patch.passwordHash;
  if (patch.srpSealed !== undefined) row.srp_sealed = patch.srpSealed;
  if (patch.attributes !== undefined) {
    row.attributes = JSON.stringify(patch.attributes);
    for (const name of SEARCHABLE) row[name] = patch.attributes[name] ?? null;
    row.email_key = patch.attributes.email?.toLowerCase() ?? null;
  }
  if (patch.mfa !== undefined) row.mfa = JSON.stringify(patch.mfa);
  if (patch.failedAttempts !== undefined) row.failed_attempts = patch.failedAttempts;
  if (patch.lastFailedAt !== undefined) row.last_failed_at = patch.lastFailedAt;
  if (patch.lockedUntil !== undefined) row.locked_until = patch.lockedUntil;
  if (patch.passwordExpiresAt !== undefined) row.password_expires_at = patch.passwordExpiresAt;
  if (patch.updatedAt !== undefined) row.updated_at = patch.updatedAt;
  return row;
}
