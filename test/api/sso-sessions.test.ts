// Hosted UI (SSO) sessions in session management: listed beside the token sessions they start
// (OriginSessionId), with the browser's address and device; revoked alone or with their linked
// sessions (RevokeUserSession, AdminRevokeUserSession, RevokeToken's LINKED); and reused by each
// app client only within its SSOSession.MaxValidityMinutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminListUserSessionsCommand,
  AdminRevokeUserSessionCommand,
  GetUserCommand,
  ListUserSessionsCommand,
  RevokeTokenCommand,
  RevokeUserSessionCommand,
  SetUserPoolClientSessionConfigurationCommand,
  SetUserPoolSessionConfigurationCommand,
  type CreateUserPoolClientCommandInput,
  type SessionDescriptionType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, signIn } from '../helpers/users.js';
import { CALLBACK, HttpBrowser, PASSWORD, authorizeUrl, formOf, oauthPool, signInThroughForm, type OAuthPool } from '../oauth/support.js';

const MAC_CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36';
const SSO_ID = /^sso[a-z0-9]{25}$/;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** A browser that says it is Chrome on a Mac, so its sessions' DeviceType can tell it from the app's server. */
class MacBrowser extends HttpBrowser {
  override request(url: string, init: Parameters<HttpBrowser['request']>[1] = {}) {
    return super.request(url, { ...init, headers: { 'user-agent': MAC_CHROME, ...init.headers } });
  }
}

async function trackedPool(client: Partial<CreateUserPoolClientCommandInput> = {}): Promise<OAuthPool> {
  const pool = await oauthPool(t, { client: { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], ...client } });
  await t.cognito.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: pool.poolId, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 20 } }));
  return pool;
}

/** Signs in through the Hosted UI and exchanges the code (as the app's server, with no browser user agent). */
async function hostedSignIn(browser: HttpBrowser, pool: OAuthPool, username: string, clientId = pool.clientId) {
  const done = await signInThroughForm(browser, authorizeUrl(t, { ...pool, clientId }, { scope: 'openid aws.cognito.signin.user.admin' }), username);
  return exchange(pool, done.location!, clientId);
}

async function exchange(pool: OAuthPool, location: string, clientId = pool.clientId) {
  const code = new URL(location).searchParams.get('code');
  expect(code, location).toBeTruthy();
  const response = await fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: CALLBACK, client_id: clientId }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { access_token: string; refresh_token: string };
}

/** Whether the browser's session signs it in at once (the authorize request goes straight back to the app). */
async function returnsAtOnce(browser: HttpBrowser, pool: OAuthPool, clientId = pool.clientId): Promise<boolean> {
  const page = await browser.follow(authorizeUrl(t, { ...pool, clientId }, { scope: 'openid' }));
  return page.location?.startsWith(`${CALLBACK}?code=`) ?? false;
}

const adminList = async (pool: OAuthPool, Username: string) =>
  (await t.cognito.send(new AdminListUserSessionsCommand({ UserPoolId: pool.poolId, Username }))).Sessions ?? [];
const ssoOf = (sessions: SessionDescriptionType[]) => sessions.filter((s) => s.SessionType === 'SSO');
const tokensOf = (sessions: SessionDescriptionType[]) => sessions.filter((s) => s.SessionType === 'TOKEN');

describe('SSO sessions in ListUserSessions and AdminListUserSessions', () => {
  it('lists the Hosted UI session with the browser\'s address and device, and the token session it started', async () => {
    const pool = await trackedPool();
    await confirmedUser(t, pool, 'ines', PASSWORD, { email: 'ines@example.com' });
    const tokens = await hostedSignIn(new MacBrowser(t.url), pool, 'ines');

    const sessions = await adminList(pool, 'ines');
    const [sso] = ssoOf(sessions);
    expect(sso).toMatchObject({ SessionType: 'SSO', ClientId: pool.clientId, LastIPAddress: '127.0.0.1', DeviceType: 'Chrome 125 / macOS 10.15.7', IsCurrentSession: false });
    expect(sso!.SessionId).toMatch(SSO_ID);
    expect(sso!.OriginSessionId).toBeUndefined();
    // The token session was made from the browser that signed in, not from the code's exchange.
    expect(tokensOf(sessions)).toEqual([expect.objectContaining({
      ClientId: pool.clientId, OriginSessionId: sso!.SessionId, LastIPAddress: '127.0.0.1', DeviceType: 'Chrome 125 / macOS 10.15.7',
    })]);

    const own = (await t.cognito.send(new ListUserSessionsCommand({ AccessToken: tokens.access_token }))).Sessions ?? [];
    expect(own.map((s) => [s.SessionType, s.IsCurrentSession])).toEqual([['SSO', false], ['TOKEN', true]]);
  });

  it('gives a silent sign-in from the session a new token session linked to the same SSO session, and records the reuse', async () => {
    const pool = await trackedPool();
    await confirmedUser(t, pool, 'jon', PASSWORD, { email: 'jon@example.com' });
    const browser = new MacBrowser(t.url);
    await hostedSignIn(browser, pool, 'jon');
    const [before] = ssoOf(await adminList(pool, 'jon'));
    t.clock.advance(2 * 60_000);
    const again = await browser.follow(authorizeUrl(t, pool, { scope: 'openid' }));
    await exchange(pool, again.location!);

    const sessions = await adminList(pool, 'jon');
    expect(ssoOf(sessions)).toHaveLength(1);
    const [after] = ssoOf(sessions);
    expect(after!.SessionId).toBe(before!.SessionId);
    expect(after!.LastActiveDate!.getTime()).toBeGreaterThan(before!.LastActiveDate!.getTime());
    expect(tokensOf(sessions).map((s) => s.OriginSessionId)).toEqual([before!.SessionId, before!.SessionId]);
  });

  it('lists no SSO session for API sign-ins, whose token sessions have no OriginSessionId', async () => {
    const pool = await trackedPool();
    await confirmedUser(t, pool, 'kai', PASSWORD, { email: 'kai@example.com' });
    await signIn(t, pool, 'kai', PASSWORD);
    const sessions = await adminList(pool, 'kai');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ SessionType: 'TOKEN' });
    expect(sessions[0]!.OriginSessionId).toBeUndefined();
  });
});

