// store.terms on Kysely (store.ts states the contract).
import { translateConflict } from '../errors.js';
import type { Store, TermsRecord } from '../store.js';
import { page, type Engine } from './engine.js';

const toTerms = (r: any): TermsRecord => ({
  id: r.id, poolId: r.pool_id, clientId: r.client_id, name: r.name, source: r.source, enforcement: r.enforcement,
  links: JSON.parse(r.links), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

export function termsRepository(engine: Engine): Store['terms'] {
  return {
    insert: async (t) => {
      await engine.db
        .insertInto('terms')
        .values({
          id: t.id, pool_id: t.poolId, client_id: t.clientId, name: t.name, source: t.source, enforcement: t.enforcement,
          links: JSON.stringify(t.links), created_at: t.createdAt, updated_at: t.updatedAt,
        })
        .execute()
        .catch((e) => translateConflict(e, 'terms'));
    },
    find: async (poolId, id) => {
      const r = await engine.db.selectFrom('terms').selectAll().where('pool_id', '=', poolId).where('id', '=', id).executeTakeFirst();
      return r && toTerms(r);
    },
    findByName: async (poolId, clientId, name) => {
      const r = await engine.db.selectFrom('terms').selectAll().where('pool_id', '=', poolId).where('client_id', '=', clientId).where('name', '=', name).executeTakeFirst();
      return r && toTerms(r);
    },
    update: async (t) => {
      await engine.db
        .updateTable('terms')
        .set({ name: t.name, source: t.source, enforcement: t.enforcement, links: JSON.stringify(t.links), updated_at: t.updatedAt })
        .where('pool_id', '=', t.poolId)
        .where('id', '=', t.id)
        .execute()
        .catch((e) => translateConflict(e, 'terms'));
    },
    delete: async (poolId, id) => {
      await engine.db.deleteFrom('terms').where('pool_id', '=', poolId).where('id', '=', id).execute();
    },
    list: async (poolId, limit, afterId) => {
      let q = engine.db.selectFrom('terms').selectAll().where('pool_id', '=', poolId).orderBy('id').limit(limit + 1);
      if (afterId) q = q.where('id', '>', afterId);
      return page((await q.execute()).map(toTerms), limit, (t) => t.id);
    },
    listByClient: async (poolId, clientId) =>
      (await engine.db.selectFrom('terms').selectAll().where('pool_id', '=', poolId).where('client_id', '=', clientId).orderBy('name').execute()).map(toTerms),
    deleteByClient: async (poolId, clientId) => {
      await engine.db.deleteFrom('terms').where('pool_id', '=', poolId).where('client_id', '=', clientId).execute();
    },
  };
}
