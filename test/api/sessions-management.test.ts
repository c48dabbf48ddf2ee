// Session management: the pool's and clients' session configuration, listing a user's sessions
// (self-service and admin), revoking one, and the per-user cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminListUserSessionsCommand,
  AdminRevokeUserSessionCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GetUserPoolClientSessionConfigurationCommand,
  GetUserPoolSessionConfigurationCommand,
  ListUserSessionsCommand,
  RevokeTokenCommand,
  RevokeUserSessionCommand,
  SetUserPoolClientSessionConfigurationCommand,
  SetUserPoolSessionConfigurationCommand,
  type SessionDescriptionType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, refresh, signIn, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
const SESSION_ID = /^tkn[a-z0-9]{25}$/;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const getUser = (AccessToken: string) => t.cognito.send(new GetUserCommand({ AccessToken }));
const listOwn = (AccessToken: string, NextToken?: string) => t.cognito.send(new ListUserSessionsCommand({ AccessToken, NextToken }));
const listAsAdmin = (client: AppClient, Username: string, NextToken?: string) =>
  t.cognito.send(new AdminListUserSessionsCommand({ UserPoolId: client.poolId, Username, NextToken }));
const enableTracking = (UserPoolId: string, MaxPerUser = 20) =>
  t.cognito.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser } }));
const sessionOf = (sessions: SessionDescriptionType[] | undefined, clientId: string, current: boolean) =>
  (sessions ?? []).find((s) => s.ClientId === clientId && s.IsCurrentSession === current);

/** A pool with tracking on, a client and a confirmed user. */
async function trackedUser(username: string, maxPerUser?: number): Promise<AppClient> {
  const client = await t.fixtures.poolWithClient();
  await enableTracking(client.poolId, maxPerUser);
  await confirmedUser(t, client, username, PASSWORD);
  return client;
}

