// store.domains on Kysely (store.ts states the contract).
import { translateConflict } from '../errors.js';
import type { Store } from '../store.js';
import type { Engine } from './engine.js';

export function domainsRepository(engine: Engine): Store['domains'] {
  return {
    insert: async (d) => {
      await engine.db
        .insertInto('domains')
        .values({ domain: d.domain, pool_id: d.poolId, custom: d.custom ? 1 : 0, config: JSON.stringify(d.config), created_at: d.createdAt })
        .execute()
        .catch((e) => translateConflict(e, 'domains'));
    },
    find: async (domain) => {
      const r = await engine.db.selectFrom('domains').selectAll().where('domain', '=', domain).executeTakeFirst();
      return r && { domain: r.domain, poolId: r.pool_id, custom: Number(r.custom) === 1, config: JSON.parse(r.config), createdAt: Number(r.created_at) };
    },
    listByPool: async (poolId) =>
      (await engine.db.selectFrom('domains').selectAll().where('pool_id', '=', poolId).execute()).map((r) => ({
        domain: r.domain, poolId: r.pool_id, custom: Number(r.custom) === 1, config: JSON.parse(r.config), createdAt: Number(r.created_at),
      })),
    update: async (domain, config) => {
      await engine.db.updateTable('domains').set({ config: JSON.stringify(config) }).where('domain', '=', domain).execute();
    },
    delete: async (domain) => {
      await engine.db.deleteFrom('domains').where('domain', '=', domain).execute();
    },
  };
}
