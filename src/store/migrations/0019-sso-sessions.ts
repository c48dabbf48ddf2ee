import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Hosted UI (SSO) sessions as Cognito lists them, and the token sessions that came through one.
// - hosted_sessions.session_id: Cognito's SessionId ("sso" + 25 lowercase letters and digits);
//   rows written before this migration get one derived from their id hash (itself a SHA-256, so
//   the cookie stays unknowable). client_id: the app client the browser signed in through;
//   last_active_at / last_ip / device_type: the latest sign-in or silent reuse, and where from.
// - authorization_codes.origin_session_id and auth_sessions.origin_session_id: the SSO session a
//   code, and the token session it opens, came through (OriginSessionId; RevokeAssociatedSessions).
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('hosted_sessions').addColumn('session_id', 'text').execute();
  await db.schema.alterTable('hosted_sessions').addColumn('client_id', 'text').execute();
  await db.schema.alterTable('hosted_sessions').addColumn('last_active_at', 'bigint').execute();
  await db.schema.alterTable('hosted_sessions').addColumn('last_ip', 'text').execute();
  await db.schema.alterTable('hosted_sessions').addColumn('device_type', 'text').execute();
  await sql`update hosted_sessions set session_id = 'sso' || substr(id_hash, 1, 25), last_active_at = created_at`.execute(db);
  await db.schema.createIndex('hosted_sessions_session_id').on('hosted_sessions').column('session_id').unique().execute();
  await db.schema.alterTable('authorization_codes').addColumn('origin_session_id', 'text').execute();
  await db.schema.alterTable('auth_sessions').addColumn('origin_session_id', 'text').execute();
  await db.schema.createIndex('auth_sessions_origin_session_id').on('auth_sessions').column('origin_session_id').execute();
}
