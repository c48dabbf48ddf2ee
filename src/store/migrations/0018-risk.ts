import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Threat protection and log delivery: every sign-in event of a user (AdminListUserAuthEvents, and
// the history the risk signals read), the risk configurations of a pool and its clients, and the
// pool's log delivery configuration.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('auth_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('event_response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('risk_decision', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text')
    .addColumn('compromised', 'integer', (c) => c.notNull())
    // JSON array of { ChallengeName, ChallengeResponse }.
    .addColumn('challenges', 'text', (c) => c.notNull())
    .addColumn('ip_address', 'text', (c) => c.notNull())
    .addColumn('device_key', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('feedback_value', 'text')
    .addColumn('feedback_provider', 'text')
    .addColumn('feedback_at', 'bigint')
    // SHA-256 of the token a notification email carried (UpdateAuthEventFeedback).
    .addColumn('feedback_token_hash', 'text')
    .execute();
  await db.schema.createIndex('auth_events_user').on('auth_events').columns(['sub', 'created_at']).execute();
  // Password spraying: failures from one address across users.
  await db.schema.createIndex('auth_events_address').on('auth_events').columns(['pool_id', 'ip_address', 'created_at']).execute();

  await db.schema
    .createTable('risk_configurations')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    // '' for the pool's own configuration.
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('risk_configurations_pk', ['pool_id', 'client_id'])
    .execute();

  await db.schema
    .createTable('log_delivery_configurations')
    .addColumn('pool_id', 'text', (c) => c.primaryKey())
    // JSON array of LogConfigurationType.
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
