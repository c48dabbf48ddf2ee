// store.sessionConfigurations on Kysely (store.ts states the contract).
import type { Store } from '../store.js';
import type { Engine } from './engine.js';

// The pool's own row has client_id '' (a primary-key column cannot hold null).
const clientKey = (clientId: string | null): string => clientId ?? '';

export function sessionConfigurationsRepository(engine: Engine): Store['sessionConfigurations'] {
  return {
    find: async (poolId, clientId) => {
      const row = await engine.db.selectFrom('session_configurations').select('config')
        .where('pool_id', '=', poolId).where('client_id', '=', clientKey(clientId)).executeTakeFirst();
      return row && JSON.parse(row.config);
    },
    put: async (poolId, clientId, config, at) => {
      await engine.db.insertInto('session_configurations')
        .values({ pool_id: poolId, client_id: clientKey(clientId), config: JSON.stringify(config), updated_at: at })
        .onConflict((oc) => oc.columns(['pool_id', 'client_id']).doUpdateSet({ config: JSON.stringify(config), updated_at: at }))
        .execute();
    },
    listForClients: async (poolId) => {
      const rows = await engine.db.selectFrom('session_configurations').select('config')
        .where('pool_id', '=', poolId).where('client_id', '<>', '').execute();
      return rows.map((row) => JSON.parse(row.config));
    },
  };
}
