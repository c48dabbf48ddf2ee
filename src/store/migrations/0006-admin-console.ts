import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// The admin console: its sign-in sessions (the cookie's random id is stored only as SHA-256, with
// an idle and an absolute expiry, so every process of a shared database sees a sign-out), and the
// audit log of changes made through the console or by admin-signed API calls.
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('admin_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_sessions_expiry').on('admin_sessions').columns(['expires_at']).execute();

  await db.schema
    .createTable('audit_log')
    // Dialect difference: an auto-numbered key is AUTOINCREMENT in SQLite, an identity column in PostgreSQL.
    .addColumn('id', dialect === 'sqlite' ? 'integer' : sql`bigint`, (c) =>
      dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('pool_id', 'text')
    .addColumn('target', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_pool').on('audit_log').columns(['pool_id', 'id']).execute();
}
