#!/usr/bin/env node
// Runs the CLI from its compiled bundle. An installed package runs dist/cli. In a checkout (src/
// present) it runs the build of the sources as they are now, building it first when they changed:
// never stale, and without compiling TypeScript at every start.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node (22.1 and later) keeps the compiled code of the modules loaded from here on between starts, in
// the OS temp folder, checked against each module's source: ≈ 60 ms less per start on Node 26.
module.enableCompileCache?.();

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