describe('Get/SetUserPoolSessionConfiguration', () => {
  it('answers the defaults until set, then what was set', async () => {
    const poolId = await t.fixtures.pool();
    expect(await t.cognito.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: poolId }))).toMatchObject({
      UserPoolId: poolId, UserSessionTracking: 'DISABLED', TokenSession: { MaxPerUser: 20 },
    });
    const set = await t.cognito.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: poolId, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 5 } }));
    expect(set).toMatchObject({ UserPoolId: poolId, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 5 } });
    expect(await t.cognito.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: poolId }))).toMatchObject({
      UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 5 },
    });
  });

  it('refuses values out of range, unknown pools and the Lite tier', async () => {
    const poolId = await t.fixtures.pool();
    const set = (input: object) => t.cognito.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: poolId, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 5 }, ...input } as any));
    await expect(set({ TokenSession: { MaxPerUser: 0 } })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(set({ TokenSession: { MaxPerUser: 101 } })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(set({ UserSessionTracking: 'SOMETIMES' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(set({ TokenSession: undefined })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(set({ UserPoolId: 'us-east-1_missing0' })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(t.cognito.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: 'us-east-1_missing0' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const lite = await t.fixtures.pool({ UserPoolTier: 'LITE' });
    await expect(set({ UserPoolId: lite })).rejects.toMatchObject({ name: 'FeatureUnavailableInTierException' });
    // Nothing was written by the refusals.
    expect((await t.cognito.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: poolId }))).UserSessionTracking).toBe('DISABLED');
  });
});

describe('Get/SetUserPoolClientSessionConfiguration', () => {
  it('answers 60 minutes until set, needs tracking on to set, then answers what was set', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const get = () => t.cognito.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }));
    const set = (MaxValidityMinutes: number) => t.cognito.send(new SetUserPoolClientSessionConfigurationCommand({ UserPoolId: poolId, ClientId: clientId, SSOSession: { MaxValidityMinutes } }));
    expect(await get()).toMatchObject({ UserPoolId: poolId, ClientId: clientId, SSOSession: { MaxValidityMinutes: 60 } });
    await expect(set(43_200)).rejects.toMatchObject({ name: 'OperationNotEnabledException' });
    await enableTracking(poolId);
    expect(await set(43_200)).toMatchObject({ UserPoolId: poolId, ClientId: clientId, SSOSession: { MaxValidityMinutes: 43_200 } });
    expect((await get()).SSOSession).toEqual({ MaxValidityMinutes: 43_200 });
    expect((await set(0)).SSOSession).toEqual({ MaxValidityMinutes: 0 });
    await expect(set(129_601)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(set(-1)).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses a client of another pool', async () => {
    const a = await t.fixtures.poolWithClient();
    const b = await t.fixtures.poolWithClient();
    await expect(t.cognito.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: a.poolId, ClientId: b.clientId })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('ListUserSessions and AdminListUserSessions', () => {
  it('are refused while the pool does not track sessions', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'ls-off', PASSWORD);
    const tokens = await signIn(t, client, 'ls-off', PASSWORD);
    await expect(listOwn(tokens.AccessToken!)).rejects.toMatchObject({ name: 'OperationNotEnabledException' });
    await expect(listAsAdmin(client, 'ls-off')).rejects.toMatchObject({ name: 'OperationNotEnabledException' });
  });

  it('list every active sign-in with Cognito\'s members, marking the caller\'s own', async () => {
    const client = await trackedUser('ls-ana');
    const first = await signIn(t, client, 'ls-ana', PASSWORD);
    t.clock.advance(60_000);
    const second = await signIn(t, client, 'ls-ana', PASSWORD);

    const own = await listOwn(second.AccessToken!);
    expect(own.NextToken).toBeUndefined();
    expect(own.Sessions).toHaveLength(2);
    for (const session of own.Sessions!) {
      expect(session.SessionId).toMatch(SESSION_ID);
      expect(session).toMatchObject({ SessionType: 'TOKEN', ClientId: client.clientId });
      expect(session.CreateDate).toBeInstanceOf(Date);
      expect(session.LastActiveDate).toBeInstanceOf(Date);
    }
    const current = sessionOf(own.Sessions, client.clientId, true)!;
    const other = sessionOf(own.Sessions, client.clientId, false)!;
    expect(current.CreateDate!.getTime()).toBeGreaterThan(other.CreateDate!.getTime());
    // From the first sign-in, the other session is the current one.
    const fromFirst = await listOwn(first.AccessToken!);
    expect(sessionOf(fromFirst.Sessions, client.clientId, true)!.SessionId).toBe(other.SessionId);

    const admin = await listAsAdmin(client, 'ls-ana');
    expect(admin.Sessions!.map((s) => s.SessionId).sort()).toEqual(own.Sessions!.map((s) => s.SessionId).sort());
    expect(admin.Sessions!.every((s) => s.IsCurrentSession === false)).toBe(true);
  });

  it('record the sign-in\'s address and device, and a refresh as the session\'s latest activity from its own device', async () => {
    const client = await trackedUser('ls-refresh');
    const tokens = await signIn(t, client, 'ls-refresh', PASSWORD);
    const before = (await listAsAdmin(client, 'ls-refresh')).Sessions![0];
    expect(before.LastIPAddress).toBe('127.0.0.1');
    // The AWS SDK for JavaScript names itself and the OS in its User-Agent.
    expect(before.DeviceType).toMatch(/^aws-sdk-js \d+\.\d+\.\d+/);
    t.clock.advance(120_000);
    const browser = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36';
    const response = await fetch(`${t.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken', 'user-agent': browser },
      body: JSON.stringify({ ClientId: client.clientId, RefreshToken: tokens.RefreshToken }),
    });
    expect(response.status).toBe(200);
    const after = (await listAsAdmin(client, 'ls-refresh')).Sessions![0];
    expect(after.SessionId).toBe(before.SessionId);
    expect(after.LastActiveDate!.getTime() - before.LastActiveDate!.getTime()).toBeGreaterThanOrEqual(120_000);
    expect(after).toMatchObject({ LastIPAddress: '127.0.0.1', DeviceType: 'Chrome 125 / macOS 10.15.7' });
    expect(after.CreateDate!.getTime()).toBe(before.CreateDate!.getTime());
  });

  it('page through more than 125 sessions, with a token bound to the user', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'ls-many', PASSWORD);
    await confirmedUser(t, client, 'ls-other', PASSWORD);
    // Made while tracking was off, so the cap (at most 100) evicted none of them.
    let last = await signIn(t, client, 'ls-many', PASSWORD);
    for (let i = 1; i < 127; i++) last = await signIn(t, client, 'ls-many', PASSWORD);
    await enableTracking(client.poolId, 100);

    const first = await listOwn(last.AccessToken!);
    expect(first.Sessions).toHaveLength(125);
    expect(first.NextToken).toBeTruthy();
    const second = await listOwn(last.AccessToken!, first.NextToken);
    expect(second.Sessions).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    const ids = new Set([...first.Sessions!, ...second.Sessions!].map((s) => s.SessionId));
    expect(ids.size).toBe(127);
    expect([...first.Sessions!, ...second.Sessions!].filter((s) => s.IsCurrentSession)).toHaveLength(1);

    const adminFirst = await listAsAdmin(client, 'ls-many');
    expect((await listAsAdmin(client, 'ls-many', adminFirst.NextToken)).Sessions).toHaveLength(2);
    // A token is bound to its user, and a made-up one is refused.
    await expect(listAsAdmin(client, 'ls-other', first.NextToken)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(listOwn(last.AccessToken!, 'bm90LWEtdG9rZW4')).rejects.toMatchObject({ name: 'InvalidParameterException' });
  }, 120_000);

  it('refuse an invalid access token, and an unknown user or pool', async () => {
    const client = await trackedUser('ls-errors');
    await expect(listOwn('not-a-token')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(listAsAdmin(client, 'nobody')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(t.cognito.send(new AdminListUserSessionsCommand({ UserPoolId: 'us-east-1_missing0', Username: 'ls-errors' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('RevokeUserSession and AdminRevokeUserSession', () => {
  it('end one session: its access and refresh tokens fail at once, the others work on', async () => {
    const client = await trackedUser('rv-ana');
    const lost = await signIn(t, client, 'rv-ana', PASSWORD);
    const kept = await signIn(t, client, 'rv-ana', PASSWORD);
    const lostId = sessionOf((await listOwn(lost.AccessToken!)).Sessions, client.clientId, true)!.SessionId!;

    expect(await t.cognito.send(new RevokeUserSessionCommand({ AccessToken: kept.AccessToken, SessionId: lostId, RevokeAssociatedSessions: 'NONE' }))).toBeDefined();
    await expect(getUser(lost.AccessToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    await expect(refresh(t, client, 'rv-ana', lost.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: client.clientId, RefreshToken: lost.RefreshToken! })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });

    expect((await getUser(kept.AccessToken!)).Username).toBe('rv-ana');
    const listed = await listOwn(kept.AccessToken!);
    expect(listed.Sessions!.map((s) => s.SessionId)).not.toContain(lostId);
    expect(listed.Sessions).toHaveLength(1);
    // Gone: revoking it again finds nothing.
    await expect(t.cognito.send(new RevokeUserSessionCommand({ AccessToken: kept.AccessToken, SessionId: lostId })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuse the caller\'s own session, another user\'s, an unknown id and a malformed one', async () => {
    const client = await trackedUser('rv-bob');
    await confirmedUser(t, client, 'rv-eve', PASSWORD);
    const bob = await signIn(t, client, 'rv-bob', PASSWORD);
    const eve = await signIn(t, client, 'rv-eve', PASSWORD);
    const bobId = (await listOwn(bob.AccessToken!)).Sessions![0].SessionId!;
    const revoke = (AccessToken: string, SessionId: string) => t.cognito.send(new RevokeUserSessionCommand({ AccessToken, SessionId }));

    await expect(revoke(bob.AccessToken!, bobId)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(revoke(eve.AccessToken!, bobId)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(revoke(bob.AccessToken!, `tkn${'0'.repeat(25)}`)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(revoke(bob.AccessToken!, `sso${'0'.repeat(25)}`)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(revoke(bob.AccessToken!, 'tkn-NOT-A-SESSION')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new RevokeUserSessionCommand({ AccessToken: bob.AccessToken, SessionId: bobId, RevokeAssociatedSessions: 'ALL' as any })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    // Every refusal left the session alive.
    expect((await getUser(bob.AccessToken!)).Username).toBe('rv-bob');
  });

  it('as an administrator: end any session of the named user, and only of that user', async () => {
    const client = await trackedUser('rv-carol');
    await confirmedUser(t, client, 'rv-dan', PASSWORD);
    const carol = await signIn(t, client, 'rv-carol', PASSWORD);
    const carolId = (await listAsAdmin(client, 'rv-carol')).Sessions![0].SessionId!;
    const adminRevoke = (Username: string, SessionId: string) =>
      t.cognito.send(new AdminRevokeUserSessionCommand({ UserPoolId: client.poolId, Username, SessionId, RevokeAssociatedSessions: 'LINKED' }));

    await expect(adminRevoke('rv-dan', carolId)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(adminRevoke('nobody', carolId)).rejects.toMatchObject({ name: 'UserNotFoundException' });
    expect((await getUser(carol.AccessToken!)).Username).toBe('rv-carol');

    await adminRevoke('rv-carol', carolId);
    await expect(getUser(carol.AccessToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    expect((await listAsAdmin(client, 'rv-carol')).Sessions).toEqual([]);
  });
});

describe('RevokeToken', () => {
  it('takes RevokeAssociatedSessions as NONE or LINKED, and ends the token\'s session either way', async () => {
    const client = await trackedUser('rt-linked');
    for (const RevokeAssociatedSessions of ['NONE', 'LINKED'] as const) {
      const tokens = await signIn(t, client, 'rt-linked', PASSWORD);
      await t.cognito.send(new RevokeTokenCommand({ ClientId: client.clientId, Token: tokens.RefreshToken, RevokeAssociatedSessions }));
      await expect(getUser(tokens.AccessToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    }
    expect((await listAsAdmin(client, 'rt-linked')).Sessions).toEqual([]);
    await expect(t.cognito.send(new RevokeTokenCommand({ ClientId: client.clientId, Token: 'x', RevokeAssociatedSessions: 'ALL' as any })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('the per-user session cap', () => {
  it('evicts the session used least recently when a sign-in would pass MaxPerUser', async () => {
    const client = await trackedUser('cap-ana', 2);
    const oldest = await signIn(t, client, 'cap-ana', PASSWORD);
    t.clock.advance(1_000);
    const idle = await signIn(t, client, 'cap-ana', PASSWORD);
    t.clock.advance(1_000);
    // A refresh makes the oldest sign-in the most recently used.
    await refresh(t, client, 'cap-ana', oldest.RefreshToken!);
    t.clock.advance(1_000);
    const newest = await signIn(t, client, 'cap-ana', PASSWORD);

    await expect(getUser(idle.AccessToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    expect((await getUser(oldest.AccessToken!)).Username).toBe('cap-ana');
    expect((await getUser(newest.AccessToken!)).Username).toBe('cap-ana');
    expect((await listOwn(newest.AccessToken!)).Sessions).toHaveLength(2);
  });
});
