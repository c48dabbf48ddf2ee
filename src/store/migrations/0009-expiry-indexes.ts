import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Rows that are only needed until they expire, and were kept forever: single-use markers (SRP
// secret blocks, challenge sessions, TOTP steps), sign-in sessions and refresh tokens. Indexes to
// purge them by expiry (expiry grows with time, so these inserts land at the index's right edge).
// And refresh_tokens_origin goes: no query reads refresh tokens by origin_jti, and every sign-in
// paid a random B-tree insert for it.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex('consumed_expiry').on('consumed').columns(['expires_at']).execute();
  await db.schema.createIndex('auth_sessions_expiry').on('auth_sessions').columns(['expires_at']).execute();
  await db.schema.createIndex('refresh_tokens_expiry').on('refresh_tokens').columns(['expires_at']).execute();
  await db.schema.dropIndex('refresh_tokens_origin').execute();
}
