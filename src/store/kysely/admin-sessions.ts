// store.adminSessions on Kysely (store.ts states the contract).
import { translateConflict } from '../errors.js';
import type { Store } from '../store.js';
import type { Engine } from './engine.js';

export function adminSessionsRepository(engine: Engine): Store['adminSessions'] {
  return {
    insert: async (s) => {
      await engine.db
        .insertInto('admin_sessions')
        .values({ id_hash: s.idHash, actor: s.actor, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt })
        .execute()
        .catch((e) => translateConflict(e, 'admin_sessions'));
    },
    find: async (hash) => {
      const r = await engine.db.selectFrom('admin_sessions').selectAll().where('id_hash', '=', hash).executeTakeFirst();
      return r && {
        idHash: r.id_hash, actor: r.actor, createdAt: Number(r.created_at), lastSeenAt: Number(r.last_seen_at), expiresAt: Number(r.expires_at),
      };
    },
    touch: async (hash, lastSeenAt, expiresAt) => {
      await engine.db.updateTable('admin_sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', hash).execute();
    },
    delete: async (hash) => {
      await engine.db.deleteFrom('admin_sessions').where('id_hash', '=', hash).execute();
    },
    deleteExpired: async (before) => {
      await engine.db.deleteFrom('admin_sessions').where('expires_at', '<', before).execute();
    },
  };
}
