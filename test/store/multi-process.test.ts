// Several Gatehouse processes on one PostgreSQL behave as one service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  AdminConfirmSignUpCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { testDatabaseUrl } from '../helpers/postgres.js';
import { startProcessPair, type ProcessPair } from '../helpers/process-pair.js';

if (!testDatabaseUrl) console.log('multi-process test skipped: GATEHOUSE_TEST_DATABASE_URL is not set (it needs PostgreSQL)');

describe.skipIf(!testDatabaseUrl)('two processes on one PostgreSQL', () => {
  let pair: ProcessPair;

  beforeAll(async () => {
    pair = await startProcessPair();
  }, 150_000);
  afterAll(() => pair?.stop());

  it('serves through one process what was written through the other, and a sign-out through one revokes at the other', { timeout: 180_000 }, async () => {
    const { viaA, viaB } = pair;
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
  });
});
