// store.codes on Kysely (store.ts states the contract).
import type { Selectable } from 'kysely';
import type { CodesTable } from '../schema.js';
import type { CodeRecord, Store } from '../store.js';
import type { Engine } from './engine.js';

const toCodeRecord = (r: Selectable<CodesTable>): CodeRecord => ({
  poolId: r.pool_id, sub: r.sub, purpose: r.purpose, codeHash: r.code_hash, attempts: Number(r.attempts),
  createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), payload: r.payload ?? null,
});

export function codesRepository(engine: Engine): Store['codes'] {
  return {
    put: async (c) => {
      const values = {
        pool_id: c.poolId, sub: c.sub, purpose: c.purpose, code_hash: c.codeHash, attempts: c.attempts,
        created_at: c.createdAt, expires_at: c.expiresAt, payload: c.payload ?? null,
      };
      await engine.db
        .insertInto('codes')
        .values(values)
        .onConflict((oc) => oc.columns(['sub', 'purpose']).doUpdateSet({
          code_hash: values.code_hash, attempts: values.attempts, created_at: values.created_at, expires_at: values.expires_at,
          payload: values.payload,
        }))
        .execute();
    },
    find: async (sub, purpose) => {
      const r = await engine.db.selectFrom('codes').selectAll().where('sub', '=', sub).where('purpose', '=', purpose).executeTakeFirst();
      return r && toCodeRecord(r);
    },
    reserveAttempt: async (sub, purpose, maxAttempts, now) => {
      // One statement: concurrent guesses each get their own count, and none past the limit.
      const r = await engine.db
        .updateTable('codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('sub', '=', sub)
        .where('purpose', '=', purpose)
        .where('attempts', '<', maxAttempts)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      return r && toCodeRecord(r);
    },
    take: async (sub, purpose, codeHash) => {
      const result = await engine.db
        .deleteFrom('codes')
        .where('sub', '=', sub)
        .where('purpose', '=', purpose)
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      return Number(result.numDeletedRows ?? 0n) === 1;
    },
    addAttempt: async (sub, purpose) => {
      const r = await engine.db
        .updateTable('codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('sub', '=', sub)
        .where('purpose', '=', purpose)
        .returning('attempts')
        .executeTakeFirst();
      return Number(r?.attempts ?? 0);
    },
    delete: async (sub, purpose) => {
      await engine.db.deleteFrom('codes').where('sub', '=', sub).where('purpose', '=', purpose).execute();
    },
  };
}