describe('revoking SSO sessions', () => {
  it('AdminRevokeUserSession ends the browser\'s session: it must sign in again, and its tokens still work (NONE)', async () => {
    const pool = await trackedPool();
    await confirmedUser(t, pool, 'lea', PASSWORD, { email: 'lea@example.com' });
    const browser = new MacBrowser(t.url);
    const tokens = await hostedSignIn(browser, pool, 'lea');
    expect(await returnsAtOnce(browser, pool)).toBe(true);
    const [sso] = ssoOf(await adminList(pool, 'lea'));

    await t.cognito.send(new AdminRevokeUserSessionCommand({ UserPoolId: pool.poolId, Username: 'lea', SessionId: sso!.SessionId! }));
    expect(await returnsAtOnce(browser, pool)).toBe(false);
    expect(ssoOf(await adminList(pool, 'lea'))).toEqual([]);
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: tokens.access_token }))).resolves.toMatchObject({ Username: 'lea' });
    // Gone is gone: a second revocation finds nothing.
    await expect(t.cognito.send(new AdminRevokeUserSessionCommand({ UserPoolId: pool.poolId, Username: 'lea', SessionId: sso!.SessionId! })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('RevokeUserSession with LINKED on an SSO session also ends the token sessions that came through it', async () => {
    const pool = await trackedPool();
    await confirmedUser(t, pool, 'max', PASSWORD, { email: 'max@example.com' });
    const browser = new MacBrowser(t.url);
    const hosted = await hostedSignIn(browser, pool, 'max');
    const api = await signIn(t, pool, 'max', PASSWORD);
    const [sso] = ssoOf(await adminList(pool, 'max'));

    await t.cognito.send(new RevokeUserSessionCommand({ AccessToken: api.AccessToken!, SessionId: sso!.SessionId!, RevokeAssociatedSessions: 'LINKED' }));
    expect(await returnsAtOnce(browser, pool)).toBe(false);
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: hosted.access_token }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    // The API sign-in came through no SSO session: it goes on.
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: api.AccessToken! }))).resolves.toMatchObject({ Username: 'max' });
  });

  it('AdminRevokeUserSession with LINKED on a token session also ends its parent SSO session, and no other token session', async () => {
    const pool = await trackedPool();
    await confirmedUser(t, pool, 'nia', PASSWORD, { email: 'nia@example.com' });
    const browser = new MacBrowser(t.url);
    const first = await hostedSignIn(browser, pool, 'nia');
    const second = await exchange(pool, (await browser.follow(authorizeUrl(t, pool, { scope: 'openid aws.cognito.signin.user.admin' }))).location!);
    const firstSession = (await t.cognito.send(new ListUserSessionsCommand({ AccessToken: first.access_token }))).Sessions!.find((s) => s.IsCurrentSession);

    await t.cognito.send(new AdminRevokeUserSessionCommand({ UserPoolId: pool.poolId, Username: 'nia', SessionId: firstSession!.SessionId!, RevokeAssociatedSessions: 'LINKED' }));
    expect(await returnsAtOnce(browser, pool)).toBe(false);
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: first.access_token }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: second.access_token }))).resolves.toMatchObject({ Username: 'nia' });
  });

  it('RevokeToken ends the parent SSO session only with LINKED', async () => {
    const pool = await trackedPool();
    await confirmedUser(t, pool, 'oli', PASSWORD, { email: 'oli@example.com' });
    const browser = new MacBrowser(t.url);
    const first = await hostedSignIn(browser, pool, 'oli');
    await t.cognito.send(new RevokeTokenCommand({ ClientId: pool.clientId, Token: first.refresh_token }));
    expect(await returnsAtOnce(browser, pool)).toBe(true);

    const second = await exchange(pool, (await browser.follow(authorizeUrl(t, pool, { scope: 'openid' }))).location!);
    await t.cognito.send(new RevokeTokenCommand({ ClientId: pool.clientId, Token: second.refresh_token, RevokeAssociatedSessions: 'LINKED' }));
    expect(await returnsAtOnce(browser, pool)).toBe(false);
    expect(ssoOf(await adminList(pool, 'oli'))).toEqual([]);
  });

  it('RevokeToken with LINKED leaves the SSO session alone while session tracking is off', async () => {
    const pool = await oauthPool(t);
    await confirmedUser(t, pool, 'pia', PASSWORD, { email: 'pia@example.com' });
    const browser = new MacBrowser(t.url);
    const tokens = await hostedSignIn(browser, pool, 'pia');
    await t.cognito.send(new RevokeTokenCommand({ ClientId: pool.clientId, Token: tokens.refresh_token, RevokeAssociatedSessions: 'LINKED' }));
    expect(await returnsAtOnce(browser, pool)).toBe(true);
  });

  it('refuses another user\'s SSO session as not found', async () => {
    const pool = await trackedPool();
    await confirmedUser(t, pool, 'quin', PASSWORD, { email: 'quin@example.com' });
    await confirmedUser(t, pool, 'rosa', PASSWORD, { email: 'rosa@example.com' });
    const browser = new MacBrowser(t.url);
    await hostedSignIn(browser, pool, 'quin');
    const [sso] = ssoOf(await adminList(pool, 'quin'));
    await expect(t.cognito.send(new AdminRevokeUserSessionCommand({ UserPoolId: pool.poolId, Username: 'rosa', SessionId: sso!.SessionId! })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await returnsAtOnce(browser, pool)).toBe(true);
  });
});

