#!/usr/bin/env node
// In a checkout (src/ present) the CLI runs from the TypeScript sources through tsx, so it can
// never be a stale build; an installed package without src/ runs the compiled dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/index.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli/index.js', import.meta.url).href);
}
