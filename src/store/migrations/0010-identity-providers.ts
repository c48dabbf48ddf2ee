import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Federation: a pool's identity providers (OIDC, SAML, social), the federated identities that sign
// users in (provider + the provider's subject → one user of the pool; a linked local user holds
// several), and each pool's SAML service-provider signing certificate (GetSigningCertificate).
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    // ProviderDetails (secrets sealed inside by the domain), AttributeMapping, IdpIdentifiers: JSON.
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('attribute_mapping', 'text', (c) => c.notNull())
    .addColumn('idp_identifiers', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_providers_pk', ['pool_id', 'name'])
    .execute();

  await db.schema
    .createTable('user_identities')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    // The provider's own id of the user (OIDC sub, SAML NameID, Facebook id, …), as it sent it.
    .addColumn('provider_user_id', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identities_pk', ['pool_id', 'provider_name', 'provider_user_id'])
    .execute();
  await db.schema.createIndex('user_identities_sub').on('user_identities').columns(['sub']).execute();

  await db.schema
    .createTable('sp_certificates')
    .addColumn('pool_id', 'text', (c) => c.primaryKey())
    .addColumn('certificate', 'text', (c) => c.notNull())
    .addColumn('private_key_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
