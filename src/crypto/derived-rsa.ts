// An RSA-2048 key derived from a secret seed: the same seed always gives the same key, so a key
// that belongs to the server (not to a pool) needs no storage and is the same in every process that
// shares the key-encryption key. node:crypto cannot seed its key generation, so the primes are
// drawn here from an HMAC-SHA256 stream of the seed and tested by OpenSSL (crypto.checkPrime);
// the key object is then built from its JWK, which OpenSSL validates.
import { checkPrime, createHmac, createPrivateKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const isPrime = promisify(checkPrime);
const E = 65537n;
const PRIME_BYTES = 128;
// A 1024-bit odd number is prime with probability about 1/355: 20 000 candidates never all fail.
const MAX_CANDIDATES = 20_000;

/** Deterministic bytes: HMAC-SHA256(seed, label || counter) blocks, concatenated. */
function byteStream(seed: Buffer, label: string): (length: number) => Buffer {
  let counter = 0;
  return (length) => {
    const blocks: Buffer[] = [];
    for (let have = 0; have < length; have += 32) blocks.push(createHmac('sha256', seed).update(`${label}:${counter++}`).digest());
    return Buffer.concat(blocks).subarray(0, length);
  };
}

const toBigInt = (bytes: Buffer): bigint => BigInt(`0x${bytes.toString('hex')}`);

function toBase64Url(value: bigint): string {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error('no modular inverse');
  return ((s0 % m) + m) % m;
}

/** The next 1024-bit prime p of the stream with gcd(e, p − 1) = 1; its top two bits set so that p·q has 2048 bits. */
async function nextPrime(next: (length: number) => Buffer): Promise<bigint> {
  for (let i = 0; i < MAX_CANDIDATES; i++) {
    const candidate = next(PRIME_BYTES);
    candidate[0] |= 0xc0;
    candidate[PRIME_BYTES - 1] |= 1;
    const value = toBigInt(candidate);
    if ((value - 1n) % E !== 0n && (await isPrime(candidate))) return value;
  }
  throw new Error('no prime found in the derived stream');
}

/** The RSA-2048 private key (e = 65537) that `seed` (at least 32 secret bytes) derives. */
export async function deriveRsaKey(seed: Buffer): Promise<KeyObject> {
  if (seed.length < 32) throw new Error('the seed of a derived key must have at least 32 bytes');
  const next = byteStream(seed, 'gatehouse derived rsa v1');
  const p = await nextPrime(next);
  const q = await nextPrime(next);
  if (q === p) throw new Error('the derived stream repeated a prime');
  const d = modInverse(E, (p - 1n) * (q - 1n));
  return createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'RSA',
      n: toBase64Url(p * q),
      e: toBase64Url(E),
      d: toBase64Url(d),
      p: toBase64Url(p),
      q: toBase64Url(q),
      dp: toBase64Url(d % (p - 1n)),
      dq: toBase64Url(d % (q - 1n)),
      qi: toBase64Url(modInverse(q, p)),
    },
  });
}
