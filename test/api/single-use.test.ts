// Rows kept only until they expire are forgotten afterwards, so the store does not grow with every
// sign-in: single-use markers (refused on a second use while they matter) and sign-in sessions with
// their refresh tokens (kept while any token issued from them may be presented). SQLite and PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, refresh, signIn, type AppClient } from '../helpers/users.js';
import { useOnce } from '../../src/domain/single-use.js';

const DAY_MS = 86_400_000;
const PASSWORD = 'Passw0rd!long';
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const originJti = (jwt: string): string => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).origin_jti;

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
  it('are deleted by a later sign-in once nothing issued from them can still be used', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient(
      {},
      // Refresh tokens for 1 hour, access tokens for 1 day: the session must outlive its refresh token.
      { RefreshTokenValidity: 1, AccessTokenValidity: 24, TokenValidityUnits: { RefreshToken: 'hours', AccessToken: 'hours' } },
    );
    const client: AppClient = { poolId, clientId };
    await confirmedUser(t, client, 'sweep-user', PASSWORD);
    const sweep = () => vi.spyOn(Math, 'random').mockReturnValue(0);
    const noSweep = () => vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const store = t.server.deps.store;

    noSweep();
    const old = await signIn(t, client, 'sweep-user', PASSWORD);
    const oldSession = originJti(old.AccessToken!);
    const oldRefreshHash = sha256Hex(old.RefreshToken!);

    // Two hours on: the refresh token has expired and is deleted; the session stays, since the
    // access token issued from it lives a day and GetUser still accepts it.
    t.clock.advance(2 * 60 * 60_000);
    sweep();
    await signIn(t, client, 'sweep-user', PASSWORD);
    expect(await store.refreshTokens.find(oldRefreshHash)).toBeUndefined();
    expect(await store.authSessions.find(oldSession)).toBeDefined();
    const user = await t.cognito.send(new GetUserCommand({ AccessToken: old.AccessToken! }));
    expect(user.Username).toBe('sweep-user');
    await expect(refresh(t, client, 'sweep-user', old.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    // Past the access token's day too: the session goes, and the newest sign-in's stays.
    t.clock.advance(DAY_MS);
    vi.restoreAllMocks();
    noSweep();
    const latest = await signIn(t, client, 'sweep-user', PASSWORD);
    vi.restoreAllMocks();
    sweep();
    await signIn(t, client, 'sweep-user', PASSWORD);
    expect(await store.authSessions.find(oldSession)).toBeUndefined();
    expect(await store.authSessions.find(originJti(latest.AccessToken!))).toBeDefined();
    expect((await refresh(t, client, 'sweep-user', latest.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
