// store.hostedSessions on Kysely (store.ts states the contract).
import { translateConflict } from '../errors.js';
import type { Store } from '../store.js';
import type { Engine } from './engine.js';

export function hostedSessionsRepository(engine: Engine): Store['hostedSessions'] {
  return {
    insert: async (s) => {
      await engine.db
        .insertInto('hosted_sessions')
        .values({ id_hash: s.idHash, pool_id: s.poolId, sub: s.sub, auth_time: s.authTime, created_at: s.createdAt, expires_at: s.expiresAt })
        .execute()
        .catch((e) => translateConflict(e, 'hosted_sessions'));
    },
    find: async (hash) => {
      const r = await engine.db.selectFrom('hosted_sessions').selectAll().where('id_hash', '=', hash).executeTakeFirst();
      return r && {
        idHash: r.id_hash, poolId: r.pool_id, sub: r.sub, authTime: Number(r.auth_time),
        createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
      };
    },
    delete: async (hash) => {
      await engine.db.deleteFrom('hosted_sessions').where('id_hash', '=', hash).execute();
    },
    deleteExpired: async (before) => {
      await engine.db.deleteFrom('hosted_sessions').where('expires_at', '<', before).execute();
    },
  };
}
