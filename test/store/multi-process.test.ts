// Several Gatehouse processes on one PostgreSQL behave as one service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  AdminConfirmSignUpCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startGatehouseProcess, type GatehouseProcess } from '../helpers/process.js';
import { createTestDatabase, testDatabaseUrl } from '../helpers/postgres.js';
import { ADMIN_KEY } from '../helpers/server.js';

if (!testDatabaseUrl) console.log('multi-process test skipped: GATEHOUSE_TEST_DATABASE_URL is not set (it needs PostgreSQL)');

describe.skipIf(!testDatabaseUrl)('two processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dirs: string[] = [];
  let a: GatehouseProcess;
  let b: GatehouseProcess;
  const client = (url: string) => new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: ADMIN_KEY, maxAttempts: 1 });

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      GATEHOUSE_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      GATEHOUSE_ADMIN_ACCESS_KEY_ID: ADMIN_KEY.accessKeyId,
      GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: ADMIN_KEY.secretAccessKey,
      // Behind one load balancer: one public URL, hence one token issuer for both processes.
      GATEHOUSE_PUBLIC_URL: 'http://gatehouse.test',
    };
    const dir = () => { const d = mkdtempSync(join(tmpdir(), 'gatehouse-mp-')); dirs.push(d); return d; };
    // Started together: migrations must serialise between them.
    [a, b] = await Promise.all([
      startGatehouseProcess(['--data', dir()], env),
      startGatehouseProcess(['--data', dir()], env),
    ]);
  }, 150_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('serves through one process what was written through the other, and a sign-out through one revokes at the other', { timeout: 180_000 }, async () => {
    const viaA = client(a.url);
    const viaB = client(b.url);
    const { UserPool } = await viaA.send(new CreateUserPoolCommand({ PoolName: 'shared' }));
    const poolId = UserPool!.Id!;
    const { UserPoolClient } = await viaB.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    const clientId = UserPoolClient!.ClientId!;
    await viaA.send(new SignUpCommand({ ClientId: clientId, Username: 'dora', Password: 'Passw0rd!' }));
    await viaB.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'dora' }));
    const user = await viaB.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    expect(user.UserStatus).toBe('CONFIRMED');

    const signIn = await viaA.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dora', PASSWORD: 'Passw0rd!' },
    }));
    const accessToken = signIn.AuthenticationResult!.AccessToken!;
    // Verified by B with the key A's pool creation wrote.
    expect((await viaB.send(new GetUserCommand({ AccessToken: accessToken }))).Username).toBe('dora');

    await viaB.send(new GlobalSignOutCommand({ AccessToken: accessToken }));
    await expect(viaA.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(viaA.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: signIn.AuthenticationResult!.RefreshToken! },
    }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    viaA.destroy();
    viaB.destroy();
  });
});
