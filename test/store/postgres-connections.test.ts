// PostgreSQL terminating Gatehouse's idle connections (a restart, a failover, an administrator) costs
// nothing but new connections: the process keeps serving, and the loss is logged, not thrown.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { testDatabaseUrl } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

if (!testDatabaseUrl) console.log('postgres-connections test skipped: GATEHOUSE_TEST_DATABASE_URL is not set (it needs PostgreSQL)');

describe.skipIf(!testDatabaseUrl)('idle PostgreSQL connections terminated by the server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are replaced, and the next requests are served', async () => {
    const poolId = await t.fixtures.pool();
    // Several requests at once, so that the pool holds several connections.
    await Promise.all(Array.from({ length: 6 }, () => t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))));
    // Each lost idle connection is logged as a warning: wait for those, not for a guessed delay.
    const losses: unknown[] = [];
    let lossesLogged: (() => void) | undefined;
    let expectedLosses = Infinity;
    vi.spyOn(t.server.deps.log, 'warn').mockImplementation((...args: unknown[]) => {
      losses.push(args);
      if (losses.length >= expectedLosses) lossesLogged?.();
    });

    const database = new URL(t.server.deps.config.storage.databaseUrl!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    try {
      const terminated = await admin.query(
        'select pg_terminate_backend(pid) as done from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database],
      );
      expect(terminated.rows.length).toBeGreaterThan(0);
      expectedLosses = terminated.rows.length;
    } finally {
      await admin.end();
    }
    // The terminations reach the idle connections as error events (an uncaught one would fail this file).
    await new Promise<void>((resolve) => {
      lossesLogged = resolve;
      if (losses.length >= expectedLosses) resolve();
    });
    expect(losses).toHaveLength(expectedLosses);
    expect(losses[0]).toEqual([{ err: expect.any(Error) }, expect.stringContaining('connection lost')]);

    for (let i = 0; i < 3; i++) {
      const out = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      expect(out.UserPool?.Id).toBe(poolId);
    }
  });
});
