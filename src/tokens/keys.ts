// Per-pool RS256 signing keys: two per pool (Cognito signs ID and access tokens with different
// keys), private halves sealed in the store, key objects cached in memory by kid (keys never
// change once written, so the cache needs no invalidation; retirement is a new key).
import { createPrivateKey, createPublicKey, generateKeyPair, createHash, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Store, Json, PoolKeyRecord } from '../store/store.js';
import type { Sealer } from '../crypto/seal.js';
import type { Clock } from '../clock.js';

const generateRsa = promisify(generateKeyPair);
export const SEAL_PURPOSE = 'pool-signing-key';

/** Where a new pool's RSA-2048 private keys come from: generated, or in test servers reused (reusable-keys.ts). */
export type RsaKeySource = () => Promise<KeyObject>;

/** A fresh RSA-2048 key, made on libuv's thread pool (≈ 0.1–0.2 s of CPU each on this project's machine). */
export const generateRsaKey: RsaKeySource = async () => (await generateRsa('rsa', { modulusLength: 2048 })).privateKey;

// Like Cognito's, the kid is derived from the key material: a base64 SHA-256 of the modulus (and the use).
const kidOf = (use: 'id' | 'access', modulus: string) => createHash('sha256').update(`${use}:${modulus}`).digest('base64');

/**
 * A source may offer keys the store already holds (reused keys, on a store two test servers share):
 * passed over, up to this many for one key (more than a reusing source keeps), then it is an error.
 */
const MAX_KEYS_PASSED_OVER = 1_000;

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface KeyService {
  /**
   * A new pool's two keys, made and sealed, for the caller to insert: made before any transaction
   * opens, since a transaction held while keys are generated would hold up every other query.
   */
  newPoolKeys(poolId: string): Promise<PoolKeyRecord[]>;
  /** newPoolKeys, inserted at once. */
  createPoolKeys(poolId: string): Promise<void>;
  signingKey(poolId: string, use: 'id' | 'access'): Promise<SigningKey>;
  /** The public key for a kid, or undefined when no pool has it. */
  publicKey(kid: string): Promise<{ poolId: string; key: KeyObject } | undefined>;
  jwks(poolId: string): Promise<{ keys: Json[] }>;
}

export function createKeyService(store: Store, sealer: Sealer, clock: Clock, newRsaKey: RsaKeySource = generateRsaKey): KeyService {
  const signing = new Map<string, SigningKey>();
  const verifying = new Map<string, { poolId: string; key: KeyObject }>();

  // A key the store holds, under either use's kid, is passed over: pools never share key material.
  const keyInStore = async (modulus: string) => (await store.keys.find(kidOf('id', modulus))) ?? (await store.keys.find(kidOf('access', modulus)));

  /** The pool's key for one use, as a record. */
  async function newKey(poolId: string, use: 'id' | 'access'): Promise<PoolKeyRecord> {
    for (let passedOver = 0; passedOver <= MAX_KEYS_PASSED_OVER; passedOver++) {
      const privateKey = await newRsaKey();
      const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
      if (await keyInStore(jwk.n!)) continue;
      const kid = kidOf(use, jwk.n!);
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
      return {
        kid, poolId, tokenUse: use, createdAt: clock.now(), retiredAt: null,
        privateKeySealed: sealer.seal(pem, SEAL_PURPOSE),
        publicJwk: { alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' },
      };
    }
    throw new Error(`the key source offered ${MAX_KEYS_PASSED_OVER} keys in a row that pool ${poolId}'s store already holds`);
  }

  const newPoolKeys = (poolId: string) =>
    // Both keys at once: generation runs on libuv's thread pool, and it is most of CreateUserPool's time.
    Promise.all([newKey(poolId, 'id'), newKey(poolId, 'access')]);

  return {
    newPoolKeys,

    async createPoolKeys(poolId) {
      for (const key of await newPoolKeys(poolId)) await store.keys.insert(key);
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
