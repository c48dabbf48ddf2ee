// `gatehouse/testing`: startGatehouse() from the compiled bundle. An installed package has dist/cli;
// a checkout builds the sources as they are now on first use (as bin/gatehouse.js does). No
// top-level await, so that require() of this module works where Node allows require(esm).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
let loading;

async function load() {
  // Node (22.1 and later) keeps the compiled code of the modules this process loads from here on
  // between starts, in the OS temp folder, checked against each module's source (what
  // NODE_COMPILE_CACHE turns on): a suite's workers start ≈ 60 ms sooner.
  module.enableCompileCache?.();
  let build = join(root, 'dist', 'cli');
  if (existsSync(join(root, 'src', 'testing.ts'))) {
    const { currentBuild } = await import(pathToFileURL(join(root, 'scripts', 'checkout-build.mjs')).href);
    build = await currentBuild();
  }
  return import(pathToFileURL(join(build, 'testing.js')).href);
}

/** @type {import('./testing.d.mts').startGatehouse} */
export async function startGatehouse(options) {
  loading ??= load();
  return (await loading).startGatehouse(options);
}
