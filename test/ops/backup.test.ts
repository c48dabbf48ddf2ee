// `gatehouse backup` copies a running SQLite store consistently; `gatehouse restore` puts a copy in
// place only when the key-encryption key in use opens its sealed secrets. PostgreSQL: a pg_dump /
// pg_restore round trip, when the PostgreSQL tools and a test database are there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, storeKind, type TestServer } from '../helpers/server.js';
import { BIN } from '../helpers/process.js';
import { createTestDatabase, testDatabaseUrl } from '../helpers/postgres.js';

const run = promisify(execFile);
const KEY = randomBytes(32).toString('base64');
const OTHER_KEY = randomBytes(32).toString('base64');

/** Runs the gatehouse CLI; its exit code and output (0 when it succeeded). */
async function gatehouse(args: string[], key: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH!, GATEHOUSE_KEY_ENCRYPTION_KEY: key }, timeout: 120_000 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout}${failed.stderr}` };
  }
}

async function signInWorks(t: TestServer, poolId: string, clientId: string): Promise<void> {
  const out = await t.cognito.send(new AdminInitiateAuthCommand({
    UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'keeper', PASSWORD: 'Passw0rd!x' },
  }));
  expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
}

describe.skipIf(storeKind !== 'sqlite')('backup and restore (SQLite)', { timeout: 240_000 }, () => {
  const folders: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-backup-'));
    folders.push(dir);
    return dir;
  };
  let t: TestServer;
  let dataDir: string;
  let poolId: string;
  let clientId: string;
  let secretClientId: string;
  let clientSecret: string | undefined;
  const acknowledged: string[] = [];
  let backupFile: string;
  let acknowledgedBeforeBackup: string[];

  beforeAll(async () => {
    dataDir = folder();
    t = await startTestServer({ dataDir, config: { security: { keyEncryptionKey: KEY } } });
    ({ poolId, clientId } = await t.fixtures.poolWithClient());
    // A client secret is sealed with the key-encryption key, as the pool's signing keys are.
    ({ clientId: secretClientId, clientSecret } = await t.fixtures.client(poolId, { GenerateSecret: true }));
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'keeper', MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'keeper', Password: 'Passw0rd!x', Permanent: true }));

    // Users are created one after another while the backup runs in another process.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 5000; i++) {
        await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: `user-${i}`, MessageAction: 'SUPPRESS' }));
        acknowledged.push(`user-${i}`);
      }
    })();
    // Let some writes land first.
    while (acknowledged.length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    backupFile = join(folder(), 'gatehouse-backup.sqlite3');
    acknowledgedBeforeBackup = [...acknowledged];
    const result = await gatehouse(['backup', '--out', backupFile, '--data', dataDir], KEY);
    writing = false;
    await writer;
    expect(result.output).toMatch(/Backed up .* verified/);
    expect(result.code).toBe(0);
  });
  afterAll(async () => {
    await t?.close();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('takes a whole copy under writes: every user acknowledged before it started is in it, and SQLite finds it intact', () => {
    const db = new Database(backupFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const names = new Set((db.prepare('select username from users').all() as Array<{ username: string }>).map((r) => r.username));
      for (const name of acknowledgedBeforeBackup) expect(names.has(name)).toBe(true);
      expect(names.has('keeper')).toBe(true);
    } finally {
      db.close();
    }
    // The writes went on during the backup.
    expect(acknowledged.length).toBeGreaterThan(acknowledgedBeforeBackup.length);
  });

  it('refuses to overwrite an existing file without --force, and refuses a missing --out', async () => {
    const before = readFileSync(backupFile);
    const again = await gatehouse(['backup', '--out', backupFile, '--data', dataDir], KEY);
    expect(again.code).toBe(1);
    expect(again.output).toContain('exists; --force replaces it');
    expect(readFileSync(backupFile).equals(before)).toBe(true);
    const noOut = await gatehouse(['backup', '--data', dataDir], KEY);
    expect(noOut.code).toBe(1);
    expect(noOut.output).toContain('--out FILE is required');
  });

  it('restores into another data folder; a server there has the users, opens the client secret and signs in', async () => {
    const restoredDir = folder();
    const result = await gatehouse(['restore', backupFile, '--data', restoredDir], KEY);
    expect(result.output).toContain('Restored');
    expect(result.code).toBe(0);
    const restored = await startTestServer({ dataDir: restoredDir, config: { security: { keyEncryptionKey: KEY } } });
    try {
      for (const name of acknowledgedBeforeBackup.slice(0, 5)) {
        expect((await restored.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name }))).Username).toBe(name);
      }
      const { UserPoolClient } = await restored.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: secretClientId }));
      expect(UserPoolClient?.ClientSecret).toBe(clientSecret);
      await signInWorks(restored, poolId, clientId);
    } finally {
      await restored.close();
    }
  });

  it('refuses a backup whose secrets the key in use cannot open, naming the fix, and changes nothing', async () => {
    const restoredDir = folder();
    // 1. into an empty folder: no store appears.
    const empty = await gatehouse(['restore', backupFile, '--data', restoredDir], OTHER_KEY);
    expect(empty.code).toBe(1);
    expect(empty.output).toContain('the key-encryption key in use does not open the backup\'s sealed secrets');
    expect(empty.output).toContain('Nothing was changed');
    expect(existsSync(join(restoredDir, 'gatehouse.sqlite3'))).toBe(false);
    // 2. over an existing store: it stays as it was.
    expect((await gatehouse(['restore', backupFile, '--data', restoredDir], KEY)).code).toBe(0);
    const target = join(restoredDir, 'gatehouse.sqlite3');
    const before = { bytes: readFileSync(target), mtimeMs: statSync(target).mtimeMs };
    const refused = await gatehouse(['restore', backupFile, '--data', restoredDir], OTHER_KEY);
    expect(refused.code).toBe(1);
    expect(readFileSync(target).equals(before.bytes)).toBe(true);
    expect(statSync(target).mtimeMs).toBe(before.mtimeMs);
  });

  it('refuses a file that is not a Gatehouse store', async () => {
    const bogus = join(folder(), 'not-a-store.sqlite3');
    const db = new Database(bogus);
    db.exec('create table t (x)');
    db.close();
    const result = await gatehouse(['restore', bogus, '--data', folder()], KEY);
    expect(result.code).toBe(1);
    expect(result.output).toContain('is not a Gatehouse store');
  });
});

const pgTools = (() => {
  try {
    execFileSync('pg_dump', ['--version'], { stdio: 'ignore' });
    execFileSync('pg_restore', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!testDatabaseUrl || !pgTools)('PostgreSQL: pg_dump and pg_restore', { timeout: 120_000 }, () => {
  it('a dump restored into another database serves the same users, secrets and signing keys', async () => {
    const t = await startTestServer({ config: { security: { keyEncryptionKey: KEY } } });
    const target = await createTestDatabase();
    const dumpDir = mkdtempSync(join(tmpdir(), 'gatehouse-pgdump-'));
    try {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'keeper', MessageAction: 'SUPPRESS' }));
      await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'keeper', Password: 'Passw0rd!x', Permanent: true }));
      const source = t.server.deps.config.storage.databaseUrl!;
      const dump = join(dumpDir, 'gatehouse.dump');
      execFileSync('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, `--dbname=${source}`], { timeout: 60_000 });
      execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, dump], { timeout: 60_000 });
      const restored = await startTestServer({ databaseUrl: target.url, config: { security: { keyEncryptionKey: KEY } } });
      try {
        expect((await restored.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'keeper' }))).Username).toBe('keeper');
        await signInWorks(restored, poolId, clientId);
      } finally {
        await restored.close();
      }
    } finally {
      await t.close();
      await target.drop();
      rmSync(dumpDir, { recursive: true, force: true });
    }
  });
});
