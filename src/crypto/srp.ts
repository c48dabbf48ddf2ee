// SRP-6a as Cognito (amazon-cognito-identity-js AuthenticationHelper) does it: the RFC 3526
// 3072-bit group, g = 2, SHA-256, every hashed integer in padHex form (minimal two's-complement
// big-endian bytes), the HKDF-derived 16-byte key and the HMAC over the signed message. Pure math,
// no store and no Cognito rules.
//
// Modular exponentiations run in OpenSSL through a DiffieHellman object whose private key is the
// exponent: computeSecret(base) is base^exponent mod N. The one modular multiplication and the
// addition per step are BigInt (microseconds against the milliseconds of an exponentiation).
import { createDiffieHellman, createHash, createHmac, getDiffieHellman, randomBytes, type DiffieHellman } from 'node:crypto';
import { powerOfTwo, withoutLeadingZeros } from './group-power.js';

const N_BYTES = getDiffieHellman('modp15').getPrime();
const N = BigInt(`0x${N_BYTES.toString('hex')}`);
const TWO = Buffer.from([2]);
// One object, reused: setPrivateKey + computeSecret run synchronously, so calls never interleave.
// Made on first use: from Node 24 on, making it checks that the 3072-bit prime is a safe prime
// (≈ 1.1 s of CPU), which a process that runs no SRP sign-in (a CLI command, a test suite's
// server that signs users up) should not pay: until it exists, verifiers are computed without it
// (group-power.ts). `gatehouse serve` makes it before it listens (prepareSrp), so that the first
// SRP sign-in does not stall every other request for that long.
let engine: DiffieHellman | undefined;

const srpEngine = (): DiffieHellman => (engine ??= createDiffieHellman(N_BYTES, TWO));

/** Makes the exponentiation engine now rather than at the first SRP step. */
export function prepareSrp(): void {
  srpEngine();
}

/** Private exponent length: 256 bits, twice the group's 128-bit security strength (NIST SP 800-56A). */
const EXPONENT_BYTES = 32;

const toBig = (bytes: Buffer): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`));

function fromBig(value: bigint): Buffer {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

/** padHex as bytes: minimal big-endian, with a 0x00 prepended when the high bit is set. */
export function padded(bytes: Buffer): Buffer {
  const m = withoutLeadingZeros(bytes);
  return m[0] & 0x80 ? Buffer.concat([Buffer.from([0]), m]) : m;
}

/** Parses hex as Cognito's clients send it: any length, leading zeros allowed; undefined if not hex. */
export function parseHex(hex: string): Buffer | undefined {
  if (!/^[0-9a-fA-F]{1,2048}$/.test(hex)) return undefined;
  return withoutLeadingZeros(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}

/** Lowercase hex of the integer, no padding (how SRP_B and SALT are transmitted). */
export const toHex = (bytes: Buffer): string => toBig(bytes).toString(16);

const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** base^exponent mod N through OpenSSL; base must lie in [2, N-2]. */
function modPow(base: Buffer, exponent: Buffer): Buffer {
  const dh = srpEngine();
  dh.setPrivateKey(exponent);
  return withoutLeadingZeros(dh.computeSecret(base));
}

export const K_MULTIPLIER = toBig(sha256(padded(N_BYTES), padded(TWO)));

export const POOL_GROUP = { N: N_BYTES, g: 2 } as const;

/** x = H(padHex(salt) ‖ H(P ‖ U ‖ ":" ‖ password)). */
export function privateKey(poolName: string, userId: string, password: string, salt: Buffer): Buffer {
  return sha256(padded(salt), sha256(Buffer.from(`${poolName}${userId}:${password}`, 'utf8')));
}

export interface Verifier {
  salt: Buffer;
  verifier: Buffer;
}

/** A fresh 16-byte salt and v = g^x mod N. */
export function createVerifier(poolName: string, userId: string, password: string, salt: Buffer = randomBytes(16)): Verifier {
  const x = privateKey(poolName, userId, password, salt);
  // Through the engine once it exists (faster on Node 20), else without making it.
  return { salt: withoutLeadingZeros(salt), verifier: engine ? modPow(TWO, x) : powerOfTwo(x) };
}

export interface ServerEphemeral {
  b: Buffer;
  B: Buffer;
}

/** b random, B = (k·v + g^b) mod N, never 0. */
export function serverEphemeral(verifier: Buffer): ServerEphemeral {
  for (let attempt = 0; attempt < 8; attempt++) {
    const b = randomBytes(EXPONENT_BYTES);
    const B = (K_MULTIPLIER * toBig(verifier) + toBig(modPow(TWO, b))) % N;
    if (B !== 0n) return { b, B: fromBig(B) };
  }
  throw new Error('could not draw a server ephemeral');
}

/** The client's A reduced mod N, or undefined when A mod N is 0 (or 1 / N-1, which OpenSSL refuses as bases). */
export function checkClientPublic(A: Buffer): Buffer | undefined {
  const a = toBig(A) % N;
  if (a <= 1n || a === N - 1n) return undefined;
  return fromBig(a);
}

/** u = H(padHex(A) ‖ padHex(B)). */
const scramble = (A: Buffer, B: Buffer): Buffer => sha256(padded(A), padded(B));

/**
 * The server's session key: S = (A · v^u)^b mod N, then HKDF-SHA256(salt = padHex(u),
 * ikm = padHex(S), info = "Caldera Derived Key" ‖ 0x01), 16 bytes. Undefined when u is 0 or the
 * base degenerates (a malicious A), which the caller treats as a failed proof.
 */
export function serverSessionKey(A: Buffer, B: Buffer, b: Buffer, verifier: Buffer): Buffer | undefined {
  const u = scramble(A, B);
  if (toBig(u) === 0n) return undefined;
  const base = (toBig(A) * toBig(modPow(verifier, u))) % N;
  if (base <= 1n || base === N - 1n) return undefined;
  const S = modPow(fromBig(base), b);
  return derivedKey(u, S);
}

export function derivedKey(u: Buffer, S: Buffer): Buffer {
  const prk = createHmac('sha256', padded(u)).update(padded(S)).digest();
  return createHmac('sha256', prk).update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])])).digest().subarray(0, 16);
}

/** PASSWORD_CLAIM_SIGNATURE: base64 HMAC-SHA256(K, P ‖ U ‖ secretBlock ‖ timestamp). */
export function claimSignature(key: Buffer, poolName: string, userId: string, secretBlock: Buffer, timestamp: string): string {
  return createHmac('sha256', key)
    .update(Buffer.from(poolName, 'utf8'))
    .update(Buffer.from(userId, 'utf8'))
    .update(secretBlock)
    .update(Buffer.from(timestamp, 'utf8'))
    .digest('base64');
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIMESTAMP = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC ([0-9]{4})$/;

/** `EEE MMM d HH:mm:ss UTC yyyy` (day without a leading zero), as identity-js's DateHelper writes it. */
export function formatTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** Strict parse: the exact format, a real calendar date, the weekday consistent with it. */
export function parseTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, weekday, month, day, hh, mm, ss, year] = m;
  const ms = Date.UTC(Number(year), MONTHS.indexOf(month), Number(day), Number(hh), Number(mm), Number(ss));
  const d = new Date(ms);
  if (d.getUTCDate() !== Number(day) || WEEKDAYS[d.getUTCDay()] !== weekday) return undefined;
  return ms;
}
