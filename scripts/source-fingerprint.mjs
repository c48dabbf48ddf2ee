// The identity of what a build of the CLI is made from: a hash of the contents of src/, the build
// scripts, tsconfig.json (esbuild reads it) and the locked dependency versions (the bundle includes
// Fastify, Kysely, TypeBox and pino).
// Contents, not modification times: a checkout, a copy or a packed package keeps the contents but
// not the times, and a time cannot tell an edit undone from one made during a build. Hashing the
// ~1 MB of sources costs a few milliseconds.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = ['src', 'scripts/build.mjs', 'scripts/source-fingerprint.mjs', 'package-lock.json', 'tsconfig.json'];

function files(path) {
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOTDIR') return [path];
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  return entries.flatMap((entry) => (entry.isDirectory() || entry.isFile() ? files(join(path, entry.name)) : []));
}

export function sourceFingerprint(root = ROOT) {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => files(join(root, input))).sort()) {
    // The path and the length go in too, so moving bytes between files changes the hash.
    const content = readFileSync(file);
    hash.update(`${relative(root, file)}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex').slice(0, 24);
}
