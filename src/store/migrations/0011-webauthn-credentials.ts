import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Passkeys: the WebAuthn credentials a pool's users registered. A credential is bound to one user
// of one pool; the same authenticator may hold a separate credential in another pool.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('webauthn_credentials')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    // base64url, as the browser reports it (rawId).
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    // The COSE public key, base64url.
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', 'bigint', (c) => c.notNull())
    // JSON array of AuthenticatorTransport strings.
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('attachment', 'text')
    .addColumn('friendly_name', 'text')
    .addColumn('relying_party_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('webauthn_credentials_pk', ['pool_id', 'credential_id'])
    .execute();
  await db.schema.createIndex('webauthn_credentials_sub').on('webauthn_credentials').columns(['sub', 'created_at']).execute();
}
