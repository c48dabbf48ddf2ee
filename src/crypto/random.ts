// Identifiers and one-time values in Cognito's shapes, from the CSPRNG.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LOWER_ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** `<region>_<9 alphanumerics>`, as Cognito's pool ids. */
export const newPoolId = (region: string): string => `${region}_${randomString(ALNUM, 9)}`;
/** 26 lowercase letters and digits, as Cognito's app client ids. */
export const newClientId = (): string => randomString(LOWER_ALNUM, 26);
/** 51 lowercase letters and digits, as Cognito's client secrets. */
export const newClientSecret = (): string => randomString(LOWER_ALNUM, 51);
export const newUuid = (): string => randomUUID();
/** A 6-digit confirmation code. */
export const newCode = (): string => String(randomInt(1_000_000)).padStart(6, '0');
/** An opaque bearer value (refresh tokens, sessions): 256 bits, base64url. */
export const newOpaqueToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
export const newAccessKeyId = (): string => `AKGH${randomString('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
export const newSecretAccessKey = (): string => randomBytes(30).toString('base64').replace(/[+/]/g, 'x');

/** A temporary password that meets any policy Cognito allows (≤ 99 long, all four classes). */
export function newTemporaryPassword(minimumLength: number): string {
  const length = Math.max(12, minimumLength);
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#$%^&*-_=+'];
  const chars = classes.map((c) => c[randomInt(c.length)]);
  const all = classes.join('');
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** `import-<10 alphanumerics>`, as Cognito's user import job ids. */
export const newImportJobId = (): string => `import-${randomString(ALNUM, 10)}`;
/** 25 lowercase letters and digits: the part of Cognito's session ids after "tkn" or "sso". */
export const newSessionSuffix = (): string => randomString(LOWER_ALNUM, 25);
