// The test servers' reused RSA keys (src/tokens/reusable-keys.ts): each source hands a key out once,
// keeps what it generates for the sources after it, in the process and in its file, and ignores a
// file or entries it cannot use.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reusableRsaKeys } from '../../src/tokens/reusable-keys.js';

const pemOf = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }) as string;

describe('reusableRsaKeys', () => {
  let folder: string;
  let made: KeyObject[];
  let fileNumber = 0;
  const newFile = () => join(folder, `keys-${++fileNumber}.json`);
  /** A generator that hands out the keys made beforehand, counting its calls. */
  const generator = () => {
    const counter = { calls: 0 };
    const generate = async () => made[counter.calls++ % made.length]!;
    return { counter, generate };
  };

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'gatehouse-reusable-keys-'));
    made = Array.from({ length: 3 }, () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('generates when nothing is kept, and keeps what it generated in the file, owner-only', async () => {
    const file = newFile();
    const { counter, generate } = generator();
    const source = reusableRsaKeys(file, generate);
    const keys = [await source(), await source()];
    expect(counter.calls).toBe(2);
    expect(keys.map(pemOf)).toEqual([pemOf(made[0]!), pemOf(made[1]!)]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([pemOf(made[0]!), pemOf(made[1]!)]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('hands the kept keys to the next source, each once, then generates', async () => {
    const file = newFile();
    writeFileSync(file, JSON.stringify([pemOf(made[0]!), pemOf(made[1]!)]));
    const { counter, generate } = generator();
    const source = reusableRsaKeys(file, generate);
    const first = await Promise.all([source(), source()]);
    expect(new Set(first.map(pemOf))).toEqual(new Set([pemOf(made[0]!), pemOf(made[1]!)]));
    expect(counter.calls).toBe(0);
    await source();
    expect(counter.calls).toBe(1);
  });

  it('shares what one source generated with the later sources of the process', async () => {
    const file = newFile();
    const { generate } = generator();
    const earlier = reusableRsaKeys(file, generate);
    const generated = await earlier();
    rmSync(file);
    const { counter, generate: laterGenerate } = generator();
    const later = reusableRsaKeys(file, laterGenerate);
    expect(pemOf(await later())).toBe(pemOf(generated));
    expect(counter.calls).toBe(0);
  });

  it('keeps keys in the process alone when given no file', async () => {
    const { counter, generate } = generator();
    const generated = await reusableRsaKeys(undefined, generate)();
    expect(counter.calls).toBe(1);
    const { counter: laterCounter, generate: laterGenerate } = generator();
    const later = reusableRsaKeys(undefined, laterGenerate);
    // Other tests of this file may have kept keys too: the one generated above is among those offered.
    const offered: string[] = [];
    while (laterCounter.calls === 0) offered.push(pemOf(await later()));
    expect(offered).toContain(pemOf(generated));
  });

  it('ignores a file that is not JSON, and entries that are not RSA-2048 keys', async () => {
    const broken = newFile();
    writeFileSync(broken, '{ not json');
    const { counter, generate } = generator();
    await reusableRsaKeys(broken, generate)();
    expect(counter.calls).toBe(1);

    const mixed = newFile();
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    writeFileSync(mixed, JSON.stringify(['not a key', 42, pemOf(small), pemOf(ec), pemOf(made[2]!)]));
    const { counter: mixedCounter, generate: mixedGenerate } = generator();
    const source = reusableRsaKeys(mixed, mixedGenerate);
    expect(pemOf(await source())).toBe(pemOf(made[2]!));
    expect(mixedCounter.calls).toBe(0);
    await source();
    expect(mixedCounter.calls).toBe(1);
  });
});
