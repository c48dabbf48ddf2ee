// g^x mod p for the RFC 3526 3072-bit group (modp15, g = 2) without a DiffieHellman object. From
// Node 24 on, createDiffieHellman(p, g) checks that p is a safe prime (≈ 1.1 s of CPU); importing a
// DH private key for the same group does not, and OpenSSL derives its public value, g^x, on import.
// So SRP verifiers (made at every sign-up and password change) cost one exponentiation here, and a
// process that never runs an SRP sign-in never pays for the check (see srp.ts).
import { createPrivateKey, createPublicKey, getDiffieHellman } from 'node:crypto';

const PRIME = getDiffieHellman('modp15').getPrime();
// dhKeyAgreement (PKCS #3), the algorithm of a DH key with explicit parameters.
const DH_KEY_AGREEMENT_OID = Buffer.from('2a864886f70d010301', 'hex');

/** A DER length: short form below 128, else long form (at most two bytes here). */
function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x100) return Buffer.from([0x81, length]);
  return Buffer.from([0x82, length >> 8, length & 0xff]);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
};

/** An integer's big-endian bytes without leading zeros (zero, or no bytes at all, is one 0x00 byte). */
export function withoutLeadingZeros(bytes: Buffer): Buffer {
  if (bytes.length === 0) return Buffer.from([0]);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

/** A non-negative DER INTEGER from big-endian bytes. */
function derInteger(bytes: Buffer): Buffer {
  const minimal = withoutLeadingZeros(bytes);
  return tlv(0x02, minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

// AlgorithmIdentifier { dhKeyAgreement, DHParameter { prime, base } }: the same for every key.
const ALGORITHM = tlv(0x30, tlv(0x06, DH_KEY_AGREEMENT_OID), tlv(0x30, derInteger(PRIME), derInteger(Buffer.from([2]))));
const VERSION_0 = derInteger(Buffer.from([0]));

/** The content of the DER element starting at `at`: its tag and where its content starts and ends. */
function element(der: Buffer, at: number): { tag: number; start: number; end: number } {
  const first = der[at + 1]!;
  if (!(first & 0x80)) return { tag: der[at]!, start: at + 2, end: at + 2 + first };
  let length = 0;
  for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + der[at + 2 + i]!;
  const start = at + 2 + (first & 0x7f);
  return { tag: der[at]!, start, end: start + length };
}

/** 2^x mod p (big-endian bytes, no leading zeros), x given as big-endian bytes. */
export function powerOfTwo(x: Buffer): Buffer {
  const privateKey = createPrivateKey({ key: tlv(0x30, VERSION_0, ALGORITHM, tlv(0x04, derInteger(x))), format: 'der', type: 'pkcs8' });
  // SubjectPublicKeyInfo { algorithm, BIT STRING { unused-bits byte, INTEGER y } }
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const info = element(spki, 0);
  const algorithm = element(spki, info.start);
  const bits = element(spki, algorithm.end);
  const y = element(spki, bits.start + 1);
  if (info.tag !== 0x30 || bits.tag !== 0x03 || y.tag !== 0x02) throw new Error('unexpected DH public key encoding');
  return withoutLeadingZeros(spki.subarray(y.start, y.end));
}
