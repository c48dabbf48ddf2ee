// store.managedLoginBrandings on Kysely (store.ts states the contract).
import { translateConflict } from '../errors.js';
import type { ManagedLoginBrandingRecord, Store } from '../store.js';
import type { Engine } from './engine.js';

const toBranding = (r: any): ManagedLoginBrandingRecord => ({
  id: r.id, poolId: r.pool_id, clientId: r.client_id, useCognitoProvidedValues: Number(r.use_cognito_provided_values) === 1,
  settings: r.settings === null ? null : JSON.parse(r.settings), assets: JSON.parse(r.assets),
  createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

const columns = (b: ManagedLoginBrandingRecord) => ({
  use_cognito_provided_values: b.useCognitoProvidedValues ? 1 : 0,
  settings: b.settings === null ? null : JSON.stringify(b.settings),
  assets: JSON.stringify(b.assets),
  updated_at: b.updatedAt,
});

export function managedLoginBrandingsRepository(engine: Engine): Store['managedLoginBrandings'] {
  return {
    insert: async (b) => {
      await engine.db
        .insertInto('managed_login_brandings')
        .values({ id: b.id, pool_id: b.poolId, client_id: b.clientId, created_at: b.createdAt, ...columns(b) })
        .execute()
        .catch((e) => translateConflict(e, 'managed_login_brandings'));
    },
    find: async (poolId, id) => {
      const r = await engine.db.selectFrom('managed_login_brandings').selectAll().where('pool_id', '=', poolId).where('id', '=', id).executeTakeFirst();
      return r && toBranding(r);
    },
    findByClient: async (poolId, clientId) => {
      const r = await engine.db.selectFrom('managed_login_brandings').selectAll().where('pool_id', '=', poolId).where('client_id', '=', clientId).executeTakeFirst();
      return r && toBranding(r);
    },
    update: async (b) => {
      await engine.db.updateTable('managed_login_brandings').set(columns(b)).where('pool_id', '=', b.poolId).where('id', '=', b.id).execute();
    },
    delete: async (poolId, id) => {
      await engine.db.deleteFrom('managed_login_brandings').where('pool_id', '=', poolId).where('id', '=', id).execute();
    },
    deleteByClient: async (poolId, clientId) => {
      await engine.db.deleteFrom('managed_login_brandings').where('pool_id', '=', poolId).where('client_id', '=', clientId).execute();
    },
  };
}
