// store.migrationSources on Kysely (store.ts states the contract).
import type { MigrationSourceRecord, Store } from '../store.js';
import type { Engine } from './engine.js';

const toSource = (r: any): MigrationSourceRecord => ({
  poolId: r.pool_id, sourcePoolId: r.source_pool_id, region: r.region, endpoint: r.endpoint, clientId: r.client_id,
  secretsSealed: r.secrets_sealed, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

export function migrationSourcesRepository(engine: Engine): Store['migrationSources'] {
  return {
    put: async (s) => {
      const values = {
        pool_id: s.poolId, source_pool_id: s.sourcePoolId, region: s.region, endpoint: s.endpoint, client_id: s.clientId,
        secrets_sealed: s.secretsSealed, created_at: s.createdAt, updated_at: s.updatedAt,
      };
      const { pool_id: _key, created_at: _created, ...changes } = values;
      await engine.db.insertInto('migration_sources').values(values).onConflict((oc) => oc.column('pool_id').doUpdateSet(changes)).execute();
    },
    find: async (poolId) => {
      const r = await engine.db.selectFrom('migration_sources').selectAll().where('pool_id', '=', poolId).executeTakeFirst();
      return r && toSource(r);
    },
    countWithoutPassword: async (poolId) => {
      const row = await engine.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n'))
        .where('pool_id', '=', poolId).where('password_hash', 'is', null).where('status', '!=', 'EXTERNAL_PROVIDER').executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
