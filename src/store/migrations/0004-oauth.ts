import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// The OAuth endpoints and the Hosted UI: authorization codes (stored as SHA-256, single use) and
// Hosted UI sign-in sessions (the `cognito` cookie's id, stored as SHA-256), and the Hosted UI's
// look per pool ('ALL') or per app client (SetUICustomization).
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('authorization_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('code_challenge', 'text')
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .addColumn('issued_origin_jti', 'text')
    .execute();
  await db.schema.createIndex('authorization_codes_sub').on('authorization_codes').columns(['sub']).execute();
  await db.schema.createIndex('authorization_codes_pool').on('authorization_codes').columns(['pool_id']).execute();
  await db.schema.createIndex('authorization_codes_expiry').on('authorization_codes').columns(['expires_at']).execute();

  await db.schema
    .createTable('hosted_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hosted_sessions_sub').on('hosted_sessions').columns(['sub']).execute();
  await db.schema.createIndex('hosted_sessions_pool').on('hosted_sessions').columns(['pool_id']).execute();
  await db.schema.createIndex('hosted_sessions_expiry').on('hosted_sessions').columns(['expires_at']).execute();

  await db.schema
    .createTable('ui_customizations')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('css', 'text')
    .addColumn('image_base64', 'text')
    .addColumn('image_type', 'text')
    .addColumn('css_version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ui_customizations_pk', ['pool_id', 'client_id'])
    .execute();
}
