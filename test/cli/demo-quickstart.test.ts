// `npm run demo` as a real process on free ports: it answers no request before it is configured,
// it prints the URL and the credentials, the client's callback follows the app's port, a script
// can add users with the admin key, a second start on the same data keeps the same ids, and
// SIGTERM stops it cleanly.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminCreateUserCommand, CognitoIdentityProviderClient, DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY } from '../helpers/server.js';
import { createTestDatabase, testDatabaseUrl } from '../helpers/postgres.js';
import { startNodeProcess } from '../helpers/process.js';
import { freePort } from '../../apps/demo/quickstart/free-port.js';

const QUICKSTART = fileURLToPath(new URL('../../apps/demo/quickstart/main.ts', import.meta.url));

/**
 * Asks for `url` from the moment the process starts until the first answer (a refused connection
 * means it is not listening yet): that first answer, however early, must be the real one.
 */
async function firstAnswer(url: string, exited: Promise<unknown>): Promise<Response> {
  let stopped = false;
  void exited.then(() => (stopped = true));
  for (let attempt = 0; attempt < 6_000 && !stopped; attempt++) {
    try {
      return await fetch(url, { redirect: 'manual' });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  throw new Error(`${url} never answered`);
}

async function startQuickstart(env: Record<string, string | undefined>, options: { probe?: string } = {}) {
  let early: Promise<Response> | undefined;
  const demo = await startNodeProcess('the demo', ['--import', 'tsx', QUICKSTART], env, /Open (http:\/\/localhost:\d+)\//, (exited) => {
    if (options.probe) early = firstAnswer(options.probe, exited);
  });
  const output = demo.output();
  const gatehouseUrl = /Gatehouse on (http:\/\/\S+)/.exec(output)![1];
  const poolId = /pool (\S+), client/.exec(output)![1];
  const clientId = /client (\S+), Hosted UI/.exec(output)![1];
  return { appUrl: demo.ready[1], gatehouseUrl, poolId, clientId, output: demo.output, early, stop: () => demo.stop() };
}

describe('npm run demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts Gatehouse and the demo on free ports, prints where to go, and keeps its ids across restarts', { timeout: 180_000 }, async () => {
    if (testDatabaseUrl) database = await createTestDatabase();
    const env = {
      GATEHOUSE_PORT: '0', DEMO_PORT: '0', GATEHOUSE_DATA_DIR: dataDir, DATABASE_URL: database?.url,
      GATEHOUSE_ADMIN_ACCESS_KEY_ID: ADMIN_KEY.accessKeyId, GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: ADMIN_KEY.secretAccessKey,
    };
    // The first start on a port known in advance, asked for /login from the moment it starts.
    const port = await freePort('127.0.0.1');
    const first = await startQuickstart({ ...env, DEMO_PORT: String(port) }, { probe: `http://localhost:${port}/login` });
    try {
      expect(first.appUrl).toBe(`http://localhost:${port}`);
      const early = await first.early!;
      expect(early.status).toBe(302);
      expect(early.headers.get('location')).toContain(`${first.gatehouseUrl}/${first.poolId}/oauth2/authorize?`);
      expect(first.output()).toContain('demo@example.com / Demo-Passw0rd!');
      // Sign in starts the code flow at the demo pool's Hosted UI, back to this app's port.
      const login = await fetch(`${first.appUrl}/login`, { redirect: 'manual' });
      expect(login.status).toBe(302);
      const authorize = new URL(login.headers.get('location')!);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(`${first.gatehouseUrl}/${first.poolId}/oauth2/authorize`);
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${first.appUrl}/callback`);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);

      // The registered URLs follow the port, and the admin key given by env administers the pool.
      const cognito = new CognitoIdentityProviderClient({ endpoint: first.gatehouseUrl, region: 'us-east-1', credentials: { ...ADMIN_KEY }, maxAttempts: 1 });
      const client = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: first.poolId, ClientId: first.clientId }));
      expect(client.UserPoolClient?.CallbackURLs).toEqual([`${first.appUrl}/callback`]);
      expect(client.UserPoolClient?.LogoutURLs).toEqual([`${first.appUrl}/`]);
      const created = await cognito.send(new AdminCreateUserCommand({
        UserPoolId: first.poolId, Username: 'scripted@example.com', MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'phone_number', Value: '+15555550111' }],
      }));
      expect(created.User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      cognito.destroy();
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startQuickstart(env);
    try {
      expect([second.poolId, second.clientId]).toEqual([first.poolId, first.clientId]);
      expect(second.appUrl).not.toBe('');
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
