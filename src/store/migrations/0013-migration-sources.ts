import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// A pool moved in from Cognito (or anything speaking its API) keeps where it came from: a password
// sign-in of a user with no password here yet is checked against that source pool.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('migration_sources')
    .addColumn('pool_id', 'text', (c) => c.primaryKey())
    .addColumn('source_pool_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text')
    .addColumn('client_id', 'text', (c) => c.notNull())
    // JSON {clientSecret?, credentials?} sealed with the key-encryption key.
    .addColumn('secrets_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
