// store.hostedSessions on Kysely (store.ts states the contract).
import type { Selectable } from 'kysely';
import { translateConflict } from '../errors.js';
import type { HostedSessionsTable } from '../schema.js';
import type { HostedSessionRecord, Store } from '../store.js';
import { page, type Engine } from './engine.js';
import { activityPatch } from './auth-sessions.js';

const toHostedSession = (r: Selectable<HostedSessionsTable>): HostedSessionRecord => ({
  idHash: r.id_hash, poolId: r.pool_id, sub: r.sub, authTime: Number(r.auth_time),
  createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
  sessionId: r.session_id ?? null, clientId: r.client_id ?? null,
  lastActiveAt: r.last_active_at === null || r.last_active_at === undefined ? null : Number(r.last_active_at),
  lastIp: r.last_ip ?? null, deviceType: r.device_type ?? null,
});

export function hostedSessionsRepository(engine: Engine): Store['hostedSessions'] {
  return {
    insert: async (s) => {
      await engine.db
        .insertInto('hosted_sessions')
        .values({
          id_hash: s.idHash, pool_id: s.poolId, sub: s.sub, auth_time: s.authTime, created_at: s.createdAt, expires_at: s.expiresAt,
          session_id: s.sessionId ?? null, client_id: s.clientId ?? null, last_active_at: s.lastActiveAt ?? s.createdAt,
          last_ip: s.lastIp ?? null, device_type: s.deviceType ?? null,
        })
        .execute()
        .catch((e) => translateConflict(e, 'hosted_sessions'));
    },
    find: async (hash) => {
      const r = await engine.db.selectFrom('hosted_sessions').selectAll().where('id_hash', '=', hash).executeTakeFirst();
      return r && toHostedSession(r);
    },
    delete: async (hash) => {
      await engine.db.deleteFrom('hosted_sessions').where('id_hash', '=', hash).execute();
    },
    deleteExpired: async (before) => {
      await engine.db.deleteFrom('hosted_sessions').where('expires_at', '<', before).execute();
    },
    findBySessionId: async (sessionId) => {
      const r = await engine.db.selectFrom('hosted_sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
      return r && toHostedSession(r);
    },
    listActiveForUser: async (sub, now, limit, afterSessionId) => {
      let q = engine.db.selectFrom('hosted_sessions').selectAll()
        .where('sub', '=', sub).where('expires_at', '>', now).where('session_id', 'is not', null)
        .orderBy('session_id').limit(limit + 1);
      if (afterSessionId !== undefined) q = q.where('session_id', '>', afterSessionId);
      return page((await q.execute()).map(toHostedSession), limit, (s) => s.sessionId!);
    },
    touch: async (hash, at, client = {}) => {
      await engine.db.updateTable('hosted_sessions').set(activityPatch(at, client)).where('id_hash', '=', hash).execute();
    },
  };
}
