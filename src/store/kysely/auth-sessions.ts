// store.authSessions on Kysely (store.ts states the contract).
import type { Selectable } from 'kysely';
import type { AuthSessionsTable } from '../schema.js';
import type { AuthSessionRecord, Store } from '../store.js';
import { page, slot, type Engine } from './engine.js';

export const toAuthSession = (r: Selectable<AuthSessionsTable>): AuthSessionRecord => ({
  originJti: r.origin_jti, poolId: r.pool_id, sub: r.sub, clientId: r.client_id, authTime: Number(r.auth_time),
  createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  deviceKey: r.device_key ?? null,
  sessionId: r.session_id ?? null,
  lastActiveAt: r.last_active_at === null || r.last_active_at === undefined ? null : Number(r.last_active_at),
  lastIp: r.last_ip ?? null,
  deviceType: r.device_type ?? null,
  originSessionId: r.origin_session_id ?? null,
});

/** The columns a session's use sets: when, and from where and what device when known (token and SSO sessions alike). */
export const activityPatch = (at: number, client: { lastIp?: string; deviceType?: string }) => ({
  last_active_at: at,
  ...(client.lastIp !== undefined && { last_ip: client.lastIp }),
  ...(client.deviceType !== undefined && { device_type: client.deviceType }),
});

export function authSessionsRepository(engine: Engine): Store['authSessions'] {
  return {
    // One per sign-in: precompiled like the hot lookups.
    insert: async (s) => {
      await engine.preparedWrite('authSessions.insert', (db) => db.insertInto('auth_sessions').values({
        origin_jti: slot(0), pool_id: slot(1), sub: slot(2), client_id: slot(3), auth_time: slot(4) as any,
        created_at: slot(5) as any, expires_at: slot(6) as any, revoked_at: slot(7) as any, device_key: slot(8),
        session_id: slot(9), last_active_at: slot(10) as any, last_ip: slot(11), device_type: slot(12),
        origin_session_id: slot(13),
      }), [s.originJti, s.poolId, s.sub, s.clientId, s.authTime, s.createdAt, s.expiresAt, s.revokedAt, s.deviceKey ?? null,
        s.sessionId ?? null, s.lastActiveAt ?? s.createdAt, s.lastIp ?? null, s.deviceType ?? null, s.originSessionId ?? null]);
    },
    find: async (originJti) => {
      const [r] = await engine.prepared('authSessions.find', (db) => db.selectFrom('auth_sessions').selectAll().where('origin_jti', '=', slot(0)), [originJti]);
      return r && toAuthSession(r);
    },
    revoke: async (originJti, at) => {
      await engine.db.updateTable('auth_sessions').set({ revoked_at: at }).where('origin_jti', '=', originJti).where('revoked_at', 'is', null).execute();
    },
    revokeAllForUser: async (sub, at) => {
      await engine.db.updateTable('auth_sessions').set({ revoked_at: at }).where('sub', '=', sub).where('revoked_at', 'is', null).execute();
    },
    deleteExpired: async (before, limit) => {
      await engine.db.deleteFrom('auth_sessions').where('origin_jti', 'in', (eb) =>
        eb.selectFrom('auth_sessions').select('origin_jti').where('expires_at', '<', before).limit(limit)).execute();
    },
    findBySessionId: async (sessionId) => {
      const r = await engine.db.selectFrom('auth_sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
      return r && toAuthSession(r);
    },
    listActiveForUser: async (sub, now, limit, afterSessionId) => {
      let q = engine.db.selectFrom('auth_sessions').selectAll()
        .where('sub', '=', sub).where('revoked_at', 'is', null).where('expires_at', '>', now).where('session_id', 'is not', null)
        .orderBy('session_id').limit(limit + 1);
      if (afterSessionId !== undefined) q = q.where('session_id', '>', afterSessionId);
      return page((await q.execute()).map(toAuthSession), limit, (s) => s.sessionId!);
    },
    countActiveForUser: async (sub, now) => {
      const row = await engine.db.selectFrom('auth_sessions').select((eb) => eb.fn.countAll().as('n'))
        .where('sub', '=', sub).where('revoked_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    revokeLeastRecentlyUsed: async (sub, now, count, at) => {
      if (count <= 0) return;
      await engine.db.updateTable('auth_sessions').set({ revoked_at: at }).where('origin_jti', 'in', (eb) => eb
        .selectFrom('auth_sessions').select('origin_jti')
        .where('sub', '=', sub).where('revoked_at', 'is', null).where('expires_at', '>', now)
        .orderBy((o) => o.fn.coalesce('last_active_at', 'created_at')).orderBy('origin_jti').limit(count)).execute();
    },
    touch: async (originJti, at, client = {}) => {
      await engine.db.updateTable('auth_sessions').set(activityPatch(at, client)).where('origin_jti', '=', originJti).execute();
    },
    revokeByOriginSession: async (originSessionId, at) => {
      await engine.db.updateTable('auth_sessions').set({ revoked_at: at })
        .where('origin_session_id', '=', originSessionId).where('revoked_at', 'is', null).execute();
    },
  };
}
