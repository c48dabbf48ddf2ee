// Per-pool RS256 signing keys: two per pool (Cognito signs ID and access tokens with different
// keys), private halves sealed in the store, key objects cached in memory by kid (keys never
// change once written, so the cache needs no invalidation; retirement is a new key).
import { createPrivateKey, createPublicKey, generateKeyPair, createHash, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Store, Json } from '../store/store.js';
import type { Sealer } from '../crypto/seal.js';
import type { Clock } from '../clock.js';

const generateRsa = promisify(generateKeyPair);
export const SEAL_PURPOSE = 'pool-signing-key';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface KeyService {
  createPoolKeys(poolId: string, store?: Store): Promise<void>;
  signingKey(poolId: string, use: 'id' | 'access'): Promise<SigningKey>;
  /** The public key for a kid, or undefined when no pool has it. */
  publicKey(kid: string): Promise<{ poolId: string; key: KeyObject } | undefined>;
  jwks(poolId: string): Promise<{ keys: Json[] }>;
}

export function createKeyService(store: Store, sealer: Sealer, clock: Clock): KeyService {
  const signing = new Map<string, SigningKey>();
  const verifying = new Map<string, { poolId: string; key: KeyObject }>();

  return {
    async createPoolKeys(poolId, tx = store) {
      // Both keys at once: generation runs on libuv's thread pool, and it is most of CreateUserPool's time.
      const pairs = await Promise.all((['id', 'access'] as const).map(async (use) => ({ use, ...(await generateRsa('rsa', { modulusLength: 2048 })) })));
      for (const { use, privateKey } of pairs) {
        const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
        // Like Cognito's, the kid is derived from the key material: a base64 SHA-256 of the modulus.
        const kid = createHash('sha256').update(`${use}:${jwk.n}`).digest('base64');
        const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
        await tx.keys.insert({
          kid, poolId, tokenUse: use, createdAt: clock.now(), retiredAt: null,
          privateKeySealed: sealer.seal(pem, SEAL_PURPOSE),
          publicJwk: { alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' },
        });
      }
    },

    async signingKey(poolId, use) {
      const cacheKey = `${poolId}/${use}`;
      const cached = signing.get(cacheKey);
      if (cached) return cached;
      const record = (await store.keys.listForPool(poolId)).filter((k) => k.tokenUse === use && k.retiredAt === null).pop();
      if (!record) throw new Error(`pool ${poolId} has no ${use} signing key`);
      const key = { kid: record.kid, privateKey: createPrivateKey(sealer.open(record.privateKeySealed, SEAL_PURPOSE)) };
      signing.set(cacheKey, key);
      return key;
    },

    async publicKey(kid) {
      const cached = verifying.get(kid);
      if (cached) return cached;
      const record = await store.keys.find(kid);
      if (!record) return undefined;
      const entry = { poolId: record.poolId, key: createPublicKey({ key: record.publicJwk as any, format: 'jwk' }) };
      verifying.set(kid, entry);
      return entry;
    },

    async jwks(poolId) {
      return { keys: (await store.keys.listForPool(poolId)).map((k) => k.publicJwk) };
    },
  };
}
