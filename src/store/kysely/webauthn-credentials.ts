// store.webAuthnCredentials on Kysely (store.ts states the contract).
import { translateConflict } from '../errors.js';
import type { Store, WebAuthnCredentialRecord } from '../store.js';
import { page, type Engine } from './engine.js';

const toCredential = (r: any): WebAuthnCredentialRecord => ({
  poolId: r.pool_id,
  credentialId: r.credential_id,
  sub: r.sub,
  publicKey: r.public_key,
  signCount: Number(r.sign_count),
  transports: JSON.parse(r.transports),
  ...(r.attachment !== null && { attachment: r.attachment }),
  ...(r.friendly_name !== null && { friendlyName: r.friendly_name }),
  relyingPartyId: r.relying_party_id,
  createdAt: Number(r.created_at),
});

// The page cursor: creation time and credential id, so credentials created in the same millisecond page exactly.
const cursorOf = (c: WebAuthnCredentialRecord) => `${c.createdAt}:${c.credentialId}`;

export function webAuthnCredentialsRepository(engine: Engine): Store['webAuthnCredentials'] {
  return {
    insert: async (c) => {
      await engine.db
        .insertInto('webauthn_credentials')
        .values({
          pool_id: c.poolId,
          credential_id: c.credentialId,
          sub: c.sub,
          public_key: c.publicKey,
          sign_count: c.signCount,
          transports: JSON.stringify(c.transports),
          attachment: c.attachment ?? null,
          friendly_name: c.friendlyName ?? null,
          relying_party_id: c.relyingPartyId,
          created_at: c.createdAt,
        })
        .execute()
        .catch((e) => translateConflict(e, 'webauthn_credentials'));
    },
    find: async (poolId, credentialId) => {
      const r = await engine.db
        .selectFrom('webauthn_credentials')
        .selectAll()
        .where('pool_id', '=', poolId)
        .where('credential_id', '=', credentialId)
        .executeTakeFirst();
      return r && toCredential(r);
    },
    listForUser: async (sub, limit, after) => {
      let q = engine.db.selectFrom('webauthn_credentials').selectAll().where('sub', '=', sub).orderBy('created_at').orderBy('credential_id').limit(limit + 1);
      const match = after ? /^(\d+):(.+)$/s.exec(after) : null;
      if (match) {
        const [createdAt, credentialId] = [Number(match[1]), match[2]];
        q = q.where((eb) => eb.or([
          eb('created_at', '>', createdAt),
          eb.and([eb('created_at', '=', createdAt), eb('credential_id', '>', credentialId)]),
        ]));
      }
      return page((await q.execute()).map(toCredential), limit, cursorOf);
    },
    updateSignCount: async (poolId, credentialId, expected, next) => {
      const result = await engine.db
        .updateTable('webauthn_credentials')
        .set({ sign_count: next })
        .where('pool_id', '=', poolId)
        .where('credential_id', '=', credentialId)
        .where('sign_count', '=', expected)
        .executeTakeFirst();
      return Number(result.numUpdatedRows ?? 0n) === 1;
    },
    deleteForUser: async (sub, poolId, credentialId) => {
      const result = await engine.db
        .deleteFrom('webauthn_credentials')
        .where('sub', '=', sub)
        .where('pool_id', '=', poolId)
        .where('credential_id', '=', credentialId)
        .executeTakeFirst();
      return Number(result.numDeletedRows ?? 0n) === 1;
    },
  };
}
