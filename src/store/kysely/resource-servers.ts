// store.resourceServers on Kysely (store.ts states the contract).
import { translateConflict } from '../errors.js';
import type { Store, ResourceServerRecord } from '../store.js';
import { page, type Engine } from './engine.js';

const toResourceServer = (r: any): ResourceServerRecord => ({
  poolId: r.pool_id, identifier: r.identifier, name: r.name, scopes: JSON.parse(r.scopes), createdAt: Number(r.created_at),
});

export function resourceServersRepository(engine: Engine): Store['resourceServers'] {
  return {
    insert: async (s) => {
      await engine.db
        .insertInto('resource_servers')
        .values({ pool_id: s.poolId, identifier: s.identifier, name: s.name, scopes: JSON.stringify(s.scopes), created_at: s.createdAt })
        .execute()
        .catch((e) => translateConflict(e, 'resource_servers'));
    },
    find: async (poolId, identifier) => {
      const r = await engine.db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).where('identifier', '=', identifier).executeTakeFirst();
      return r && toResourceServer(r);
    },
    update: async (s) => {
      await engine.db
        .updateTable('resource_servers')
        .set({ name: s.name, scopes: JSON.stringify(s.scopes) })
        .where('pool_id', '=', s.poolId)
        .where('identifier', '=', s.identifier)
        .execute();
    },
    delete: async (poolId, identifier) => {
      await engine.db.deleteFrom('resource_servers').where('pool_id', '=', poolId).where('identifier', '=', identifier).execute();
    },
    list: async (poolId, limit, after) => {
      let q = engine.db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).orderBy('identifier').limit(limit + 1);
      if (after) q = q.where('identifier', '>', after);
      return page((await q.execute()).map(toResourceServer), limit, (s) => s.identifier);
    },
  };
}
