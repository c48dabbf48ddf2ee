// Reaching a pool's domain: by Host (<prefix>.<baseDomain> and custom domains) and under
// /<poolId> on the main host; the JSON API on POST / is untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createPool } from '../../src/domain/pools.js';
import { createClient } from '../../src/domain/clients.js';
import { CALLBACK, oauthPool, type OAuthPool } from './support.js';

/** GET with an explicit Host header (fetch does not let a caller set it). */
function getWithHost(t: TestServer, host: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('reaching a user pool domain', () => {
  let t: TestServer;
  let pool: OAuthPool;
  let port: string;
  const query = () => new URLSearchParams({ client_id: pool.clientId, redirect_uri: CALLBACK, response_type: 'code', state: 'r' }).toString();

  beforeAll(async () => {
    t = await startTestServer({ config: { hostedUi: { baseDomain: 'login.test' } } });
    pool = await oauthPool(t);
    port = new URL(t.url).port;
    // A custom domain, written through the store: CreateUserPoolDomain lands separately.
    await t.server.deps.store.domains.insert({ domain: 'auth.example.org', poolId: pool.poolId, custom: true, config: {}, createdAt: Date.now() });
  });
  afterAll(() => t.close());

  it('serves the prefix domain under the configured base domain', async () => {
    const response = await getWithHost(t, `${pool.prefix}.login.test:${port}`, `/oauth2/authorize?${query()}`);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/login?${query()}`);
    const login = await getWithHost(t, `${pool.prefix}.login.test:${port}`, `/login?${query()}`);
    expect(login.status).toBe(200);
    expect(login.body).toContain('name="username"');
    expect(login.body).toContain(`action="/login?`);
  });

  it('serves a custom domain by its own name', async () => {
    const response = await getWithHost(t, 'auth.example.org', `/oauth2/authorize?${query()}`);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/login?${query()}`);
  });

  it('serves every pool under /<poolId> on the main host', async () => {
    const response = await fetch(`${t.url}/${pool.poolId}/oauth2/authorize?${query()}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/${pool.poolId}/login?${query()}`);
  });

  it('answers an unknown domain, prefix or pool with a 404 page', async () => {
    expect((await getWithHost(t, `nosuchprefix.login.test:${port}`, `/login?${query()}`)).status).toBe(404);
    expect((await getWithHost(t, `unknown.example.net`, `/oauth2/authorize?${query()}`)).status).toBe(404);
    // A custom domain's name is not a prefix, and a prefix is not a custom domain.
    expect((await getWithHost(t, `${pool.prefix}`, `/login?${query()}`)).status).toBe(404);
    const missing = await fetch(`${t.url}/us-east-1_Nope12345/oauth2/authorize?${query()}`, { redirect: 'manual' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers the token endpoint of an unknown pool with an OAuth JSON error', async () => {
    const response = await fetch(`${t.url}/us-east-1_Nope12345/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('puts the security headers on every page and endpoint', async () => {
    for (const path of [`/${pool.poolId}/login?${query()}`, `/${pool.poolId}/oauth2/authorize?${query()}`, `/${pool.poolId}/oauth2/userInfo`]) {
      const response = await fetch(`${t.url}${path}`, { redirect: 'manual' });
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('leaves the JSON API on POST / as it was', async () => {
    const { UserPools } = await t.cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    expect(UserPools?.map((p) => p.Id)).toContain(pool.poolId);
  });
});

describe('browser calls to the back-channel endpoints', () => {
  let t: TestServer;
  let pool: OAuthPool;
  beforeAll(async () => {
    t = await startTestServer();
    pool = await oauthPool(t);
  });
  afterAll(() => t.close());

  it('answers CORS preflights on the token endpoint and marks its answers readable by any origin', async () => {
    const preflight = await fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
      method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const error = await fetch(`${t.url}/${pool.poolId}/oauth2/token`, { method: 'POST', headers: { origin: 'http://localhost:3000' } });
    expect(error.headers.get('access-control-allow-origin')).toBe('*');
    const authorize = await fetch(`${t.url}/${pool.poolId}/oauth2/authorize?client_id=${pool.clientId}`, { redirect: 'manual' });
    expect(authorize.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('behind https', () => {
  let t: TestServer;
  let poolId: string;
  let clientId: string;
  const callback = 'https://app.example.test/callback';
  beforeAll(async () => {
    // The public URL is https (a TLS proxy in front): the server itself is reached by inject.
    t = await startTestServer({ config: { server: { publicUrl: 'https://id.example.test' } } });
    // The pool and client are made through the domain: the SDK cannot reach the public URL here.
    const deps = t.server.deps;
    const pool = await createPool(deps, { PoolName: 'https-pool' });
    const { client } = await createClient(deps, pool, {
      ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [callback],
    });
    poolId = pool.id;
    clientId = client.id;
  });
  afterAll(() => t.close());

  it('marks the Hosted UI cookies Secure', async () => {
    const response = await t.server.app.inject({
      url: `/${poolId}/login?${new URLSearchParams({ client_id: clientId, redirect_uri: callback, response_type: 'code' })}`,
    });
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^XSRF-TOKEN=.*; Secure/);
  });

  it("serves the OAuth endpoints at the root on the public URL's host, not on other names", async () => {
    const url = `/oauth2/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: callback, response_type: 'code' })}`;
    const served = await t.server.app.inject({ url, headers: { host: 'id.example.test' } });
    expect(served.statusCode).toBe(302);
    expect(served.headers.location).toMatch(/^\/login\?client_id=/);
    expect((await t.server.app.inject({ url, headers: { host: 'elsewhere.example.test' } })).statusCode).toBe(404);
  });
});
