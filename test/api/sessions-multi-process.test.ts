// Session revocation and refresh-token rotation across two Gatehouse processes on one PostgreSQL:
// what one process ends, the other refuses at once (neither caches a session's state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminConfirmSignUpCommand,
  AdminRevokeUserSessionCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUserSessionsCommand,
  RevokeUserSessionCommand,
  SetUserPoolSessionConfigurationCommand,
  SignUpCommand,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { testDatabaseUrl } from '../helpers/postgres.js';
import { startProcessPair, type ProcessPair } from '../helpers/process-pair.js';

const PASSWORD = 'Passw0rd!';

if (!testDatabaseUrl) console.log('sessions multi-process test skipped: GATEHOUSE_TEST_DATABASE_URL is not set (it needs PostgreSQL)');

describe.skipIf(!testDatabaseUrl)('sessions and rotation across two processes on one PostgreSQL', () => {
  let pair: ProcessPair;
  let viaA: CognitoIdentityProviderClient;
  let viaB: CognitoIdentityProviderClient;
  let poolId: string;

  beforeAll(async () => {
    pair = await startProcessPair();
    ({ viaA, viaB } = pair);
    poolId = (await viaA.send(new CreateUserPoolCommand({ PoolName: 'shared' }))).UserPool!.Id!;
    await viaB.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: poolId, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 10 } }));
  }, 150_000);
  afterAll(() => pair?.stop());

  async function appClient(settings: Partial<CreateUserPoolClientCommandInput> = {}): Promise<string> {
    const { UserPoolClient } = await viaA.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], ...settings,
    }));
    return UserPoolClient!.ClientId!;
  }
  async function user(clientId: string, username: string): Promise<void> {
    await viaA.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD }));
    await viaB.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
  }
  const signIn = async (via: CognitoIdentityProviderClient, clientId: string, username: string) => (await via.send(new InitiateAuthCommand({
    ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD },
  }))).AuthenticationResult!;
  const getTokens = (via: CognitoIdentityProviderClient, ClientId: string, RefreshToken: string) =>
    via.send(new GetTokensFromRefreshTokenCommand({ ClientId, RefreshToken }));

  it('a session revoked through one process is refused by the other at once: access token, REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken', { timeout: 120_000 }, async () => {
    const clientId = await appClient();
    await user(clientId, 'mp-ana');
    const lost = await signIn(viaA, clientId, 'mp-ana');
    const kept = await signIn(viaB, clientId, 'mp-ana');
    // 1. Both processes list both sessions; each names the caller's own.
    const listed = await viaB.send(new ListUserSessionsCommand({ AccessToken: lost.AccessToken }));
    expect(listed.Sessions).toHaveLength(2);
    const lostId = listed.Sessions!.find((s) => s.IsCurrentSession)!.SessionId!;
    expect((await viaA.send(new GetUserCommand({ AccessToken: lost.AccessToken }))).Username).toBe('mp-ana');

    // 2. Revoked through B by the user's other session…
    await viaB.send(new RevokeUserSessionCommand({ AccessToken: kept.AccessToken, SessionId: lostId }));
    // 3. …and A refuses every token of it on the next request.
    await expect(viaA.send(new GetUserCommand({ AccessToken: lost.AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    await expect(viaA.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: lost.RefreshToken! } })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(getTokens(viaA, clientId, lost.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await viaA.send(new GetUserCommand({ AccessToken: kept.AccessToken }))).Username).toBe('mp-ana');

    // 4. An administrator's revocation through A reaches B alike.
    const keptId = (await viaA.send(new ListUserSessionsCommand({ AccessToken: kept.AccessToken }))).Sessions![0].SessionId!;
    await viaA.send(new AdminRevokeUserSessionCommand({ UserPoolId: poolId, Username: 'mp-ana', SessionId: keptId }));
    await expect(viaB.send(new GetUserCommand({ AccessToken: kept.AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(getTokens(viaB, clientId, kept.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('a token rotated through one process serves a retry through the other within the grace period', { timeout: 120_000 }, async () => {
    const clientId = await appClient({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 } });
    await user(clientId, 'mp-grace');
    const tokens = await signIn(viaA, clientId, 'mp-grace');
    const rotated = (await getTokens(viaA, clientId, tokens.RefreshToken!)).AuthenticationResult!;
    expect(rotated.RefreshToken).toBeTruthy();
    const retried = (await getTokens(viaB, clientId, tokens.RefreshToken!)).AuthenticationResult!;
    expect(retried.RefreshToken).toBeTruthy();
    expect((await viaB.send(new GetUserCommand({ AccessToken: rotated.AccessToken }))).Username).toBe('mp-grace');
    expect((await getTokens(viaB, clientId, rotated.RefreshToken!)).AuthenticationResult!.RefreshToken).toBeTruthy();
  });

  it('reuse of a rotated token through one process ends the session the other process rotated', { timeout: 120_000 }, async () => {
    const clientId = await appClient({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
    await user(clientId, 'mp-reuse');
    const tokens = await signIn(viaA, clientId, 'mp-reuse');
    const rotated = (await getTokens(viaA, clientId, tokens.RefreshToken!)).AuthenticationResult!;
    // No grace period: the old token presented to B is a reuse…
    await expect(getTokens(viaB, clientId, tokens.RefreshToken!)).rejects.toMatchObject({ name: 'RefreshTokenReuseException' });
    // …and A refuses the session's newest tokens.
    await expect(viaA.send(new GetUserCommand({ AccessToken: rotated.AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    await expect(getTokens(viaA, clientId, rotated.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
