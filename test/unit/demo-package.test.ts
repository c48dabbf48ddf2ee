// apps/demo is what a Cognito user copies: its sources import only what its own package.json
// lists (or Node's built-ins) and nothing outside apps/demo/src (not Gatehouse, not the quick start).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO = fileURLToPath(new URL('../../apps/demo/', import.meta.url));
const SRC = join(DEMO, 'src');
const manifest = JSON.parse(readFileSync(join(DEMO, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };

const importsOf = (source: string): string[] =>
  [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((match) => match[1]);
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

describe('the demo app as a package of its own', () => {
  const files = readdirSync(SRC).filter((name) => name.endsWith('.ts'));

  it('imports only its own sources, Node built-ins and the dependencies its package.json lists', () => {
    const outside: string[] = [];
    for (const file of files) {
      for (const specifier of importsOf(readFileSync(join(SRC, file), 'utf8'))) {
        if (specifier.startsWith('node:')) continue;
        if (specifier.startsWith('.')) {
          const target = resolve(dirname(join(SRC, file)), specifier);
          if (relative(SRC, target).startsWith('..')) outside.push(`${file}: ${specifier}`);
        } else if (!(packageOf(specifier) in manifest.dependencies)) {
          outside.push(`${file}: ${specifier}`);
        }
      }
    }
    expect(files).toContain('main.ts');
    expect(outside).toEqual([]);
  });

  it('starts with its own `npm start`, and verifies tokens with aws-jwt-verify', () => {
    expect(manifest.scripts.start).toMatch(/\bsrc\/main\.ts$/);
    expect(manifest.dependencies).toHaveProperty('aws-jwt-verify');
    expect(importsOf(readFileSync(join(SRC, 'token-verifier.ts'), 'utf8'))).toContain('aws-jwt-verify');
  });
});
