// Builds the CLI and server as ES modules in dist/cli: index.js (the command table), testing.js
// (`gatehouse/testing`, the server started from a test suite) and chunks that
// each command loads when it runs, so `gatehouse --help` or `gatehouse outbox` never loads the
// server. Bundled, they load in a fraction of the time of tsc's ~170 modules plus Kysely's and
// TypeBox's many files. Native and optional packages stay external.
// Type checking is `npm run typecheck`; tests run the TypeScript sources directly.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, sourceFingerprint } from './source-fingerprint.mjs';

/** The file in a build folder that names the sources it was built from. */
export const STAMP = 'source-fingerprint';

/**
 * Builds into a temporary folder next to `dir` and renames it into place, so a process starting
 * meanwhile sees either no build or a whole one. When `dir` already exists (a concurrent build of
 * the same sources won), it is kept unless `replace`.
 */
export async function buildInto(dir, { fingerprint = sourceFingerprint(), replace = false } = {}) {
  const { build } = await import('esbuild');
  const staging = `${dir}.${process.pid}-${Date.now()}.tmp`;
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: { index: 'src/cli/index.ts', testing: 'src/testing.ts' },
      outdir: staging,
      bundle: true,
      splitting: true,
      chunkNames: 'chunk-[hash]',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
      // Native addons, the PostgreSQL driver and SMTP load from node_modules, only when used.
      external: ['better-sqlite3', '@node-rs/argon2', '@node-rs/bcrypt', 'pg', 'pg-native', 'nodemailer', 'yaml'],
      // Bundled CommonJS packages (Fastify, pino) call require(): give each ES module one.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    writeFileSync(join(staging, STAMP), `${fingerprint}\n`);
    if (replace) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildInto(join(ROOT, 'dist', 'cli'), { replace: true });
}
