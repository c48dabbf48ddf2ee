// bin/gatehouse.js in a copy of the checkout: it runs a compiled build, rebuilt whenever a source
// changes (even with its modification time kept), and an installed package runs its dist/cli.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));

describe('bin/gatehouse.js', () => {
  const copy = mkdtempSync(join(tmpdir(), 'gatehouse-checkout-'));
  for (const entry of ['bin', 'scripts', 'src', 'package.json', 'package-lock.json', 'tsconfig.json']) cpSync(join(REPO, entry), join(copy, entry), { recursive: true });
  symlinkSync(realpathSync(join(REPO, 'node_modules')), join(copy, 'node_modules'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  const gatehouse = async (...args: string[]) => (await run(process.execPath, [join(copy, 'bin/gatehouse.js'), ...args], { timeout: 90_000 })).stdout;
  const outboxSource = join(copy, 'src/cli/outbox.ts');
  const original = readFileSync(outboxSource, 'utf8');

  it('runs the sources as they are now: an edited file is rebuilt, even with its old modification time, and an edit undone runs the earlier build', { timeout: 180_000 }, async () => {
    expect(await gatehouse('outbox', '--help')).toContain('Prints the messages Gatehouse delivered');
    expect(readdirSync(join(copy, 'dist/checkout'))).toHaveLength(1);

    const { atime, mtime } = statSync(outboxSource);
    writeFileSync(outboxSource, original.replace('Prints the messages', 'Lists the messages!'));
    utimesSync(outboxSource, atime, mtime);
    expect(await gatehouse('outbox', '--help')).toContain('Lists the messages! Gatehouse delivered');

    writeFileSync(outboxSource, original);
    expect(await gatehouse('outbox', '--help')).toContain('Prints the messages Gatehouse delivered');
    expect(readdirSync(join(copy, 'dist/checkout'))).toHaveLength(2);
  });

  it('runs dist/cli in an installed package (no sources), and uses it in a checkout when it was built from the same sources', { timeout: 180_000 }, async () => {
    await run(process.execPath, [join(copy, 'scripts/build.mjs')], { cwd: copy, timeout: 90_000 });
    rmSync(join(copy, 'dist/checkout'), { recursive: true, force: true });
    expect(await gatehouse('--help')).toContain('Usage: gatehouse <command>');
    expect(() => readdirSync(join(copy, 'dist/checkout'))).toThrow(/ENOENT/);

    rmSync(join(copy, 'src'), { recursive: true });
    expect(await gatehouse('outbox', '--help')).toContain('Prints the messages Gatehouse delivered');
  });
});
