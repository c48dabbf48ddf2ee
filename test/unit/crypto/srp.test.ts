// The server's SRP math (OpenSSL exponentiations) against a second, independent implementation
// written here with BigInt, following amazon-cognito-identity-js's AuthenticationHelper.
import { describe, expect, it } from 'vitest';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  K_MULTIPLIER, checkClientPublic, claimSignature, createVerifier, formatTimestamp, padded, parseHex, parseTimestamp,
  serverEphemeral, serverSessionKey, toHex,
} from '../../../src/crypto/srp.js';
// The independent reference implementation (BigInt) shared with the tests' SRP client.
import { N, g, modPow, padHex, hexHash, big, k } from '../../helpers/srp-client.js';

const hashString = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function clientProof(options: { poolName: string; userId: string; password: string; saltHex: string; BHex: string; secretBlock: string; timestamp: string }) {
  const a = big(randomBytes(128).toString('hex'));
  const A = modPow(g, a, N);
  const B = big(options.BHex);
  const u = big(hexHash(padHex(A) + padHex(B)));
  const x = big(hexHash(padHex(big(options.saltHex)) + hashString(`${options.poolName}${options.userId}:${options.password}`)));
  const gx = modPow(g, x, N);
  const S = modPow(((B - k * gx) % N + N) % N, a + u * x, N);
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex')).update(Buffer.from(padHex(S), 'hex')).digest();
  const key = createHmac('sha256', prk).update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])])).digest().subarray(0, 16);
  const signature = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(options.poolName), Buffer.from(options.userId), Buffer.from(options.secretBlock, 'base64'), Buffer.from(options.timestamp)]))
    .digest('base64');
  return { A, signature };
}

describe('SRP math', () => {
  it('derives k exactly as identity-js does (padHex(N) ‖ padHex(g), not RFC 5054 padding)', () => {
    expect(K_MULTIPLIER).toBe(k);
  });

  it('encodes padHex as minimal two’s-complement bytes', () => {
    expect(padded(Buffer.from('7f', 'hex')).toString('hex')).toBe('7f');
    expect(padded(Buffer.from('80', 'hex')).toString('hex')).toBe('0080');
    expect(padded(Buffer.from('000001ff', 'hex')).toString('hex')).toBe('01ff');
    expect(padded(Buffer.from([])).toString('hex')).toBe('00');
    for (let i = 0; i < 50; i++) {
      const value = big(randomBytes(1 + (i % 40)).toString('hex'));
      expect(padded(parseHex(value.toString(16))!).toString('hex')).toBe(padHex(value));
    }
  });

  it('computes the verifier g^x mod N like the BigInt reference, including salts with leading zeros', () => {
    for (const saltHex of ['00ab' + randomBytes(14).toString('hex'), '9f' + randomBytes(15).toString('hex'), randomBytes(16).toString('hex')]) {
      const salt = Buffer.from(saltHex, 'hex');
      const { verifier } = createVerifier('AbC123xyz', 'alice', 'Passw0rd!', salt);
      const x = big(hexHash(padHex(big(saltHex)) + hashString('AbC123xyzalice:Passw0rd!')));
      expect(big(verifier.toString('hex'))).toBe(modPow(g, x, N));
    }
  });

  it('computes B = k·v + g^b mod N', () => {
    const { verifier } = createVerifier('Pool', 'bob', 'pw');
    const { b, B } = serverEphemeral(verifier);
    expect(big(B.toString('hex'))).toBe((k * big(verifier.toString('hex')) + modPow(g, big(b.toString('hex')), N)) % N);
  });

  it('agrees with an independent client on the key: a correct password signs, a wrong one does not', () => {
    for (let run = 0; run < 8; run++) {
      const password = `Pass-${run}-ü`;
      const { salt, verifier } = createVerifier('Xy12', 'user-é', password);
      const { b, B } = serverEphemeral(verifier);
      const secretBlock = randomBytes(64).toString('base64');
      const timestamp = formatTimestamp(Date.now());
      for (const [tried, matches] of [[password, true], [`${password}x`, false]] as const) {
        const client = clientProof({ poolName: 'Xy12', userId: 'user-é', password: tried, saltHex: toHex(salt), BHex: toHex(B), secretBlock, timestamp });
        const A = checkClientPublic(parseHex(client.A.toString(16))!)!;
        const key = serverSessionKey(A, B, b, verifier)!;
        const expected = claimSignature(key, 'Xy12', 'user-é', Buffer.from(secretBlock, 'base64'), timestamp);
        expect(expected === client.signature).toBe(matches);
      }
    }
  });

  it('refuses A ≡ 0 (mod N) and other degenerate values', () => {
    expect(checkClientPublic(parseHex(N.toString(16))!)).toBeUndefined();
    expect(checkClientPublic(parseHex((2n * N).toString(16))!)).toBeUndefined();
    expect(checkClientPublic(parseHex('0')!)).toBeUndefined();
    expect(checkClientPublic(parseHex('1')!)).toBeUndefined();
    expect(checkClientPublic(parseHex((N + 5n).toString(16))!)!.toString('hex')).toBe('05');
    expect(parseHex('xyz')).toBeUndefined();
  });
});

describe('SRP TIMESTAMP', () => {
  it('formats with an unpadded day and a two-digit hour', () => {
    expect(formatTimestamp(Date.UTC(2026, 8, 5, 9, 5, 3))).toBe('Sat Sep 5 09:05:03 UTC 2026');
    expect(formatTimestamp(Date.UTC(2026, 10, 26, 23, 59, 59))).toBe('Thu Nov 26 23:59:59 UTC 2026');
  });

  it('parses strictly: padded day, one-digit hour, wrong weekday and impossible dates are refused', () => {
    expect(parseTimestamp('Sat Sep 5 09:05:03 UTC 2026')).toBe(Date.UTC(2026, 8, 5, 9, 5, 3));
    expect(parseTimestamp('Sat Sep 05 09:05:03 UTC 2026')).toBeUndefined();
    expect(parseTimestamp('Sat Sep 5 9:05:03 UTC 2026')).toBeUndefined();
    expect(parseTimestamp('Fri Sep 5 09:05:03 UTC 2026')).toBeUndefined();
    expect(parseTimestamp('Mon Feb 30 09:05:03 UTC 2026')).toBeUndefined();
    expect(parseTimestamp('Sat Sep 5 09:05:03 GMT 2026')).toBeUndefined();
  });
});
