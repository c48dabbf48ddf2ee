// store.audit on Kysely (store.ts states the contract).
import type { Store } from '../store.js';
import type { Engine } from './engine.js';

export function auditRepository(engine: Engine): Store['audit'] {
  return {
    insert: async (e) => {
      await engine.db
        .insertInto('audit_log')
        .values({ at: e.at, actor: e.actor, action: e.action, pool_id: e.poolId, target: e.target, summary: JSON.stringify(e.summary) })
        .execute();
    },
    list: async ({ poolId, limit, beforeId }) => {
      let q = engine.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
      if (poolId) q = q.where('pool_id', '=', poolId);
      if (beforeId !== undefined) q = q.where('id', '<', beforeId);
      return (await q.execute()).map((r) => ({
        id: Number(r.id), at: Number(r.at), actor: r.actor, action: r.action, poolId: r.pool_id, target: r.target, summary: JSON.parse(r.summary),
      }));
    },
  };
}
