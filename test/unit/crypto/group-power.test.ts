// 2^x mod p through an imported DH key (group-power.ts) against an independent BigInt
// exponentiation: the SRP verifiers made without the DiffieHellman engine are the same numbers.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { powerOfTwo } from '../../../src/crypto/group-power.js';
import { N, modPow, big } from '../../helpers/srp-client.js';

const expected = (x: Buffer): string => modPow(2n, big(x.toString('hex')), N).toString(16);
const actual = (x: Buffer): string => big(powerOfTwo(x).toString('hex')).toString(16);

describe('powerOfTwo', () => {
  it('is 2^x mod p for 256-bit exponents, with and without the high bit or leading zero bytes', () => {
    const exponents = [
      randomBytes(32),
      Buffer.concat([Buffer.from([0x80]), randomBytes(31)]),
      Buffer.concat([Buffer.from([0x00, 0x00, 0x01]), randomBytes(29)]),
    ];
    for (const x of exponents) expect(actual(x)).toBe(expected(x));
  });

  it('is 2^x mod p for exponents of other lengths, small and as long as the prime', () => {
    for (const x of [Buffer.from([3]), Buffer.from([0x01, 0x00]), randomBytes(200), Buffer.concat([Buffer.from([0x7f]), randomBytes(383)])]) {
      expect(actual(x)).toBe(expected(x));
    }
  });

  it('answers without leading zero bytes', () => {
    for (let i = 0; i < 8; i++) expect(powerOfTwo(randomBytes(32))[0]).not.toBe(0);
  });
});
