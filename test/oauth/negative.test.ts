// Every request the OAuth specs and Cognito refuse, refused: never a redirect to an unverified
// URI, RFC 6749 error codes otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, CALLBACK, HttpBrowser, authorizeUrl, oauthPool, signInThroughForm, type OAuthPool } from './support.js';
import { confirmedUser } from '../helpers/users.js';

const VERIFIER = 'a'.repeat(20) + 'B'.repeat(23) + '-._~0123';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

describe('refused OAuth requests', () => {
  let t: TestServer;
  let pool: OAuthPool;
  let other: { clientId: string; clientSecret?: string };

  beforeAll(async () => {
    t = await startTestServer();
    pool = await oauthPool(t, { client: { GenerateSecret: true, AllowedOAuthFlows: ['code'] } });
    other = await t.fixtures.client(pool.poolId, {
      GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK],
    });
    await confirmedUser(t, pool, 'bo', PASSWORD, { email: 'bo@example.com' });
  });
  afterAll(() => t.close());

  const basic = (id: string, secret?: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const token = (form: Record<string, string>, client: { clientId: string; clientSecret?: string } = pool) =>
    fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client.clientId, client.clientSecret) },
      body: new URLSearchParams(form),
    });
  async function code(parameters: Record<string, string> = {}): Promise<string> {
    const page = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, pool, { scope: 'openid aws.cognito.signin.user.admin', ...parameters }), 'bo');
    return new URL(page.location!).searchParams.get('code')!;
  }

  it.each([
    ['an unregistered redirect URI', 'https://evil.example.com/callback'],
    ['a redirect URI that only starts with a registered one', `${CALLBACK}/more`],
    ['a registered redirect URI with a query added', `${CALLBACK}?x=1`],
    ['a prefix of a registered redirect URI', 'http://localhost:3000/call'],
  ])('renders an error page and never redirects for %s', async (_name, redirectUri) => {
    const page = await new HttpBrowser(t.url).request(authorizeUrl(t, pool, { redirect_uri: redirectUri, state: 's' }));
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('redirect_uri is not registered');
  });

  it('renders an error page for an unknown client', async () => {
    const page = await new HttpBrowser(t.url).request(authorizeUrl(t, pool, { client_id: 'nosuchclient0000000000000' }));
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
  });

  it('redirects a disallowed or unknown response_type back with the error and state', async () => {
    const implicit = await new HttpBrowser(t.url).request(authorizeUrl(t, pool, { response_type: 'token', state: 'st' }));
    expect(implicit.status).toBe(302);
    const fragment = new URLSearchParams(new URL(implicit.location!).hash.slice(1));
    expect(fragment.get('error')).toBe('unauthorized_client');
    expect(fragment.get('state')).toBe('st');
    const unknown = await new HttpBrowser(t.url).request(authorizeUrl(t, pool, { response_type: 'id_token', state: 'st' }));
    expect(new URL(unknown.location!).searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('redirects a scope the client is not allowed back as invalid_scope', async () => {
    const page = await new HttpBrowser(t.url).request(authorizeUrl(t, pool, { scope: 'openid https://api.example.com/read', state: 'sc' }));
    const location = new URL(page.location!);
    expect(location.origin + location.pathname).toBe(CALLBACK);
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.get('state')).toBe('sc');
  });

  it('refuses the plain PKCE method', async () => {
    const page = await new HttpBrowser(t.url).request(authorizeUrl(t, pool, { code_challenge: VERIFIER, code_challenge_method: 'plain' }));
    expect(new URL(page.location!).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a PKCE code redeemed without a verifier, or with a wrong one', async () => {
    const withoutVerifier = await token({ grant_type: 'authorization_code', code: await code({ code_challenge: CHALLENGE, code_challenge_method: 'S256' }), redirect_uri: CALLBACK });
    expect(withoutVerifier.status).toBe(400);
    expect(await withoutVerifier.json()).toMatchObject({ error: 'invalid_grant' });
    const wrong = await token({ grant_type: 'authorization_code', code: await code({ code_challenge: CHALLENGE, code_challenge_method: 'S256' }), redirect_uri: CALLBACK, code_verifier: `${VERIFIER}x` });
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    const right = await token({ grant_type: 'authorization_code', code: await code({ code_challenge: CHALLENGE, code_challenge_method: 'S256' }), redirect_uri: CALLBACK, code_verifier: VERIFIER });
    expect(right.status).toBe(200);
  });

  it('refuses a replayed code and revokes the tokens its first use issued', async () => {
    const value = await code();
    const first = await token({ grant_type: 'authorization_code', code: value, redirect_uri: CALLBACK });
    expect(first.status).toBe(200);
    const tokens = await first.json();
    await t.cognito.send(new GetUserCommand({ AccessToken: tokens.access_token }));
    const replay = await token({ grant_type: 'authorization_code', code: value, redirect_uri: CALLBACK });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: tokens.access_token }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code redeemed by another client', async () => {
    const value = await code();
    const stolen = await token({ grant_type: 'authorization_code', code: value, redirect_uri: CALLBACK }, other);
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code with a different redirect_uri, and an expired code', async () => {
    const mismatch = await token({ grant_type: 'authorization_code', code: await code(), redirect_uri: 'http://localhost:3000/other' });
    expect(await mismatch.json()).toMatchObject({ error: 'invalid_grant' });
    const value = await code();
    t.clock.advance(5 * 60_000 + 1000);
    const expired = await token({ grant_type: 'authorization_code', code: value, redirect_uri: CALLBACK });
    expect(await expired.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong client secret with 401 invalid_client', async () => {
    const response = await token({ grant_type: 'authorization_code', code: 'x', redirect_uri: CALLBACK }, { clientId: pool.clientId, clientSecret: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Basic');
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    const missing = await fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: CALLBACK, client_id: pool.clientId }),
    });
    expect(missing.status).toBe(401);
  });

  it('answers an unknown grant_type with unsupported_grant_type', async () => {
    const response = await token({ grant_type: 'password', username: 'bo', password: 'x' });
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('refuses a sign-in form posted without its CSRF token or with another one', async () => {
    const browser = new HttpBrowser(t.url);
    const login = await browser.follow(authorizeUrl(t, pool, { scope: 'openid' }));
    const without = await browser.submit(login, 'login', { username: 'bo', password: 'Corr3ct-Horse!' }, { omit: ['_csrf'] });
    expect(without.status).toBe(403);
    expect(without.location).toBeUndefined();
    const forged = await browser.submit(login, 'login', { username: 'bo', password: 'Corr3ct-Horse!', _csrf: 'A'.repeat(43) });
    expect(forged.status).toBe(403);
    expect(browser.cookies.has('cognito')).toBe(false);
  });

  it('answers a NUL character (%00) in a sign-in form, a token form, a query or a path with a 400, on every store', async () => {
    const signIn = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, pool, { scope: 'openid' }), 'b\u0000o');
    expect(signIn.status).toBe(400);
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: 'a\u0000b' });
    expect(refresh.status).toBe(400);
    expect((await refresh.json()).error).toBe('invalid_request');
    const authorize = await fetch(`${t.url}/${pool.poolId}/oauth2/authorize?response_type=code&client_id=${pool.clientId}%00&redirect_uri=${encodeURIComponent(CALLBACK)}`, { redirect: 'manual' });
    expect(authorize.status).toBe(400);
    expect((await fetch(`${t.url}/${pool.poolId}%00/login`, { redirect: 'manual' })).status).toBe(400);
  });

  it('renders an error page for /logout with an unregistered logout_uri', async () => {
    const page = await new HttpBrowser(t.url).request(`${t.url}/${pool.poolId}/logout?client_id=${pool.clientId}&logout_uri=${encodeURIComponent('https://evil.example.com/')}`);
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
  });

  it('refuses userInfo without a token, with a bad token, and without openid', async () => {
    const url = `${t.url}/${pool.poolId}/oauth2/userInfo`;
    expect((await fetch(url)).status).toBe(401);
    const bad = await fetch(url, { headers: { authorization: 'Bearer not.a.token' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
    const value = await code({ scope: 'aws.cognito.signin.user.admin' });
    const tokens = await (await token({ grant_type: 'authorization_code', code: value, redirect_uri: CALLBACK })).json();
    const noOpenid = await fetch(url, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(noOpenid.status).toBe(403);
    expect(noOpenid.headers.get('www-authenticate')).toContain('insufficient_scope');
  });
});
