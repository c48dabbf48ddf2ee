// store.refreshTokens on Kysely (store.ts states the contract).
import type { Selectable } from 'kysely';
import type { RefreshTokensTable } from '../schema.js';
import type { RefreshTokenRecord, Store } from '../store.js';
import { toAuthSession } from './auth-sessions.js';
import { slot, type Engine } from './engine.js';

const toRefreshToken = (r: Selectable<RefreshTokensTable>): RefreshTokenRecord => ({
  tokenHash: r.token_hash, originJti: r.origin_jti, poolId: r.pool_id, clientId: r.client_id, sub: r.sub, scopes: r.scopes,
  createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  rotatedAt: r.rotated_at === null || r.rotated_at === undefined ? null : Number(r.rotated_at),
});

export function refreshTokensRepository(engine: Engine): Store['refreshTokens'] {
  return {
    insert: async (t) => {
      await engine.preparedWrite('refreshTokens.insert', (db) => db.insertInto('refresh_tokens').values({
        token_hash: slot(0), origin_jti: slot(1), pool_id: slot(2), client_id: slot(3), sub: slot(4),
        scopes: slot(5), created_at: slot(6) as any, expires_at: slot(7) as any, revoked_at: slot(8) as any,
      }), [t.tokenHash, t.originJti, t.poolId, t.clientId, t.sub, t.scopes, t.createdAt, t.expiresAt, t.revokedAt]);
    },
    find: async (hash) => {
      const [r] = await engine.prepared('refreshTokens.find', (db) => db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', slot(0)), [hash]);
      return r && toRefreshToken(r);
    },
    findWithSession: async (hash) => {
      const [r] = await engine.prepared('refreshTokens.findWithSession', (db) => db
        .selectFrom('refresh_tokens')
        .leftJoin('auth_sessions', 'auth_sessions.origin_jti', 'refresh_tokens.origin_jti')
        .selectAll('refresh_tokens')
        .select([
          'auth_sessions.origin_jti as s_origin_jti', 'auth_sessions.pool_id as s_pool_id', 'auth_sessions.sub as s_sub',
          'auth_sessions.client_id as s_client_id', 'auth_sessions.auth_time as s_auth_time', 'auth_sessions.created_at as s_created_at',
          'auth_sessions.expires_at as s_expires_at', 'auth_sessions.revoked_at as s_revoked_at', 'auth_sessions.device_key as s_device_key',
          'auth_sessions.session_id as s_session_id', 'auth_sessions.last_active_at as s_last_active_at', 'auth_sessions.last_ip as s_last_ip',
          'auth_sessions.device_type as s_device_type', 'auth_sessions.origin_session_id as s_origin_session_id',
        ])
        .where('refresh_tokens.token_hash', '=', slot(0)), [hash]);
      if (!r) return undefined;
      const session = r.s_origin_jti === null ? undefined : toAuthSession({
        origin_jti: r.s_origin_jti, pool_id: r.s_pool_id!, sub: r.s_sub!, client_id: r.s_client_id!, auth_time: r.s_auth_time!,
        created_at: r.s_created_at!, expires_at: r.s_expires_at!, revoked_at: r.s_revoked_at, device_key: r.s_device_key,
        session_id: r.s_session_id, last_active_at: r.s_last_active_at, last_ip: r.s_last_ip, device_type: r.s_device_type,
        origin_session_id: r.s_origin_session_id,
      });
      return { token: toRefreshToken(r), session };
    },
    revoke: async (hash, at) => {
      await engine.db.updateTable('refresh_tokens').set({ revoked_at: at }).where('token_hash', '=', hash).where('revoked_at', 'is', null).execute();
    },
    revokeAllForUser: async (sub, at) => {
      await engine.db.updateTable('refresh_tokens').set({ revoked_at: at }).where('sub', '=', sub).where('revoked_at', 'is', null).execute();
    },
    deleteExpired: async (before, limit) => {
      await engine.db.deleteFrom('refresh_tokens').where('token_hash', 'in', (eb) =>
        eb.selectFrom('refresh_tokens').select('token_hash').where('expires_at', '<', before).limit(limit)).execute();
    },
    markRotated: async (hash, at) => {
      const result = await engine.db.updateTable('refresh_tokens').set({ rotated_at: at })
        .where('token_hash', '=', hash).where('rotated_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
