#!/usr/bin/env node
// Runs the built CLI when `npm run build` has produced dist/, and the TypeScript sources
// through tsx otherwise, so `npx gatehouse` works straight after `npm ci`.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/index.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/index.ts', import.meta.url).href);
}
