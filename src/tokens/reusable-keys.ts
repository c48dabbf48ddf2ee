// Test servers only (gatehouse/testing and this repository's tests; never `gatehouse serve`): RSA
// keys reused from one test server to the next. Each pool gets two RSA-2048 keys, and making one
// takes 0.1–0.2 s of CPU here, so key generation was most of what a test server spent creating its
// pools (68 % of the time of this repository's API tests). A test server's tokens protect nothing
// outside the test, so its keys may be known to the next test server. Within one server a key still
// goes to one pool only: the source hands each key out once, and the key service passes over a key
// its store already holds (two servers sharing one store), so kids stay unique and pools never
// share a key.
//
// Kept in the process, and in a file when one is given (node_modules/.cache/…, written owner-only,
// replaced whole by a rename so that a reader never sees half of it): the next process starts with
// the keys the earlier ones made. A file that cannot be read, or entries that are not RSA-2048 keys,
// are ignored: the source then generates.
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateRsaKey, type RsaKeySource } from './keys.js';

/** Most keys kept (≈ 1.7 KB each in the file): enough for a test server that creates 128 pools. */
export const MAX_KEPT_KEYS = 256;

/** The file kept under a project's node_modules/.cache (where build tools keep theirs); undefined when it has no node_modules. */
export function keptKeysFileUnder(projectRoot: string): string | undefined {
  const modules = join(projectRoot, 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'gatehouse', 'test-signing-keys.json') : undefined;
}

/** The keys known to this process, by file ('' for none), as PKCS #8 PEM, oldest first. */
const keptByFile = new Map<string, string[]>();

function isRsa2048(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'rsa' && key.asymmetricKeyDetails?.modulusLength === 2048;
}

function readKeptFile(file: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((pem): pem is string => typeof pem === 'string').slice(0, MAX_KEPT_KEYS) : [];
  } catch {
    return [];
  }
}

/** The file's keys merged with this process's, written whole (best effort: a cache that cannot be written is only slower). */
function writeKeptFile(file: string, kept: string[]): void {
  const merged = [...new Set([...readKeptFile(file), ...kept])].slice(0, MAX_KEPT_KEYS);
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(partial, JSON.stringify(merged), { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    rmSync(partial, { force: true });
  }
}

/**
 * A key source for one test server: the kept keys first, each once, then generated ones, which are
 * kept for the servers after it (in this process, and in `file` when given).
 */
export function reusableRsaKeys(file?: string, generate: RsaKeySource = generateRsaKey): RsaKeySource {
  const name = file ?? '';
  const keys = keptByFile.get(name) ?? (file ? readKeptFile(file) : []);
  keptByFile.set(name, keys);
  const given = new Set<string>();
  let next = 0;
  return async () => {
    // Taken before anything awaits: two keys asked for at once get different ones.
    while (next < keys.length) {
      const pem = keys[next++]!;
      if (given.has(pem)) continue;
      given.add(pem);
      try {
        const key = createPrivateKey(pem);
        if (isRsa2048(key)) return key;
      } catch {
        // Not a key: pass over it.
      }
    }
    const key = await generate();
    const pem = key.export({ format: 'pem', type: 'pkcs8' }) as string;
    given.add(pem);
    if (keys.length < MAX_KEPT_KEYS) {
      keys.push(pem);
      if (file) writeKeptFile(file, keys);
    }
    return key;
  };
}
