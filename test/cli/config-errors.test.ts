// A wrong setting stops `gatehouse` at once with a message that says what to write instead, and a
// database URL's password never reaches the output.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN, startGatehouseProcess } from '../helpers/process.js';
import { createTestDatabase, testDatabaseUrl } from '../helpers/postgres.js';

const run = promisify(execFile);

/** Runs `gatehouse serve` expecting it to fail; its exit code and output. */
async function refusedStart(env: Record<string, string>, args: string[] = []): Promise<{ code: number; output: string; ms: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
  const started = Date.now();
  try {
    await run(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir, ...args], { env: { PATH: process.env.PATH!, ...env }, timeout: 90_000 });
    throw new Error('gatehouse started');
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout}${failed.stderr}`, ms: Date.now() - started };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('configuration refused at start', { timeout: 120_000 }, () => {
  it('GATEHOUSE_LOG_LEVEL outside the levels lists the allowed ones', async () => {
    const { code, output } = await refusedStart({ GATEHOUSE_LOG_LEVEL: 'verbose' });
    expect(code).toBe(1);
    expect(output).toContain('/server/logLevel: "verbose" is not one of fatal, error, warn, info, debug, trace, silent (from GATEHOUSE_LOG_LEVEL)');
  });

  it('a misspelt server option or top-level key in the config file names the key meant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-config-file-'));
    try {
      const file = join(dir, 'gatehouse.yaml');
      writeFileSync(file, 'server:\n  prot: 9000\npool:\n  - PoolName: x\n');
      const { code, output } = await refusedStart({}, ['--config', file]);
      expect(code).toBe(1);
      expect(output).toContain('/server/prot: unknown key prot; did you mean port?');
      expect(output).toContain('/pool: unknown key pool; did you mean pools?');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a DATABASE_URL that is not a postgres:// URL is refused without connecting, and without its password', async () => {
    const missingColon = await refusedStart({ DATABASE_URL: 'postgres//gatehouse:Sekr3t-pw@base/gatehouse' });
    expect(missingColon.code).toBe(1);
    expect(missingColon.output).toContain('/storage/databaseUrl (from DATABASE_URL): not a URL; expected postgres://user:password@host:5432/database');
    expect(missingColon.output).not.toContain('ENOTFOUND');

    const mysql = await refusedStart({ DATABASE_URL: 'mysql://gatehouse:Sekr3t-pw@127.0.0.1/gatehouse' });
    expect(mysql.code).toBe(1);
    expect(mysql.output).toContain('mysql:// is not supported');
    for (const { output } of [missingColon, mysql]) expect(output).not.toContain('Sekr3t-pw');
  });

  it('a database that cannot be reached is named, retried for GATEHOUSE_DATABASE_WAIT_SECONDS, and its password never printed', async () => {
    const port = await closedPort();
    const refused = await refusedStart({ DATABASE_URL: `postgres://gatehouse:Sekr3t-pw@127.0.0.1:${port}/gatehouse`, GATEHOUSE_DATABASE_WAIT_SECONDS: '1' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`cannot use the PostgreSQL database at 127.0.0.1:${port}/gatehouse (DATABASE_URL): the connection was refused`);
    expect(refused.output).toContain('retried for 1 s');
    expect(refused.output).not.toContain('Sekr3t-pw');
    expect(refused.ms).toBeGreaterThanOrEqual(1000);

    const unknownHost = await refusedStart({ DATABASE_URL: 'postgres://gatehouse:Sekr3t-pw@gatehouse-db.invalid/gatehouse', GATEHOUSE_DATABASE_WAIT_SECONDS: '0' });
    expect(unknownHost.code).toBe(1);
    expect(unknownHost.output).toContain('cannot use the PostgreSQL database at gatehouse-db.invalid:5432/gatehouse (DATABASE_URL): its host name does not resolve');
    expect(unknownHost.output).not.toContain('Sekr3t-pw');
  });

  it.skipIf(!testDatabaseUrl)('a database that comes up during the wait is used: the start retries instead of failing', async () => {
    const database = await createTestDatabase();
    const target = new URL(database.url);
    // PostgreSQL reached through a relay that starts listening a second after Gatehouse starts.
    const port = await closedPort();
    const relay = createServer((client) => {
      const upstream = new Socket().connect(Number(target.port || 5432), target.hostname);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    const relayed = new URL(database.url);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(port);
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
    const opening = new Promise<void>((resolve) => setTimeout(() => relay.listen(port, '127.0.0.1', resolve), 1000));
    try {
      const server = await startGatehouseProcess(['--data', dataDir], { DATABASE_URL: relayed.toString(), GATEHOUSE_DATABASE_WAIT_SECONDS: '30' });
      try {
        await opening;
        expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
        expect(server.output()).toContain('(postgres)');
      } finally {
        await server.stop();
      }
    } finally {
      await opening;
      relay.close();
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
