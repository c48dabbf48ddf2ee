import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Managed login: an app client's terms documents (CreateTerms: at most one per TermsName) and its
// branding style (CreateManagedLoginBranding: at most one per client).
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('terms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('enforcement', 'text', (c) => c.notNull())
    // JSON object: language key (cognito:default, cognito:french …) to URL.
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('terms_client_name', ['pool_id', 'client_id', 'name'])
    .execute();
  await db.schema
    .createTable('managed_login_brandings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    // 0 or 1.
    .addColumn('use_cognito_provided_values', 'integer', (c) => c.notNull())
    // The Settings document as given (JSON), or null.
    .addColumn('settings', 'text')
    // JSON array of assets: category, color mode, extension, resource id and the bytes in base64.
    .addColumn('assets', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('managed_login_brandings_client', ['pool_id', 'client_id'])
    .execute();
}
