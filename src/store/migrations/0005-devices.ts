import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Device tracking: a device key is issued to a user at sign-in (NewDeviceMetadata, verifier
// still null); ConfirmDevice stores its SRP salt and verifier (sealed); `remembered` follows
// UpdateDeviceStatus or the pool's DeviceOnlyRememberedOnUserPrompt.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('device_key', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('verifier_sealed', 'text')
    .addColumn('name', 'text')
    .addColumn('remembered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_ip', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_authenticated_at', 'bigint')
    .execute();
  await db.schema.createIndex('devices_sub').on('devices').columns(['sub', 'device_key']).execute();
  await db.schema.createIndex('devices_pool').on('devices').columns(['pool_id']).execute();
}
