import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// User sessions as Cognito lists them, refresh-token rotation, and session configuration.
// - auth_sessions.session_id: Cognito's SessionId ("tkn" + 25 lowercase letters and digits),
//   derived from the origin_jti (a UUID) so rows written before this migration get the same id
//   the domain would give them; last_active_at / last_ip / device_type describe the latest use.
// - refresh_tokens.rotated_at: when a rotation replaced the token (valid for the client's grace
//   period after that, reuse afterwards ends the session).
// - session_configurations: Set/GetUserPoolSessionConfiguration (client_id '') and
//   Set/GetUserPoolClientSessionConfiguration (client_id = the client), as JSON.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('auth_sessions').addColumn('session_id', 'text').execute();
  await db.schema.alterTable('auth_sessions').addColumn('last_active_at', 'bigint').execute();
  await db.schema.alterTable('auth_sessions').addColumn('last_ip', 'text').execute();
  await db.schema.alterTable('auth_sessions').addColumn('device_type', 'text').execute();
  // The same derivation as domain/user-sessions.ts tokenSessionId(), in SQL both engines share.
  await sql`update auth_sessions set session_id = 'tkn' || lower(substr(replace(origin_jti, '-', ''), 1, 25)), last_active_at = created_at`.execute(db);
  await db.schema.createIndex('auth_sessions_session_id').on('auth_sessions').column('session_id').unique().execute();
  await db.schema.alterTable('refresh_tokens').addColumn('rotated_at', 'bigint').execute();
  await db.schema
    .createTable('session_configurations')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_configurations_pk', ['pool_id', 'client_id'])
    .execute();
}
