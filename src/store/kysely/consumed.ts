// store.consumed on Kysely (store.ts states the contract).
import type { Store } from '../store.js';
import { slot, type Engine } from './engine.js';

export function consumedRepository(engine: Engine): Store['consumed'] {
  return {
    consume: async (id, expiresAt) => {
      const inserted = await engine.preparedWrite('consumed.consume', (db) => db.insertInto('consumed')
        .values({ id: slot(0), expires_at: slot(1) as any })
        .onConflict((oc) => oc.column('id').doNothing()), [id, expiresAt]);
      return inserted === 1;
    },
    isConsumed: async (id) => {
      const row = await engine.db.selectFrom('consumed').select('id').where('id', '=', id).executeTakeFirst();
      return row !== undefined;
    },
    deleteExpired: async (before, limit) => {
      await engine.db.deleteFrom('consumed').where('id', 'in', (eb) =>
        eb.selectFrom('consumed').select('id').where('expires_at', '<', before).limit(limit)).execute();
    },
  };
}
