// `npm run demo` as a real process on free ports: it prints the URL and the credentials, the
// client's callback follows the app's port, a script can add users with the admin key, a second
// start on the same data keeps the same ids, and SIGTERM stops it cleanly.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminCreateUserCommand, CognitoIdentityProviderClient, DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY } from '../helpers/server.js';
import { createTestDatabase, testDatabaseUrl } from '../helpers/postgres.js';
import { startNodeProcess } from '../helpers/process.js';

const QUICKSTART = fileURLToPath(new URL('../../apps/demo/src/quickstart.ts', import.meta.url));

async function startQuickstart(env: Record<string, string | undefined>) {
  const demo = await startNodeProcess('the demo', ['--import', 'tsx', QUICKSTART], env, /Open (http:\/\/localhost:\d+)\//);
  const output = demo.output();
  const gatehouseUrl = /Gatehouse on (http:\/\/\S+)/.exec(output)![1];
  const poolId = /pool (\S+), client/.exec(output)![1];
  const clientId = /client (\S+), Hosted UI/.exec(output)![1];
  return { appUrl: demo.ready[1], gatehouseUrl, poolId, clientId, output: demo.output, stop: () => demo.stop() };
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
    const first = await startQuickstart(env);
    try {
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
