// `gatehouse import-cognito` as a process: credentials from the AWS environment variables (the SDK's
// default chain), progress printed, --status; then a Gatehouse serving the same data signs a user
// in, its password checked at the source with the credentials the import stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser, signIn } from '../helpers/users.js';
import { claimsOf } from '../helpers/tokens.js';
import { BIN } from '../helpers/process.js';
import { createTestDatabase, testDatabaseUrl } from '../helpers/postgres.js';

const run = promisify(execFile);
const PASSWORD = 'Source-Passw0rd!';

describe('gatehouse import-cognito', () => {
  let source: TestServer;
  let target: TestServer | undefined;
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-import-cli-'));

  beforeAll(async () => {
    source = await startTestServer();
    database = testDatabaseUrl ? await createTestDatabase() : undefined;
  });
  afterAll(async () => {
    await target?.close();
    await source?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const gatehouse = (...args: string[]) => run(process.execPath, [BIN, 'import-cognito', ...args], {
    timeout: 120_000,
    env: {
      PATH: process.env.PATH, GATEHOUSE_DATA_DIR: dataDir, ...(database && { DATABASE_URL: database.url }),
      AWS_ACCESS_KEY_ID: ADMIN_KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN_KEY.secretAccessKey,
      // Keeps the SDK's chain off any shared config files of the machine running the tests.
      AWS_CONFIG_FILE: join(dataDir, 'no-aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'no-aws-credentials'),
    },
  });

  it('imports with the credentials of the environment, prints progress and status, and the served copy migrates a password', { timeout: 200_000 }, async () => {
    const { poolId, clientId } = await source.fixtures.poolWithClient({ PoolName: 'cli-pool' });
    await adminCreatedUser(source, poolId, 'alice', PASSWORD);
    await adminCreatedUser(source, poolId, 'bob', PASSWORD);

    const usage = await gatehouse().then(() => undefined, (error) => error);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toContain('Usage: gatehouse import-cognito --pool ID');

    const first = await gatehouse('--pool', poolId, '--endpoint', source.url, '--client-id', clientId);
    expect(first.stdout).toContain(`pool ${poolId} (cli-pool)`);
    expect(first.stdout).toContain('  users: 2 created, 0 updated, 0 unchanged, 0 skipped');
    const again = await gatehouse('--pool', poolId, '--endpoint', source.url, '--client-id', clientId);
    expect(again.stdout).toContain('  users: 0 created, 0 updated, 2 unchanged, 0 skipped');
    expect((await gatehouse('--status', '--pool', poolId)).stdout).toContain(`pool ${poolId}: 2 users, 2 still without a password here`);

    target = await startTestServer({ dataDir, ...(database && { databaseUrl: database.url }) });
    expect(claimsOf((await signIn(target, { poolId, clientId }, 'alice', PASSWORD)).IdToken!)['cognito:username']).toBe('alice');
    await target.close();
    target = undefined;
    expect((await gatehouse('--status', '--pool', poolId)).stdout).toContain(`pool ${poolId}: 2 users, 1 still without a password here`);
  });
});
