import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// The device a sign-in was made with (its tokens carry device_key; a refresh must name it), and an
// index for purging a user's device keys never confirmed.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('auth_sessions').addColumn('device_key', 'text').execute();
  await db.schema.createIndex('devices_sub_created').on('devices').columns(['sub', 'created_at']).execute();
}
