import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetUserCommand, GlobalSignOutCommand, RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, refresh, signIn, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const getUser = (AccessToken: string) => t.cognito.send(new GetUserCommand({ AccessToken }));

describe('GlobalSignOut', () => {
  it('revokes every sign-in of the user: access tokens and refresh tokens alike', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'gs-ana', PASSWORD);
    const first = await signIn(t, client, 'gs-ana', PASSWORD);
    const second = await signIn(t, client, 'gs-ana', PASSWORD);
    await t.cognito.send(new GlobalSignOutCommand({ AccessToken: first.AccessToken }));

    for (const session of [first, second]) {
      await expect(getUser(session.AccessToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
      await expect(refresh(t, client, 'gs-ana', session.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    }
    // A new sign-in is unaffected.
    const again = await signIn(t, client, 'gs-ana', PASSWORD);
    expect((await getUser(again.AccessToken!)).Username).toBe('gs-ana');
    await expect(t.cognito.send(new GlobalSignOutCommand({ AccessToken: first.AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('RevokeToken', () => {
  const revoke = (client: AppClient, token: string, secret = client.clientSecret) =>
    t.cognito.send(new RevokeTokenCommand({ ClientId: client.clientId, Token: token, ...(secret && { ClientSecret: secret }) }));

  it('revokes one sign-in: its refresh token and the access tokens minted from it, not the others', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'rt-ana', PASSWORD);
    const revoked = await signIn(t, client, 'rt-ana', PASSWORD);
    const kept = await signIn(t, client, 'rt-ana', PASSWORD);
    const refreshed = (await refresh(t, client, 'rt-ana', revoked.RefreshToken!)).AuthenticationResult!;

    await revoke(client, revoked.RefreshToken!);
    await expect(getUser(revoked.AccessToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(getUser(refreshed.AccessToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(refresh(t, client, 'rt-ana', revoked.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    expect((await getUser(kept.AccessToken!)).Username).toBe('rt-ana');
    expect((await refresh(t, client, 'rt-ana', kept.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
    // Revoking again, or a token we never issued, is a quiet success.
    await revoke(client, revoked.RefreshToken!);
    await revoke(client, 'never-issued-refresh-token');
  });

  it('refuses a client with revocation disabled', async () => {
    const pool = await t.fixtures.poolWithClient();
    const client = { poolId: pool.poolId, ...(await t.fixtures.client(pool.poolId, { EnableTokenRevocation: false })) };
    await confirmedUser(t, client, 'rt-bo', PASSWORD);
    const session = await signIn(t, client, 'rt-bo', PASSWORD);
    await expect(revoke(client, session.RefreshToken!)).rejects.toMatchObject({ name: 'UnsupportedOperationException' });
    expect((await refresh(t, client, 'rt-bo', session.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('authenticates a confidential client by its secret', async () => {
    const pool = await t.fixtures.poolWithClient();
    const client = { poolId: pool.poolId, ...(await t.fixtures.client(pool.poolId, { GenerateSecret: true })) };
    await confirmedUser(t, client, 'rt-cy', PASSWORD);
    const session = await signIn(t, client, 'rt-cy', PASSWORD);
    await expect(t.cognito.send(new RevokeTokenCommand({ ClientId: client.clientId, Token: session.RefreshToken! })))
      .rejects.toMatchObject({ name: 'UnauthorizedException', $metadata: { httpStatusCode: 401 } });
    const secret = client.clientSecret!;
    const wrongSecret = `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
    await expect(revoke(client, session.RefreshToken!, wrongSecret)).rejects.toMatchObject({ name: 'UnauthorizedException' });
    expect((await getUser(session.AccessToken!)).Username).toBe('rt-cy');
    await revoke(client, session.RefreshToken!);
    await expect(getUser(session.AccessToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses a refresh token issued to another client and an access token', async () => {
    const owner = await t.fixtures.poolWithClient();
    const other = { poolId: owner.poolId, ...(await t.fixtures.client(owner.poolId)) };
    await confirmedUser(t, owner, 'rt-di', PASSWORD);
    const session = await signIn(t, owner, 'rt-di', PASSWORD);
    await expect(revoke(other, session.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(revoke(owner, session.AccessToken!)).rejects.toMatchObject({ name: 'UnsupportedTokenTypeException' });
    expect((await refresh(t, owner, 'rt-di', session.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('names an unknown client', async () => {
    await expect(t.cognito.send(new RevokeTokenCommand({ ClientId: 'nosuchclient', Token: 'whatever' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
