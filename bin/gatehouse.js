#!/usr/bin/env node
// Runs the CLI from its compiled bundle. An installed package runs dist/cli. In a checkout (src/
// present) it runs the build of the sources as they are now, building it first when they changed:
// never stale, and without compiling TypeScript at every start.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
let build = join(root, 'dist', 'cli');
if (existsSync(join(root, 'src', 'cli', 'index.ts'))) {
  const { currentBuild } = await import(pathToFileURL(join(root, 'scripts', 'checkout-build.mjs')).href);
  try {
    build = await currentBuild();
  } catch (error) {
    console.error(`gatehouse: ${error.message}`);
    process.exit(1);
  }
}
await import(pathToFileURL(join(build, 'index.js')).href);
