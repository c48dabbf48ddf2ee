// store.provisionedLimits and store.quotaProcesses on Kysely (store.ts states the contract).
import type { Store } from '../store.js';
import type { Engine } from './engine.js';

export function provisionedLimitsRepository(engine: Engine): Store['provisionedLimits'] {
  return {
    list: async () =>
      (await engine.db.selectFrom('provisioned_limits').selectAll().execute()).map((r) => ({
        scope: r.scope, category: r.category, value: Number(r.value), updatedAt: Number(r.updated_at),
      })),
    put: async ({ scope, category, value, updatedAt }) => {
      await engine.db
        .insertInto('provisioned_limits')
        .values({ scope, category, value, updated_at: updatedAt })
        .onConflict((oc) => oc.columns(['scope', 'category']).doUpdateSet({ value, updated_at: updatedAt }))
        .execute();
    },
  };
}

export function quotaProcessesRepository(engine: Engine): Store['quotaProcesses'] {
  return {
    heartbeat: async (id, now, staleBefore) => {
      await engine.db
        .insertInto('quota_processes')
        .values({ id, seen_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ seen_at: now }))
        .execute();
      await engine.db.deleteFrom('quota_processes').where('seen_at', '<', staleBefore).execute();
      const row = await engine.db.selectFrom('quota_processes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    remove: async (id) => {
      await engine.db.deleteFrom('quota_processes').where('id', '=', id).execute();
    },
  };
}
