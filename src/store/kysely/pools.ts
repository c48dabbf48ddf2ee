// store.pools on Kysely (store.ts states the contract).
import { translateConflict } from '../errors.js';
import type { Json, Store, PoolRecord } from '../store.js';
import { slot, page, type Engine } from './engine.js';
import { cachedRead, writeThenClear } from './record-cache.js';
import { deepFreeze } from '../../deep-freeze.js';

/**
 * A pool's config is a few KB of JSON read on nearly every request; its parse costs more than the
 * lookup. Where the record itself is not cached (PostgreSQL, transactions: record-cache.ts) the row
 * is read every time (so every process sees every change at once); only the parse of a config text
 * already seen is reused. The shared object is frozen: code that derives a
 * new config copies it (as domain/pools.ts and domain/mfa.ts do), never edits it in place.
 */
const parsedConfigs = new Map<string, Json>();
const PARSED_CONFIGS_SIZE = 256;
function poolConfig(text: string): Json {
  let config = parsedConfigs.get(text);
  if (!config) {
    config = deepFreeze(JSON.parse(text) as Json);
    if (parsedConfigs.size >= PARSED_CONFIGS_SIZE) parsedConfigs.clear();
    parsedConfigs.set(text, config);
  }
  return config;
}

const toPool = (r: any): PoolRecord => ({
  id: r.id, name: r.name, config: poolConfig(r.config), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

export function poolsRepository(engine: Engine): Store['pools'] {
  return {
    insert: async (p) => {
      await engine.db
        .insertInto('user_pools')
        .values({ id: p.id, name: p.name, config: JSON.stringify(p.config), created_at: p.createdAt, updated_at: p.updatedAt })
        .execute()
        .catch((e) => translateConflict(e, 'user_pools'));
    },
    find: (id) =>
      cachedRead(engine.records, `pool:${id}`, async () => {
        const [row] = await engine.prepared('pools.find', (db) => db.selectFrom('user_pools').selectAll().where('id', '=', slot(0)), [id]);
        return row && toPool(row);
      }),
    update: (id, patch) =>
      writeThenClear(engine.records, async () => {
        await engine.db
          .updateTable('user_pools')
          .set({
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.config !== undefined && { config: JSON.stringify(patch.config) }),
            updated_at: patch.updatedAt,
          })
          .where('id', '=', id)
          .execute();
      }),
    delete: (id) =>
      writeThenClear(engine.records, async () => {
        const subs = engine.db.selectFrom('users').select('sub').where('pool_id', '=', id);
        for (const table of ['auth_sessions', 'refresh_tokens', 'codes'] as const) {
          await engine.db.deleteFrom(table).where('sub', 'in', subs).execute();
        }
        for (const table of ['authorization_codes', 'hosted_sessions', 'ui_customizations', 'devices', 'identity_providers', 'user_identities', 'sp_certificates', 'webauthn_credentials', 'terms', 'managed_login_brandings'] as const) {
          await engine.db.deleteFrom(table).where('pool_id', '=', id).execute();
        }
        for (const table of ['user_aliases', 'user_groups', 'groups', 'users', 'clients', 'domains', 'resource_servers', 'pool_keys', 'outbox'] as const) {
          await engine.db.deleteFrom(table).where('pool_id', '=', id).execute();
        }
        await engine.db.deleteFrom('migration_sources').where('pool_id', '=', id).execute();
        await engine.db.deleteFrom('session_configurations').where('pool_id', '=', id).execute();
        for (const table of ['auth_events', 'risk_configurations', 'log_delivery_configurations'] as const) {
          await engine.db.deleteFrom(table).where('pool_id', '=', id).execute();
        }
        await engine.db.deleteFrom('user_pools').where('id', '=', id).execute();
      }),
    list: async (limit, afterId) => {
      let q = engine.db.selectFrom('user_pools').selectAll().orderBy('id').limit(limit + 1);
      if (afterId) q = q.where('id', '>', afterId);
      return page((await q.execute()).map(toPool), limit, (p) => p.id);
    },
    countUsers: async (id) => {
      const row = await engine.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('pool_id', '=', id).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
