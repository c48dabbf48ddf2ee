// store.outbox on Kysely (store.ts states the contract).
import type { Store } from '../store.js';
import type { Engine } from './engine.js';

export function outboxRepository(engine: Engine): Store['outbox'] {
  return {
    insert: async (m) => {
      await engine.db
        .insertInto('outbox')
        .values({
          pool_id: m.poolId, username: m.username, purpose: m.purpose, medium: m.medium, destination: m.destination,
          subject: m.subject, body: m.body, code: m.code, created_at: m.createdAt,
        })
        .execute();
    },
    list: async ({ poolId, username, limit, beforeId }) => {
      let q = engine.db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit);
      if (poolId) q = q.where('pool_id', '=', poolId);
      if (beforeId !== undefined) q = q.where('id', '<', beforeId);
      if (username) q = q.where('username', '=', username);
      return (await q.execute()).map((r) => ({
        id: Number(r.id), poolId: r.pool_id, username: r.username, purpose: r.purpose, medium: r.medium as 'EMAIL' | 'SMS',
        destination: r.destination, subject: r.subject, body: r.body, code: r.code, createdAt: Number(r.created_at),
      }));
    },
  };
}
