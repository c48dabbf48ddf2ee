// store.clients on Kysely (store.ts states the contract).
import { translateConflict } from '../errors.js';
import type { Store, ClientRecord, AddedClientSecret } from '../store.js';
import { slot, page, type Engine } from './engine.js';
import { cachedRead, writeThenClear } from './record-cache.js';

const toClient = (r: any): ClientRecord => ({
  id: r.id, poolId: r.pool_id, name: r.name, secretSealed: r.secret_sealed, config: JSON.parse(r.config),
  createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  addedSecrets: JSON.parse(r.added_secrets),
});

// One spelling for a set of added secrets, so that compare-and-set can compare the stored text.
const secretsJson = (secrets: AddedClientSecret[]): string =>
  JSON.stringify(secrets.map((s) => ({ id: s.id, sealed: s.sealed, createdAt: s.createdAt })));

export function clientsRepository(engine: Engine): Store['clients'] {
  return {
    insert: async (c) => {
      await engine.db
        .insertInto('clients')
        .values({
          id: c.id, pool_id: c.poolId, name: c.name, secret_sealed: c.secretSealed, config: JSON.stringify(c.config),
          created_at: c.createdAt, updated_at: c.updatedAt, added_secrets: secretsJson(c.addedSecrets),
        })
        .execute()
        .catch((e) => translateConflict(e, 'clients'));
    },
    find: (id) =>
      cachedRead(engine.records, `client:${id}`, async () => {
        const [row] = await engine.prepared('clients.find', (db) => db.selectFrom('clients').selectAll().where('id', '=', slot(0)), [id]);
        return row && toClient(row);
      }),
    update: (id, patch) =>
      writeThenClear(engine.records, async () => {
        await engine.db
          .updateTable('clients')
          .set({
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.config !== undefined && { config: JSON.stringify(patch.config) }),
            ...(patch.secretSealed !== undefined && { secret_sealed: patch.secretSealed }),
            updated_at: patch.updatedAt,
          })
          .where('id', '=', id)
          .execute();
      }),
    replaceSecrets: (id, expected, next, updatedAt) =>
      writeThenClear(engine.records, async () => {
        const result = await engine.db
          .updateTable('clients')
          .set({ secret_sealed: next.secretSealed, added_secrets: secretsJson(next.addedSecrets), updated_at: updatedAt })
          .where('id', '=', id)
          .where('added_secrets', '=', secretsJson(expected.addedSecrets))
          .where('secret_sealed', expected.secretSealed === null ? 'is' : '=', expected.secretSealed)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      }),
    delete: (id) =>
      writeThenClear(engine.records, async () => {
        await engine.db.deleteFrom('clients').where('id', '=', id).execute();
        await engine.db.deleteFrom('session_configurations').where('client_id', '=', id).execute();
      }),
    listByPool: async (poolId, limit, afterId) => {
      let q = engine.db.selectFrom('clients').selectAll().where('pool_id', '=', poolId).orderBy('id').limit(limit + 1);
      if (afterId) q = q.where('id', '>', afterId);
      return page((await q.execute()).map(toClient), limit, (c) => c.id);
    },
  };
}
