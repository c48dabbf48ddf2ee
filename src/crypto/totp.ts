// TOTP (RFC 6238 over RFC 4226): HMAC-SHA1, 6 digits, 30-second steps; secrets as Cognito's
// SecretCode, RFC 4648 base32 without padding.
import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './digest.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_MS = 30_000;

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new secret: 20 random bytes, 32 base32 characters. */
export const newTotpSecret = (): string => base32Encode(randomBytes(20));

export function totpCode(secret: string, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** The time step the code belongs to (now, one before or one after), or undefined. */
export function matchTotp(secret: string, code: string, nowMs: number): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const current = Math.floor(nowMs / TOTP_STEP_MS);
  let matched: number | undefined;
  // Every candidate is compared, so the time taken does not depend on which one matched.
  for (const counter of [current - 1, current, current + 1]) {
    if (constantTimeEqual(totpCode(secret, counter), code) && matched === undefined) matched = counter;
  }
  return matched;
}
