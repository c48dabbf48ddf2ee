// Which build `bin/gatehouse.js` runs in a checkout: the build of the sources as they are now,
// never a stale one. Builds are kept in dist/checkout/<fingerprint>/; a missing one is built first
// (esbuild: well under a second). `npm run build`'s dist/cli is used when it matches.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sourceFingerprint } from './source-fingerprint.mjs';
import { STAMP, buildInto } from './build.mjs';

const BUILDS = join(ROOT, 'dist', 'checkout');
/** Older builds are removed, but never the last few nor a recent one a running process may still load chunks from. */
const KEEP_BUILDS = 3;
const KEEP_MS = 60 * 60 * 1000;

const builtFrom = (dir) => {
  try {
    return readFileSync(join(dir, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
};

function pruneBuilds(current) {
  const builds = readdirSync(BUILDS)
    .map((name) => ({ dir: join(BUILDS, name), mtime: statSync(join(BUILDS, name)).mtimeMs }))
    .filter((b) => b.dir !== current)
    .sort((a, b) => b.mtime - a.mtime);
  for (const build of builds.slice(KEEP_BUILDS - 1)) {
    if (Date.now() - build.mtime > KEEP_MS) rmSync(build.dir, { recursive: true, force: true });
  }
}

/** The folder of the build to run (holding index.js). */
export async function currentBuild() {
  const fingerprint = sourceFingerprint();
  const released = join(ROOT, 'dist', 'cli');
  if (builtFrom(released) === fingerprint) return released;
  const dir = join(BUILDS, fingerprint);
  if (builtFrom(dir) === fingerprint) return dir;
  try {
    await buildInto(dir, { fingerprint });
  } catch (error) {
    // esbuild has printed each error with its source line.
    if (Array.isArray(error.errors)) throw new Error(`the sources in src/ do not build (${error.errors.length} error(s) above)`);
    throw error;
  }
  pruneBuilds(dir);
  return dir;
}
