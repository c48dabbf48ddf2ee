// Password hashes brought in by a user import job (PasswordHashingAlgorithm), in the string
// formats other systems write them, each verified in its own algorithm:
// - BCRYPT: Modular Crypt Format `$2a$`, `$2b$` or `$2y$` + 2-digit cost + 53 characters;
// - SCRYPT: PHC `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>` (passlib's and @phc/scrypt's);
// - PBKDF2_SHA256: `$pbkdf2-sha256$<rounds>$<salt>$<hash>` (passlib) or `$pbkdf2-sha256$i=<rounds>$…`
//   (PHC), and Django's `pbkdf2_sha256$<rounds>$<salt>$<hash>` (its salt is used as text);
// - ARGON2ID: PHC `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>`.
// Salts and hashes are base64 without padding; passlib's "." for "+" is read too. Costs are bounded
// so that one imported hash cannot make a sign-in take a core for seconds or memory by the GiB.
import { pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { verify as verifyArgon2 } from '@node-rs/argon2';
import { verify as verifyBcrypt } from '@node-rs/bcrypt';

export const HASHING_ALGORITHMS = ['BCRYPT', 'SCRYPT', 'ARGON2ID', 'PBKDF2_SHA256'] as const;
export type HashingAlgorithm = (typeof HASHING_ALGORITHMS)[number];

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

const B64 = '[A-Za-z0-9+/.]+={0,2}';
const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const SCRYPT = new RegExp(`^\\$scrypt\\$ln=(\\d{1,2}),r=(\\d{1,3}),p=(\\d{1,3})\\$(${B64})\\$(${B64})$`);
const PBKDF2 = new RegExp(`^\\$pbkdf2-sha256\\$(?:i=)?(\\d{1,9})(?:,l=\\d{1,3})?\\$(${B64})\\$(${B64})$`);
const DJANGO_PBKDF2 = /^pbkdf2_sha256\$(\d{1,9})\$([^$]{1,128})\$([A-Za-z0-9+/]+={0,2})$/;
const ARGON2ID = new RegExp(`^\\$argon2id\\$(?:v=(16|19)\\$)?m=(\\d{1,9}),t=(\\d{1,4}),p=(\\d{1,3})\\$(${B64})\\$(${B64})$`);

const MAX_BCRYPT_COST = 15;
const MAX_SCRYPT_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_PBKDF2_ROUNDS = 10_000_000;
const MAX_ARGON2_MEMORY_KIB = 256 * 1024;

const decode = (text: string): Buffer => Buffer.from(text.replace(/\./g, '+'), 'base64');
const scryptMemory = (ln: number, r: number): number => 128 * 2 ** ln * r;

/** Why `hash` is no acceptable hash of `algorithm`, or undefined when it is. */
export function checkImportedHash(algorithm: HashingAlgorithm, hash: string): string | undefined {
  const invalid = `The password hash is not a valid ${algorithm} hash.`;
  switch (algorithm) {
    case 'BCRYPT': {
      const m = BCRYPT.exec(hash);
      if (!m) return invalid;
      const cost = Number(m[1]);
      return cost >= 4 && cost <= MAX_BCRYPT_COST ? undefined : `The bcrypt cost must be between 4 and ${MAX_BCRYPT_COST}.`;
    }
    case 'SCRYPT': {
      const m = SCRYPT.exec(hash);
      if (!m) return invalid;
      const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (ln < 1 || r < 1 || p < 1 || p > 16 || scryptMemory(ln, r) > MAX_SCRYPT_MEMORY_BYTES) return 'The scrypt parameters are out of range (at most 256 MiB, p at most 16).';
      return decode(m[5]!).length >= 16 && decode(m[5]!).length <= 64 ? undefined : invalid;
    }
    case 'PBKDF2_SHA256': {
      const m = PBKDF2.exec(hash) ?? DJANGO_PBKDF2.exec(hash);
      if (!m) return invalid;
      const rounds = Number(m[1]);
      if (rounds < 1 || rounds > MAX_PBKDF2_ROUNDS) return `The PBKDF2 rounds must be between 1 and ${MAX_PBKDF2_ROUNDS}.`;
      return decode(m[3]!).length >= 16 && decode(m[3]!).length <= 64 ? undefined : invalid;
    }
    case 'ARGON2ID': {
      const m = ARGON2ID.exec(hash);
      if (!m) return invalid;
      const [memory, passes, lanes] = [Number(m[2]), Number(m[3]), Number(m[4])];
      if (memory < 8 * lanes || memory > MAX_ARGON2_MEMORY_KIB || passes < 1 || passes > 16 || lanes < 1 || lanes > 16) {
        return 'The argon2id parameters are out of range (m at most 262144 KiB, t and p at most 16).';
      }
      return undefined;
    }
  }
}

/** Whether `hash` is in one of the imported formats (as opposed to this server's own argon2id). */
export const isImportedFormat = (hash: string): boolean =>
  BCRYPT.test(hash) || SCRYPT.test(hash) || PBKDF2.test(hash) || DJANGO_PBKDF2.test(hash);

const equal = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/**
 * Verifies `password` against a stored hash of any accepted format (this server's own argon2id
 * included); false for a malformed hash. Every comparison is constant-time.
 */
export async function verifyStoredHash(hash: string, password: string): Promise<boolean> {
  if (hash.startsWith('$argon2')) return verifyArgon2(hash, password);
  if (BCRYPT.test(hash)) return verifyBcrypt(password, hash);
  let m = SCRYPT.exec(hash);
  if (m) {
    const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const expected = decode(m[5]!);
    if (scryptMemory(ln, r) > MAX_SCRYPT_MEMORY_BYTES) return false;
    const derived = await scryptAsync(password, decode(m[4]!), expected.length, { N: 2 ** ln, r, p, maxmem: scryptMemory(ln, r) + 1024 * 1024 });
    return equal(derived, expected);
  }
  m = PBKDF2.exec(hash);
  const django = m ? undefined : DJANGO_PBKDF2.exec(hash);
  if (m || django) {
    const [, rounds, salt, checksum] = (m ?? django)!;
    const expected = decode(checksum!);
    if (Number(rounds) > MAX_PBKDF2_ROUNDS || expected.length === 0) return false;
    // Django uses its salt as text; passlib and PHC strings carry the salt's bytes in base64.
    const saltBytes = django ? Buffer.from(salt!, 'utf8') : decode(salt!);
    return equal(await pbkdf2Async(password, saltBytes, Number(rounds), expected.length, 'sha256'), expected);
  }
  return false;
}
