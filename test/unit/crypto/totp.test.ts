// TOTP against RFC 6238 Appendix B (SHA-1 secret "12345678901234567890"; 6-digit truncations).
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, matchTotp, totpCode } from '../../../src/crypto/totp.js';

const SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors', () => {
    expect(SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(totpCode(SECRET, Math.floor(59 / 30))).toBe('287082');
    expect(totpCode(SECRET, Math.floor(1111111109 / 30))).toBe('081804');
    expect(totpCode(SECRET, Math.floor(1234567890 / 30))).toBe('005924');
    expect(totpCode(SECRET, Math.floor(20000000000 / 30))).toBe('353130');
  });

  it('round-trips base32 without padding', () => {
    for (const length of [1, 5, 19, 20]) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 37) & 255));
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });

  it('accepts one step of drift either way and nothing further', () => {
    const now = 1111111109_000;
    const step = Math.floor(now / 30_000);
    for (const drift of [-1, 0, 1]) expect(matchTotp(SECRET, totpCode(SECRET, step + drift), now)).toBe(step + drift);
    for (const drift of [-2, 2]) {
      const code = totpCode(SECRET, step + drift);
      if (![-1, 0, 1].some((d) => totpCode(SECRET, step + d) === code)) expect(matchTotp(SECRET, code, now)).toBeUndefined();
    }
    expect(matchTotp(SECRET, '12345', now)).toBeUndefined();
  });
});
