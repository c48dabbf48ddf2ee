// The authorization code flow end to end with openid-client (v6) as the relying party:
// discovery on the path form of the issuer, PKCE + state + nonce, the sign-in form driven over
// HTTP, token exchange with ID token validation, userInfo, refresh, revocation, the session
// cookie that skips the form, and /logout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { PASSWORD, CALLBACK, LOGOUT, HttpBrowser, authorizeUrl, oauthPool, signInThroughForm, type OAuthPool } from './support.js';
import { confirmedUser } from '../helpers/users.js';

describe('authorization code flow with openid-client', () => {
  let t: TestServer;
  let pool: OAuthPool;
  let config: oidc.Configuration;

  beforeAll(async () => {
    t = await startTestServer();
    pool = await oauthPool(t, { client: { GenerateSecret: true } });
    await confirmedUser(t, pool, 'ana', PASSWORD, { email: 'ana@example.com' });
    config = await oidc.discovery(new URL(`${t.url}/${pool.poolId}`), pool.clientId, pool.clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
  });
  afterAll(() => t.close());

  async function signIn(browser: HttpBrowser, scope = 'openid email profile aws.cognito.signin.user.admin') {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK, scope, state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const callback = await signInThroughForm(browser, url.toString(), 'ana');
    expect(callback.status).toBe(302);
    expect(callback.location).toMatch(/^http:\/\/localhost:3000\/callback\?code=/);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback.location!), {
      pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: scope.includes('openid'),
    });
    return { tokens, nonce };
  }

  it('discovers the endpoints of the pool from the path form of the issuer', () => {
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(`${t.url}/${pool.poolId}`);
    expect(metadata.authorization_endpoint).toBe(`${t.url}/${pool.poolId}/oauth2/authorize`);
    expect(metadata.token_endpoint).toBe(`${t.url}/${pool.poolId}/oauth2/token`);
  });

  it('signs in through the form and exchanges the code for validated tokens', async () => {
    const { tokens, nonce } = await signIn(new HttpBrowser(t.url));
    const claims = tokens.claims()!;
    expect(claims.nonce).toBe(nonce);
    expect(claims.aud).toBe(pool.clientId);
    expect(claims.email).toBe('ana@example.com');
    expect(claims.token_use).toBe('id');
    expect(typeof claims.at_hash).toBe('string');
    expect(tokens.refresh_token).toBeTruthy();
    const access = claimsOf(tokens.access_token);
    expect(access.scope.split(' ').sort()).toEqual(['aws.cognito.signin.user.admin', 'email', 'openid', 'profile']);
    expect(access.version).toBe(2);
    expect(access.auth_time).toBe(claims.auth_time);
  });

  it('answers userInfo with the claims the scopes allow', async () => {
    const { tokens } = await signIn(new HttpBrowser(t.url), 'openid email');
    const sub = tokens.claims()!.sub;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    expect(info).toMatchObject({ sub, email: 'ana@example.com', email_verified: 'true', username: 'ana' });
    // The same endpoint by POST.
    const post = await fetch(`${t.url}/${pool.poolId}/oauth2/userInfo`, { method: 'POST', headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await post.json()).toMatchObject({ sub, email: 'ana@example.com' });
  });

  it('lets a token with aws.cognito.signin.user.admin call GetUser and refuses one without it', async () => {
    const admin = await signIn(new HttpBrowser(t.url));
    const user = await t.cognito.send(new GetUserCommand({ AccessToken: admin.tokens.access_token }));
    expect(user.Username).toBe('ana');
    const plain = await signIn(new HttpBrowser(t.url), 'openid email');
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: plain.tokens.access_token }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('issues no ID token without the openid scope', async () => {
    // openid-client insists on an ID token from an OpenID provider, so this exchange is by hand.
    const browser = new HttpBrowser(t.url);
    const callback = await signInThroughForm(browser, authorizeUrl(t, pool, { scope: 'aws.cognito.signin.user.admin' }), 'ana');
    const code = new URL(callback.location!).searchParams.get('code')!;
    const response = await fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${pool.clientId}:${pool.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body.id_token).toBeUndefined();
    expect(body.access_token).toBeTruthy();
    expect(body.refresh_token).toBeTruthy();
  });

  it('refreshes the tokens and keeps the sign-in time', async () => {
    const { tokens } = await signIn(new HttpBrowser(t.url));
    t.clock.advance(5_000);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()!.sub).toBe(tokens.claims()!.sub);
    expect(refreshed.claims()!.auth_time).toBe(tokens.claims()!.auth_time);
    expect(refreshed.refresh_token).toBeUndefined();
  });

  it('revokes a refresh token and the access tokens of its sign-in', async () => {
    const { tokens } = await signIn(new HttpBrowser(t.url));
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: tokens.access_token }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('signs a returning browser in from its session cookie until /logout', async () => {
    const browser = new HttpBrowser(t.url);
    await signIn(browser);
    expect(browser.cookies.has('cognito')).toBe(true);
    // 1. A second authorize goes straight back to the app with a code.
    const again = await browser.follow(authorizeUrl(t, pool, { scope: 'openid', state: 's2' }));
    expect(again.status).toBe(302);
    expect(again.location).toMatch(/^http:\/\/localhost:3000\/callback\?code=.+&state=s2$/);
    // 2. /logout with a registered logout_uri clears the cookie and returns to the app.
    const sessionCookie = browser.cookies.get('cognito')!;
    const out = await browser.request(`${t.url}/${pool.poolId}/logout?client_id=${pool.clientId}&logout_uri=${encodeURIComponent(LOGOUT)}`);
    expect(out.status).toBe(302);
    expect(out.location).toBe(LOGOUT);
    expect(browser.cookies.has('cognito')).toBe(false);
    // 3. The next authorize asks for the password again, even with the old cookie replayed.
    const login = await browser.follow(authorizeUrl(t, pool, { scope: 'openid' }));
    expect(login.status).toBe(200);
    expect(login.text).toContain('name="password"');
    browser.cookies.set('cognito', sessionCookie);
    const replayed = await browser.follow(authorizeUrl(t, pool, { scope: 'openid' }));
    expect(replayed.status).toBe(200);
    expect(replayed.text).toContain('name="password"');
  });

  it('sends /logout with redirect_uri and response_type back to the sign-in page', async () => {
    const browser = new HttpBrowser(t.url);
    await signIn(browser);
    const out = await browser.request(`${t.url}/${pool.poolId}/logout?client_id=${pool.clientId}&redirect_uri=${encodeURIComponent(CALLBACK)}&response_type=code&state=x`);
    expect(out.status).toBe(302);
    expect(new URL(out.location!).pathname).toBe(`/${pool.poolId}/login`);
    expect(new URL(out.location!).searchParams.get('state')).toBe('x');
    expect(browser.cookies.has('cognito')).toBe(false);
  });

  it('forces the password again with prompt=login and refuses prompt=none without a session', async () => {
    const browser = new HttpBrowser(t.url);
    const none = await browser.request(authorizeUrl(t, pool, { scope: 'openid', prompt: 'none', state: 'p' }));
    expect(none.location).toBe(`${CALLBACK}?error=login_required&error_description=The+user+is+not+signed+in.&state=p`);
    await signIn(browser);
    const login = await browser.follow(authorizeUrl(t, pool, { scope: 'openid', prompt: 'login' }));
    expect(login.status).toBe(200);
    expect(login.text).toContain('name="password"');
  });

  it('returns tokens in the fragment for the implicit flow', async () => {
    const browser = new HttpBrowser(t.url);
    const page = await signInThroughForm(browser, authorizeUrl(t, pool, { response_type: 'token', scope: 'openid email', state: 'imp', nonce: 'n1' }), 'ana');
    expect(page.status).toBe(302);
    const fragment = new URLSearchParams(new URL(page.location!).hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('state')).toBe('imp');
    expect(fragment.get('refresh_token')).toBeNull();
    const id = claimsOf(fragment.get('id_token')!);
    expect(id.nonce).toBe('n1');
    expect(new URL(page.location!).search).toBe('');
  });
});

describe('authorization code flow for a public client', () => {
  let t: TestServer;
  let pool: OAuthPool;

  beforeAll(async () => {
    t = await startTestServer();
    pool = await oauthPool(t);
    await confirmedUser(t, pool, 'pat', PASSWORD, { email: 'pat@example.com' });
  });
  afterAll(() => t.close());

  it('exchanges a PKCE code with client_id alone, with openid-client', async () => {
    const config = await oidc.discovery(new URL(`${t.url}/${pool.poolId}`), pool.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK, scope: 'openid phone', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const callback = await signInThroughForm(new HttpBrowser(t.url), url.toString(), 'pat');
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback.location!), { pkceCodeVerifier: verifier });
    expect(tokens.claims()!['cognito:username']).toBe('pat');
    // `phone` narrows userInfo to the phone claims (this user has none) plus sub and username.
    const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(info).toEqual({ sub: tokens.claims()!.sub, username: 'pat' });
  });

  it('refuses a client secret sent for a client that has none', async () => {
    const response = await fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: CALLBACK, client_id: pool.clientId, client_secret: 'guess' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });
});