describe('SSOSession.MaxValidityMinutes', () => {
  const setValidity = (pool: OAuthPool, ClientId: string, MaxValidityMinutes: number) =>
    t.cognito.send(new SetUserPoolClientSessionConfigurationCommand({ UserPoolId: pool.poolId, ClientId, SSOSession: { MaxValidityMinutes } }));

  it('with 0, the client never reuses the session, which still exists for the others', async () => {
    const pool = await trackedPool();
    const other = await t.fixtures.client(pool.poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['COGNITO'],
    });
    await setValidity(pool, pool.clientId, 0);
    await confirmedUser(t, pool, 'sam', PASSWORD, { email: 'sam@example.com' });
    const browser = new MacBrowser(t.url);
    await hostedSignIn(browser, pool, 'sam');
    expect(ssoOf(await adminList(pool, 'sam'))).toHaveLength(1);
    expect(await returnsAtOnce(browser, pool)).toBe(false);
    expect(await returnsAtOnce(browser, pool, other.clientId)).toBe(true);
  });

  it('each client reuses the session for its own minutes since the sign-in; the cookie lives as long as the most lenient needs', async () => {
    const pool = await trackedPool();
    const lenient = await t.fixtures.client(pool.poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['COGNITO'],
    });
    await setValidity(pool, pool.clientId, 5);
    await setValidity(pool, lenient.clientId, 180);
    await confirmedUser(t, pool, 'tom', PASSWORD, { email: 'tom@example.com' });
    const browser = new MacBrowser(t.url);
    const login = await browser.follow(authorizeUrl(t, pool, { scope: 'openid' }));
    const form = formOf(login, 'login');
    const signedIn = await browser.request(form.action, { form: { ...form.hidden, username: 'tom', password: PASSWORD } });
    expect(signedIn.headers.getSetCookie().join('\n')).toMatch(/Max-Age=10800/i);

    t.clock.advance(4 * 60_000);
    expect(await returnsAtOnce(browser, pool)).toBe(true);
    t.clock.advance(2 * 60_000);
    expect(await returnsAtOnce(browser, pool)).toBe(false);
    // Past the default hour, the lenient client still signs the browser in from the same session.
    t.clock.advance(100 * 60_000);
    expect(await returnsAtOnce(browser, pool, lenient.clientId)).toBe(true);
    t.clock.advance(80 * 60_000);
    expect(await returnsAtOnce(browser, pool, lenient.clientId)).toBe(false);
  });

  it('without a setting, a client reuses the session for 60 minutes', async () => {
    const pool = await trackedPool();
    await confirmedUser(t, pool, 'uma', PASSWORD, { email: 'uma@example.com' });
    const browser = new MacBrowser(t.url);
    await hostedSignIn(browser, pool, 'uma');
    t.clock.advance(59 * 60_000);
    expect(await returnsAtOnce(browser, pool)).toBe(true);
    t.clock.advance(2 * 60_000);
    expect(await returnsAtOnce(browser, pool)).toBe(false);
  });
});
