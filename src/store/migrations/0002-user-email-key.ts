import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// users.email_key: the email lower-cased (JavaScript toLowerCase, the same as usernames), indexed
// like the other searchable columns, so ListUsers can match emails case-insensitively in
// case-insensitive pools with an index range scan.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_key', 'text').execute();
  await db.schema.createIndex('users_by_email_key').on('users').columns(['pool_id', 'email_key', 'sub']).execute();
  // Backfill in JavaScript rather than SQL lower(): SQLite's lower() only folds ASCII.
  const rows = await db.selectFrom('users').select(['sub', 'email']).where('email', 'is not', null).execute();
  for (const row of rows) {
    await db.updateTable('users').set({ email_key: String(row.email).toLowerCase() }).where('sub', '=', row.sub).execute();
  }
}
