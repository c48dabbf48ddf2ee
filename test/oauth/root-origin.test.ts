// The OAuth endpoints and Hosted UI at the server's own origin, as apps moved from LocalStack or
// cognito-local call them: no pool in the host or the path, the app client the request names picks
// the pool. openid-client is the relying party, configured with the root endpoints by hand (the
// discovery document keeps naming the per-pool ones).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, CALLBACK, LOGOUT, HttpBrowser, oauthPool, signInThroughForm, type OAuthPool } from './support.js';
import { confirmedUser } from '../helpers/users.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret = '') => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('OAuth endpoints and Hosted UI at the server root', () => {
  let t: TestServer;
  let confidential: OAuthPool;
  let publicPool: OAuthPool;

  /** openid-client with the root endpoints, as an app configured for cognito-local would be. */
  function rootConfiguration(pool: OAuthPool, auth: oidc.ClientAuth): oidc.Configuration {
    const issuer = `${t.url}/${pool.poolId}`;
    const config = new oidc.Configuration({
      issuer,
      authorization_endpoint: `${t.url}/oauth2/authorize`,
      token_endpoint: `${t.url}/oauth2/token`,
      userinfo_endpoint: `${t.url}/oauth2/userInfo`,
      revocation_endpoint: `${t.url}/oauth2/revoke`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
    }, pool.clientId, undefined, auth);
    oidc.allowInsecureRequests(config);
    return config;
  }

  async function signIn(config: oidc.Configuration, browser: HttpBrowser, username: string, scope = 'openid email aws.cognito.signin.user.admin') {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK, scope, state, nonce, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    expect(url.toString().startsWith(`${t.url}/oauth2/authorize?`)).toBe(true);
    const callback = await signInThroughForm(browser, url.toString(), username);
    expect(callback.location).toMatch(/^http:\/\/localhost:3000\/callback\?code=/);
    return oidc.authorizationCodeGrant(config, new URL(callback.location!), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  }

  const authorizeAtRoot = (pool: OAuthPool, extra: Record<string, string> = {}) =>
    `${t.url}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: CALLBACK, scope: 'openid', ...extra })}`;

  beforeAll(async () => {
    t = await startTestServer();
    confidential = await oauthPool(t, { client: { GenerateSecret: true } });
    publicPool = await oauthPool(t);
    // The same username in both pools: only the pool tells the two users apart.
    await confirmedUser(t, confidential, 'ana', PASSWORD, { email: 'ana@example.com' });
    await confirmedUser(t, publicPool, 'ana', PASSWORD, { email: 'ana@public.example.com' });
  });
  afterAll(() => t.close());

  it('runs the code flow with PKCE, userInfo, refresh and revocation at the root for a client with a secret (Basic)', async () => {
    const config = rootConfiguration(confidential, oidc.ClientSecretBasic(confidential.clientSecret!));
    const browser = new HttpBrowser(t.url);
    const tokens = await signIn(config, browser, 'ana');
    const claims = tokens.claims()!;
    expect(claims.iss).toBe(`${t.url}/${confidential.poolId}`);
    expect(claims.aud).toBe(confidential.clientId);
    expect(claims.email).toBe('ana@example.com');
    // The sign-in form was the root's, and posted back to the root with the client named.
    const login = await browser.follow(authorizeAtRoot(confidential, { prompt: 'login' }));
    expect(login.text).toMatch(/<form method="post" action="\/login\?[^"]*client_id=/);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({ sub: claims.sub, email: 'ana@example.com', username: 'ana' });

    t.clock.advance(1_000);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()!.sub).toBe(claims.sub);

    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: tokens.access_token }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('runs the code flow for a public client naming itself by client_id in the token form', async () => {
    const config = rootConfiguration(publicPool, oidc.None());
    const tokens = await signIn(config, new HttpBrowser(t.url), 'ana');
    expect(tokens.claims()!.email).toBe('ana@public.example.com');
    expect(tokens.claims()!.iss).toBe(`${t.url}/${publicPool.poolId}`);
    // userInfo by POST at the root, picked by the token's client.
    const post = await fetch(`${t.url}/oauth2/userInfo`, { method: 'POST', headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(post.status).toBe(200);
    expect(await post.json()).toMatchObject({ sub: tokens.claims()!.sub, email: 'ana@public.example.com' });
    // Revocation with client_id in the form.
    const revoke = await fetch(`${t.url}/oauth2/revoke`, {
      method: 'POST', headers: form, body: new URLSearchParams({ token: tokens.refresh_token!, client_id: publicPool.clientId }),
    });
    expect(revoke.status).toBe(200);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('keeps each pool\'s session cookie to itself on the shared origin', async () => {
    const browser = new HttpBrowser(t.url);
    // 1. Signed in to the first pool at the root: its own cookie, and the next authorize returns at once.
    const first = await signInThroughForm(browser, authorizeAtRoot(confidential), 'ana');
    expect(first.location).toMatch(/\/callback\?code=/);
    const cookieA = `cognito-${confidential.poolId}`;
    expect([...browser.cookies.keys()].filter((name) => name.startsWith('cognito'))).toEqual([cookieA]);
    expect((await browser.request(authorizeAtRoot(confidential))).location).toMatch(/\/callback\?code=/);
    // 2. The other pool on the same origin asks for the password, even with the first pool's session
    //    id replayed under its cookie name, or under the path form's name.
    const other = await browser.follow(authorizeAtRoot(publicPool));
    expect(other.status).toBe(200);
    expect(other.text).toContain('name="password"');
    const sessionA = browser.cookies.get(cookieA)!;
    for (const name of [`cognito-${publicPool.poolId}`, 'cognito']) {
      const replay = new HttpBrowser(t.url);
      replay.cookies.set(name, sessionA);
      expect((await replay.follow(authorizeAtRoot(publicPool))).text).toContain('name="password"');
      expect((await replay.follow(`${t.url}/${publicPool.poolId}/oauth2/authorize?${new URL(authorizeAtRoot(publicPool)).search.slice(1)}`)).text).toContain('name="password"');
    }
    // 3. Signed in to the second pool too: two cookies, each pool returns at once.
    await browser.submit(other, 'login', { username: 'ana', password: 'Corr3ct-Horse!' });
    expect(browser.cookies.has(`cognito-${publicPool.poolId}`)).toBe(true);
    // 4. /logout at the root ends the named pool's session only.
    const out = await browser.request(`${t.url}/logout?${new URLSearchParams({ client_id: publicPool.clientId, logout_uri: LOGOUT })}`);
    expect(out.location).toBe(LOGOUT);
    expect(browser.cookies.has(`cognito-${publicPool.poolId}`)).toBe(false);
    expect((await browser.follow(authorizeAtRoot(publicPool))).text).toContain('name="password"');
    expect((await browser.request(authorizeAtRoot(confidential))).location).toMatch(/\/callback\?code=/);
  });

  it('scopes the root cookies to the whole origin and the path-form cookies to their pool', async () => {
    const browser = new HttpBrowser(t.url);
    const login = await browser.follow(authorizeAtRoot(publicPool));
    expect(login.headers.getSetCookie().join('\n')).toMatch(/^XSRF-TOKEN=[^;]+; Path=\/;/m);
    const callback = await browser.submit(login, 'login', { username: 'ana', password: 'Corr3ct-Horse!' });
    expect(callback.location).toMatch(/\/callback\?code=/);
    expect(callback.headers.getSetCookie().join('\n')).toMatch(new RegExp(`^cognito-${publicPool.poolId}=[^;]+; Path=/;`, 'm'));
    const path = await fetch(`${t.url}/${publicPool.poolId}/login?${new URL(authorizeAtRoot(publicPool)).search.slice(1)}`, { redirect: 'manual' });
    expect(path.headers.getSetCookie().join('\n')).toMatch(new RegExp(`^XSRF-TOKEN=[^;]+; Path=/${publicPool.poolId};`, 'm'));
  });

  it('serves the root on localhost and on addresses, not on other names', async () => {
    const port = new URL(t.url).port;
    const path = `/oauth2/authorize?${new URL(authorizeAtRoot(publicPool)).search.slice(1)}`;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const response = await t.server.app.inject({ url: path, headers: { host } });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toMatch(new RegExp(`^/login\\?.*client_id=${publicPool.clientId}`));
    }
    expect((await t.server.app.inject({ url: path, headers: { host: 'app.example.net' } })).statusCode).toBe(404);
    expect((await t.server.app.inject({ url: path, headers: { host: `nosuch.auth.localhost:${port}` } })).statusCode).toBe(404);
  });

  it('answers a browser request naming no client, or an unknown one, with the error page', async () => {
    const unknown = { client_id: 'nosuchclient0000000000000', redirect_uri: CALLBACK, response_type: 'code' };
    for (const url of [
      `${t.url}/oauth2/authorize?redirect_uri=${encodeURIComponent(CALLBACK)}&response_type=code`,
      `${t.url}/oauth2/authorize?${new URLSearchParams(unknown)}`,
      `${t.url}/oauth2/authorize?${new URLSearchParams({ ...unknown, client_id: 'x'.repeat(300) })}`,
      `${t.url}/login`,
      `${t.url}/signup?${new URLSearchParams(unknown)}`,
      `${t.url}/forgotPassword?client_id=`,
      `${t.url}/logout?logout_uri=${encodeURIComponent(LOGOUT)}`,
      `${t.url}/logout?${new URLSearchParams({ client_id: unknown.client_id, logout_uri: LOGOUT })}`,
      `${t.url}/ui/logo/${unknown.client_id}`,
    ]) {
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(response.status, url).toBeLessThan(500);
      expect(response.headers.get('location'), url).toBeNull();
      expect(response.headers.get('content-type'), url).toMatch(/^text\/html/);
    }
    const repeated = await fetch(`${t.url}/oauth2/authorize?client_id=${publicPool.clientId}&client_id=${confidential.clientId}`, { redirect: 'manual' });
    expect(repeated.status).toBe(400);
    // A form posted at the root without its client is refused before anything else.
    const post = await fetch(`${t.url}/login`, { method: 'POST', headers: form, body: 'username=ana&password=x', redirect: 'manual' });
    expect(post.status).toBe(400);
    expect(await post.text()).toContain('client_id is required.');
  });

  it('answers the token and revocation endpoints without client authentication, or with an unknown client, with invalid_client', async () => {
    const cases: Array<{ path: string; headers: Record<string, string>; body: string }> = [];
    for (const path of ['/oauth2/token', '/oauth2/revoke']) {
      cases.push(
        { path, headers: form, body: 'grant_type=client_credentials&token=t' },
        { path, headers: form, body: 'grant_type=authorization_code&code=c&token=t&client_id=nosuchclient' },
        { path, headers: { ...form, authorization: basic('nosuchclient', 'secret') }, body: 'grant_type=client_credentials&token=t' },
        { path, headers: { ...form, authorization: basic('x'.repeat(300), 'secret') }, body: 'grant_type=client_credentials&token=t' },
        // U+0000, raw or percent-encoded: text PostgreSQL cannot bind, so never looked up.
        { path, headers: { ...form, authorization: basic('a\u0000b', 'secret') }, body: 'grant_type=client_credentials&token=t' },
        { path, headers: { ...form, authorization: basic('a%00b', 'secret') }, body: 'grant_type=client_credentials&token=t' },
      );
    }
    for (const { path, headers, body } of cases) {
      const response = await fetch(`${t.url}${path}`, { method: 'POST', headers, body });
      expect(response.status, `${path} ${body}`).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('invalid_client');
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    }
    // A wrong secret for a real client: the same answer.
    const wrong = await fetch(`${t.url}/oauth2/token`, {
      method: 'POST', headers: { ...form, authorization: basic(confidential.clientId, 'not-the-secret') }, body: 'grant_type=client_credentials',
    });
    expect(wrong.status).toBe(401);
    // A repeated client_id is a malformed request.
    const repeated = await fetch(`${t.url}/oauth2/token`, { method: 'POST', headers: form, body: `grant_type=authorization_code&client_id=a&client_id=b` });
    expect(repeated.status).toBe(400);
    expect(await repeated.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('answers userInfo at the root without a token, or with one naming no known client, as RFC 6750 says', async () => {
    const none = await fetch(`${t.url}/oauth2/userInfo`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toMatchObject({ error: 'invalid_request' });
    const forged = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
    for (const token of ['garbage', 'a.b.c', forged({}), forged({ client_id: 'nosuchclient' }), forged({ client_id: 'a\u0000b' }), forged({ client_id: publicPool.clientId, token_use: 'access' })]) {
      const response = await fetch(`${t.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status, token).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    }
  });
});
