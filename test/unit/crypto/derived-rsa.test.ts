// A key derived from a seed: the same seed gives the same RSA-2048 key, another seed another key.
import { describe, expect, it } from 'vitest';
import { createPublicKey, sign, verify } from 'node:crypto';
import { deriveRsaKey } from '../../../src/crypto/derived-rsa.js';

const modulus = (key: Awaited<ReturnType<typeof deriveRsaKey>>) => createPublicKey(key).export({ format: 'jwk' }).n;

describe('deriveRsaKey', () => {
  it('derives the same RSA-2048 key, e = 65537, from the same seed, and a working one', async () => {
    const seed = Buffer.alloc(32, 7);
    const [a, b] = [await deriveRsaKey(seed), await deriveRsaKey(Buffer.from(seed))];
    expect(a.asymmetricKeyDetails).toEqual({ modulusLength: 2048, publicExponent: 65537n });
    expect(modulus(a)).toBe(modulus(b));
    const signature = sign('sha256', Buffer.from('message'), a);
    expect(verify('sha256', Buffer.from('message'), createPublicKey(b), signature)).toBe(true);
  });

  it('derives another key from another seed, and refuses a short seed', async () => {
    expect(modulus(await deriveRsaKey(Buffer.alloc(32, 8)))).not.toBe(modulus(await deriveRsaKey(Buffer.alloc(32, 7))));
    await expect(deriveRsaKey(Buffer.alloc(16, 1))).rejects.toThrow(/at least 32 bytes/);
  });
});
