// store.keys on Kysely (store.ts states the contract).
import type { Store, PoolKeyRecord } from '../store.js';
import type { Engine } from './engine.js';

const toKey = (r: any): PoolKeyRecord => ({
  kid: r.kid, poolId: r.pool_id, tokenUse: r.token_use, privateKeySealed: r.private_key_sealed,
  publicJwk: JSON.parse(r.public_jwk), createdAt: Number(r.created_at), retiredAt: r.retired_at === null ? null : Number(r.retired_at),
});

export function keysRepository(engine: Engine): Store['keys'] {
  return {
    insert: async (k) => {
      await engine.db
        .insertInto('pool_keys')
        .values({
          kid: k.kid, pool_id: k.poolId, token_use: k.tokenUse, private_key_sealed: k.privateKeySealed,
          public_jwk: JSON.stringify(k.publicJwk), created_at: k.createdAt, retired_at: k.retiredAt,
        })
        .execute();
    },
    find: async (kid) => {
      const row = await engine.db.selectFrom('pool_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
      return row && toKey(row);
    },
    listForPool: async (poolId) =>
      (await engine.db.selectFrom('pool_keys').selectAll().where('pool_id', '=', poolId).orderBy('created_at').execute()).map(toKey),
  };
}
