// store.authorizationCodes on Kysely (store.ts states the contract).
import { translateConflict } from '../errors.js';
import type { Store } from '../store.js';
import type { Engine } from './engine.js';

export function authorizationCodesRepository(engine: Engine): Store['authorizationCodes'] {
  return {
    insert: async (c) => {
      await engine.db
        .insertInto('authorization_codes')
        .values({
          code_hash: c.codeHash, pool_id: c.poolId, client_id: c.clientId, sub: c.sub, redirect_uri: c.redirectUri,
          scopes: c.scopes, nonce: c.nonce, code_challenge: c.codeChallenge, auth_time: c.authTime,
          created_at: c.createdAt, expires_at: c.expiresAt, consumed_at: c.consumedAt, issued_origin_jti: c.issuedOriginJti,
          origin_session_id: c.originSessionId ?? null,
        })
        .execute()
        .catch((e) => translateConflict(e, 'authorization_codes'));
    },
    find: async (hash) => {
      const r = await engine.db.selectFrom('authorization_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
      return r && {
        codeHash: r.code_hash, poolId: r.pool_id, clientId: r.client_id, sub: r.sub, redirectUri: r.redirect_uri,
        scopes: r.scopes, nonce: r.nonce, codeChallenge: r.code_challenge, authTime: Number(r.auth_time),
        createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
        consumedAt: r.consumed_at === null ? null : Number(r.consumed_at), issuedOriginJti: r.issued_origin_jti,
        originSessionId: r.origin_session_id ?? null,
      };
    },
    consume: async (hash, at, issuedOriginJti) => {
      const result = await engine.db
        .updateTable('authorization_codes')
        .set({ consumed_at: at, issued_origin_jti: issuedOriginJti })
        .where('code_hash', '=', hash)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows ?? 0n) === 1;
    },
    deleteExpired: async (before) => {
      await engine.db.deleteFrom('authorization_codes').where('expires_at', '<', before).execute();
    },
  };
}
