import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Request-rate quotas: the rates set by UpdateProvisionedLimit (scope '' is account-wide, else a
// pool id), and the processes sharing the rates (each reports itself every few seconds).
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('provisioned_limits')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('provisioned_limits_pk', ['scope', 'category'])
    .execute();
  await db.schema
    .createTable('quota_processes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .execute();
}
