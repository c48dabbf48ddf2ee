// Rows kept only until they expire are forgotten afterwards, so the store does not grow with every
// sign-in: single-use markers (refused on a second use while they matter) and sign-in sessions with
// their refresh tokens (kept while any token issued from them may be presented). SQLite and PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { GetUserCommand, RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { confirmedUser, refresh, signIn, type AppClient } from '../helpers/users.js';
import { useOnce } from '../../src/domain/single-use.js';

const DAY_MS = 86_400_000;
const PASSWORD = 'Passw0rd!long';
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const originJti = (jwt: string): string => claimsOf(jwt).origin_jti;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await t.close();
});

describe('single-use markers', () => {
  it('refuse the second use, and the sweep forgets only markers expired beyond the margin', async () => {
    const deps = t.server.deps;
    const now = t.clock.now();
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5); // no sweep
    expect(await useOnce(deps, 'test:long-expired', now - 60 * 60_000)).toBe(true);
    expect(await useOnce(deps, 'test:just-expired', now - 60_000)).toBe(true);
    expect(await useOnce(deps, 'test:live', now + 5 * 60_000)).toBe(true);
    expect(await useOnce(deps, 'test:live', now + 5 * 60_000)).toBe(false);

    random.mockReturnValue(0); // this call sweeps
    expect(await useOnce(deps, 'test:other', now + 5 * 60_000)).toBe(true);
    random.mockRestore();

    expect(await deps.store.consumed.isConsumed('test:long-expired')).toBe(false);
    // Within the margin for clocks between processes: still refused.
    expect(await deps.store.consumed.isConsumed('test:just-expired')).toBe(true);
    expect(await useOnce(deps, 'test:live', now + 5 * 60_000)).toBe(false);
    expect(await useOnce(deps, 'test:other', now + 5 * 60_000)).toBe(false);
  });
});

describe('sign-in sessions and refresh tokens', () => {
  // Refresh tokens for 1 hour, access tokens for 1 day: the session must outlive its refresh token.
  const shortRefresh = { RefreshTokenValidity: 1, AccessTokenValidity: 24, TokenValidityUnits: { RefreshToken: 'hours' as const, AccessToken: 'hours' as const } };
  /** A sign-in that runs the expiry sweep (sweep: true) or surely does not. */
  async function signInSweeping(client: AppClient, username: string, sweep: boolean) {
    const random = vi.spyOn(Math, 'random').mockReturnValue(sweep ? 0 : 0.5);
    try {
      return await signIn(t, client, username, PASSWORD);
    } finally {
      random.mockRestore();
    }
  }

  it('are deleted once nothing issued from them can be used, and an expired token still reads as expired', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({}, shortRefresh);
    const client: AppClient = { poolId, clientId };
    await confirmedUser(t, client, 'sweep-user', PASSWORD);
    const store = t.server.deps.store;

    const old = await signInSweeping(client, 'sweep-user', false);
    const oldSession = originJti(old.AccessToken!);
    const oldRefreshHash = sha256Hex(old.RefreshToken!);

    // Two hours on the refresh token has expired, but the access token issued with it lives a day:
    // a sweep keeps both rows, GetUser still works, refresh says expired.
    t.clock.advance(2 * 60 * 60_000);
    await signInSweeping(client, 'sweep-user', true);
    expect(await store.refreshTokens.find(oldRefreshHash)).toBeDefined();
    expect(await store.authSessions.find(oldSession)).toBeDefined();
    expect((await t.cognito.send(new GetUserCommand({ AccessToken: old.AccessToken! }))).Username).toBe('sweep-user');
    await expect(refresh(t, client, 'sweep-user', old.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' });

    // Past the access token's day too: the session and its refresh token go, the newest stay; the
    // old refresh token is still answered as Cognito answers an expired one.
    t.clock.advance(DAY_MS);
    const latest = await signInSweeping(client, 'sweep-user', false);
    await signInSweeping(client, 'sweep-user', true);
    expect(await store.authSessions.find(oldSession)).toBeUndefined();
    expect(await store.refreshTokens.find(oldRefreshHash)).toBeUndefined();
    expect(await store.authSessions.find(originJti(latest.AccessToken!))).toBeDefined();
    await expect(refresh(t, client, 'sweep-user', old.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
    expect((await refresh(t, client, 'sweep-user', latest.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
    // A forged token in the same shape is not "expired": it is invalid.
    const parts = old.RefreshToken!.split('.');
    parts[3] = Buffer.from('{"pool":"x"}').toString('base64url');
    await expect(refresh(t, client, 'sweep-user', parts.join('.'))).rejects.toMatchObject({ message: 'Invalid Refresh Token' });
  });

  it('RevokeToken with an expired refresh token still ends the sign-in while its access token lives', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({}, shortRefresh);
    const client: AppClient = { poolId, clientId };
    await confirmedUser(t, client, 'revoke-user', PASSWORD);
    const old = await signInSweeping(client, 'revoke-user', false);
    t.clock.advance(2 * 60 * 60_000);
    await signInSweeping(client, 'revoke-user', true);

    await t.cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: old.RefreshToken! }));
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: old.AccessToken! }))).rejects.toMatchObject({
      name: 'NotAuthorizedException', message: 'Access Token has been revoked',
    });
  });
});
