// store.authEvents, store.riskConfigurations and store.logDeliveryConfigurations on Kysely (store.ts states the contract).
import type { Selectable } from 'kysely';
import type { AuthEventRecord, Store } from '../store.js';
import type { AuthEventsTable } from '../schema.js';
import type { Engine } from './engine.js';

function toRecord(r: Selectable<AuthEventsTable>): AuthEventRecord {
  return {
    eventId: r.event_id, poolId: r.pool_id, sub: r.sub, clientId: r.client_id, eventType: r.event_type,
    eventResponse: r.event_response as AuthEventRecord['eventResponse'], createdAt: Number(r.created_at),
    riskDecision: r.risk_decision as AuthEventRecord['riskDecision'], riskLevel: r.risk_level as AuthEventRecord['riskLevel'],
    compromised: Number(r.compromised) === 1, challenges: JSON.parse(r.challenges), ipAddress: r.ip_address,
    deviceKey: r.device_key, userAgent: r.user_agent,
    feedback: r.feedback_value ? { value: r.feedback_value, provider: r.feedback_provider ?? '', at: Number(r.feedback_at) } : null,
    feedbackTokenHash: r.feedback_token_hash,
  };
}

export function authEventsRepository(engine: Engine): Store['authEvents'] {
  return {
    insert: async (e) => {
      await engine.db.insertInto('auth_events').values({
        event_id: e.eventId, pool_id: e.poolId, sub: e.sub, client_id: e.clientId, event_type: e.eventType, event_response: e.eventResponse,
        created_at: e.createdAt, risk_decision: e.riskDecision, risk_level: e.riskLevel, compromised: e.compromised ? 1 : 0,
        challenges: JSON.stringify(e.challenges), ip_address: e.ipAddress, device_key: e.deviceKey, user_agent: e.userAgent,
        feedback_value: e.feedback?.value ?? null, feedback_provider: e.feedback?.provider ?? null, feedback_at: e.feedback?.at ?? null,
        feedback_token_hash: e.feedbackTokenHash,
      }).execute();
    },
    find: async (eventId) => {
      const r = await engine.db.selectFrom('auth_events').selectAll().where('event_id', '=', eventId).executeTakeFirst();
      return r && toRecord(r);
    },
    update: async (eventId, patch) => {
      const values = {
        ...(patch.eventResponse !== undefined && { event_response: patch.eventResponse }),
        ...(patch.challenges !== undefined && { challenges: JSON.stringify(patch.challenges) }),
        ...(patch.riskDecision !== undefined && { risk_decision: patch.riskDecision }),
        ...(patch.riskLevel !== undefined && { risk_level: patch.riskLevel }),
        ...(patch.feedbackTokenHash !== undefined && { feedback_token_hash: patch.feedbackTokenHash }),
        ...(patch.feedback !== undefined && {
          feedback_value: patch.feedback?.value ?? null, feedback_provider: patch.feedback?.provider ?? null, feedback_at: patch.feedback?.at ?? null,
        }),
      };
      if (Object.keys(values).length === 0) return;
      await engine.db.updateTable('auth_events').set(values).where('event_id', '=', eventId).execute();
    },
    listForUser: async (sub, limit, before) => {
      let q = engine.db.selectFrom('auth_events').selectAll().where('sub', '=', sub)
        .orderBy('created_at', 'desc').orderBy('event_id', 'desc').limit(limit);
      if (before) {
        q = q.where((eb) => eb.or([
          eb('created_at', '<', before.createdAt),
          eb.and([eb('created_at', '=', before.createdAt), eb('event_id', '<', before.eventId)]),
        ]));
      }
      return (await q.execute()).map(toRecord);
    },
    hasPassed: async (sub, match) => {
      // Feedback overrules the outcome: Valid makes an event the user's, Invalid takes it back.
      // The risk signals learn from sign-ins only, not from sign-ups, resets and resent codes.
      let q = engine.db.selectFrom('auth_events').select('event_id').where('sub', '=', sub).where('event_type', '=', 'SignIn').where((eb) => eb.or([
        eb('feedback_value', '=', 'Valid'),
        eb.and([eb('event_response', '=', 'Pass'), eb.or([eb('feedback_value', 'is', null), eb('feedback_value', '!=', 'Invalid')])]),
      ]));
      if (match.ipAddress !== undefined) q = q.where('ip_address', '=', match.ipAddress);
      if (match.deviceKey !== undefined) q = q.where('device_key', '=', match.deviceKey);
      if (match.userAgent !== undefined) q = q.where('user_agent', '=', match.userAgent);
      return (await q.limit(1).executeTakeFirst()) !== undefined;
    },
    countFailedUsersFrom: async (poolId, ipAddress, since) => {
      const r = await engine.db.selectFrom('auth_events')
        .select((eb) => eb.fn.count<number>('sub').distinct().as('users'))
        .where('pool_id', '=', poolId).where('ip_address', '=', ipAddress).where('created_at', '>=', since).where('event_response', '=', 'Fail')
        .where('event_type', '=', 'SignIn')
        .executeTakeFirst();
      return Number(r?.users ?? 0);
    },
  };
}

export function riskConfigurationsRepository(engine: Engine): Store['riskConfigurations'] {
  return {
    put: async (poolId, clientId, config, updatedAt) => {
      await engine.db.insertInto('risk_configurations')
        .values({ pool_id: poolId, client_id: clientId, config: JSON.stringify(config), updated_at: updatedAt })
        .onConflict((oc) => oc.columns(['pool_id', 'client_id']).doUpdateSet({ config: JSON.stringify(config), updated_at: updatedAt }))
        .execute();
    },
    find: async (poolId, clientId) => {
      const r = await engine.db.selectFrom('risk_configurations').selectAll().where('pool_id', '=', poolId).where('client_id', '=', clientId).executeTakeFirst();
      return r && { config: JSON.parse(r.config), updatedAt: Number(r.updated_at) };
    },
  };
}

export function logDeliveryConfigurationsRepository(engine: Engine): Store['logDeliveryConfigurations'] {
  return {
    put: async (poolId, config, updatedAt) => {
      await engine.db.insertInto('log_delivery_configurations')
        .values({ pool_id: poolId, config: JSON.stringify(config), updated_at: updatedAt })
        .onConflict((oc) => oc.column('pool_id').doUpdateSet({ config: JSON.stringify(config), updated_at: updatedAt }))
        .execute();
    },
    find: async (poolId) => {
      const r = await engine.db.selectFrom('log_delivery_configurations').select('config').where('pool_id', '=', poolId).executeTakeFirst();
      return r && JSON.parse(r.config);
    },
  };
}
