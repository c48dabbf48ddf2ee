// The admin console over plain HTTP: sessions, CSRF, sign-in and sign-out, escaping, errors as
// messages, and the audit log of console and API changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';
import { consoleClient, signedInConsole } from '../helpers/console.js';

describe('admin console', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { admin: { consolePassword: 'console-password-123' } } });
  });
  afterAll(async () => t?.close());

  it('sends a browser without a session to the sign-in page and refuses its posts', async () => {
    const c = consoleClient(t);
    const page = await c.get('/admin/audit');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/admin/login?next=%2Fadmin%2Faudit');
    const post = await c.post('/admin/logout', { _csrf: 'x'.repeat(43) });
    expect(post.status).toBe(403);
  });

  it('signs in with the admin key into an HttpOnly SameSite=Strict session cookie scoped to /admin', async () => {
    const c = consoleClient(t);
    await c.get('/admin/login');
    const response = await fetch(`${t.url}/admin/login`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: new URLSearchParams({ _csrf: c.csrf!, method: 'key', accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: ADMIN_KEY.secretAccessKey }).toString(),
    });
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((l) => l.startsWith('gatehouse_admin='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin/);
  });

  it('sends a sign-in to the pools page when next would leave /admin, also with a percent-encoded dot segment', async () => {
    for (const next of ['/admin/../us-east-1_x/logout', '/admin/.%2e/us-east-1_x/logout', '/admin/%2E%2E/x', '//evil.example/admin']) {
      const c = consoleClient(t);
      await c.get(`/admin/login?${new URLSearchParams({ next })}`);
      const response = await c.post('/admin/login', { method: 'key', accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: ADMIN_KEY.secretAccessKey, next });
      expect(response.status).toBe(303);
      expect(response.location).toBe('/admin/pools');
    }
    const c = consoleClient(t);
    await c.get('/admin/login');
    const kept = await c.post('/admin/login', { method: 'key', accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: ADMIN_KEY.secretAccessKey, next: '/admin/audit?poolId=us-east-1_x' });
    expect(kept.location).toBe('/admin/audit?poolId=us-east-1_x');
  });

  it('refuses a wrong secret without starting a session', async () => {
    const c = consoleClient(t);
    await c.get('/admin/login');
    const response = await c.post('/admin/login', { method: 'key', accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: 'wrong-secret-value-0000' });
    expect(response.status).toBe(401);
    expect(response.body).toContain('The access key id or the secret is wrong.');
    expect(c.cookies.has('gatehouse_admin')).toBe(false);
    expect((await c.get('/admin/audit')).status).toBe(303);
  });

  it('signs in with the console password from the config', async () => {
    const c = consoleClient(t);
    await c.get('/admin/login');
    const response = await c.post('/admin/login', { method: 'password', password: 'console-password-123' });
    expect(response.status).toBe(303);
    expect((await c.get('/admin/audit')).status).toBe(200);
  });

  it('refuses a post whose CSRF token is missing or is another session\'s', async () => {
    const c = await signedInConsole(t);
    const other = await signedInConsole(t);
    expect((await c.post('/admin/logout', {}, { csrf: null })).status).toBe(403);
    expect((await c.post('/admin/logout', {}, { csrf: other.csrf! })).status).toBe(403);
    expect((await c.get('/admin/audit')).status).toBe(200);
  });

  it('ends the session on sign-out: the old cookie no longer opens a page', async () => {
    const c = await signedInConsole(t);
    const oldCookie = c.cookies.get('gatehouse_admin')!;
    const out = await c.post('/admin/logout', {});
    expect(out.status).toBe(303);
    const replay = await fetch(`${t.url}/admin/audit`, { redirect: 'manual', headers: { cookie: `gatehouse_admin=${oldCookie}` } });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toMatch(/^\/admin\/login/);
  });

  it('records console sign-ins, failed sign-ins and sign-outs in the audit log without the secret typed', async () => {
    const failed = consoleClient(t);
    await failed.get('/admin/login');
    await failed.post('/admin/login', { method: 'key', accessKeyId: 'pasted-secret-by-mistake-0001', secretAccessKey: 'wrong-secret-value-0001' });
    const c = await signedInConsole(t);
    await c.post('/admin/logout', {});
    const entries = await t.server.deps.store.audit.list({ limit: 20 });
    const actions = entries.map((e) => `${e.action} ${e.actor}`);
    expect(actions).toContain(`ConsoleSignIn console:${ADMIN_KEY.accessKeyId}`);
    expect(actions).toContain(`ConsoleSignOut console:${ADMIN_KEY.accessKeyId}`);
    expect(actions).toContain('ConsoleSignInFailed console:unknown');
    expect(JSON.stringify(entries)).not.toMatch(/pasted-secret-by-mistake|wrong-secret-value/);
    const viewer = await signedInConsole(t);
    expect((await viewer.get('/admin/audit')).body).toContain('ConsoleSignInFailed');
  });

  it('records an admin-signed CreateUserPool in the audit log and shows it', async () => {
    const out = await t.cognito.send(new CreateUserPoolCommand({ PoolName: 'audited-by-api' }));
    const entries = await t.server.deps.store.audit.list({ poolId: out.UserPool!.Id!, limit: 10 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: `api:${ADMIN_KEY.accessKeyId}`, action: 'CreateUserPool', poolId: out.UserPool!.Id });
    const c = await signedInConsole(t);
    const page = await c.get(`/admin/audit?poolId=${out.UserPool!.Id}`);
    expect(page.body).toContain('CreateUserPool');
    expect(page.body).toContain(`api:${ADMIN_KEY.accessKeyId}`);
  });

  it('answers an audit filter that is not a pool id (a NUL, a quote, a huge value) with a 400 page, on every store', async () => {
    const c = await signedInConsole(t);
    for (const poolId of ['%00', 'us-east-1_abc%00', '%22%3E%3Cscript%3E', 'x'.repeat(5000)]) {
      const page = await c.get(`/admin/audit?poolId=${poolId}`);
      expect(page.status).toBe(400);
      if (!poolId.includes('%00')) expect(page.body).toContain('not a user pool id');
      expect(page.body).not.toContain('<script>');
    }
    expect((await c.get('/admin/audit?poolId=us-east-1_doesNotExist0')).status).toBe(200);
  });

  it('creates a pool from the form through CreateUserPool and records the console as the actor', async () => {
    const c = await signedInConsole(t);
    const created = await c.post('/admin/pools/new', {
      name: 'console-shop', signInWith: 'email', required: ['email', 'phone_number'], customAttributes: 'tier\nscore Number',
      minLength: '10', requireUppercase: 'on', temporaryPasswordDays: '7', mfa: 'OPTIONAL', totp: 'on', selfSignUp: 'on',
    });
    expect(created.status).toBe(303);
    const poolId = /\/admin\/pools\/([\w-]+_\w+)$/.exec(created.location!)![1];
    const pool = (await t.server.deps.store.pools.find(poolId))!;
    expect(pool.config.UsernameAttributes).toEqual(['email']);
    expect(pool.config.SchemaAttributes.filter((a: any) => a.Required).map((a: any) => a.Name)).toEqual(['sub', 'email', 'phone_number']);
    expect(pool.config.Policies.PasswordPolicy.MinimumLength).toBe(10);
    expect(pool.config.MfaConfiguration).toBe('OPTIONAL');
    const view = await c.get(created.location!);
    expect(view.body).toContain('User pool console-shop created.');
    expect(view.body).toContain('custom:score');
    const [entry] = await t.server.deps.store.audit.list({ poolId, limit: 10, beforeId: undefined }).then((e) => e.filter((x) => x.action === 'CreateUserPool'));
    expect(entry.actor).toBe(`console:${ADMIN_KEY.accessKeyId}`);
  });

  it('shows a Cognito error on the form with the posted values kept and escaped, not a 500', async () => {
    const c = await signedInConsole(t);
    const response = await c.post('/admin/pools/new', { name: '<script>alert(1)</script>', minLength: '8', required: ['email'] });
    expect(response.status).toBe(400);
    expect(response.body).toContain('failed to satisfy constraint');
    expect(response.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(response.body).not.toContain('<script>');
    expect(response.body).toMatch(/id="required-email" name="required" value="email" checked/);
  });

  it('renders names from the store escaped', async () => {
    const c = await signedInConsole(t);
    const created = await c.post('/admin/pools/new', { name: 'escaping', minLength: '8', customAttributes: '<b>x</b>' });
    const view = await c.get(created.location!);
    expect(view.body).toContain('custom:&lt;b&gt;x&lt;/b&gt;');
    expect(view.body).not.toContain('<b>x</b>');
  });

  it('deletes a pool only after its name is typed', async () => {
    const c = await signedInConsole(t);
    const poolId = await t.fixtures.pool({ PoolName: 'to-delete' });
    await c.get(`/admin/pools/${poolId}/delete`);
    const wrong = await c.post(`/admin/pools/${poolId}/delete`, { confirmName: 'something-else' });
    expect(wrong.status).toBe(400);
    expect(await t.server.deps.store.pools.find(poolId)).toBeDefined();
    const right = await c.post(`/admin/pools/${poolId}/delete`, { confirmName: 'to-delete' });
    expect(right.status).toBe(303);
    expect(await t.server.deps.store.pools.find(poolId)).toBeUndefined();
  });

  it('shows a missing pool as a 404 page', async () => {
    const c = await signedInConsole(t);
    const response = await c.get('/admin/pools/us-east-1_doesNotExist');
    expect(response.status).toBe(404);
    expect(response.body).toContain('does not exist');
  });

  it('shows a new client secret once and never again on the client page', async () => {
    const c = await signedInConsole(t);
    const poolId = await t.fixtures.pool({ PoolName: 'secret-pool' });
    await c.get(`/admin/pools/${poolId}/clients/new`);
    const created = await c.post(`/admin/pools/${poolId}/clients/new`, {
      name: 'backend', generateSecret: 'on', authFlows: ['ALLOW_REFRESH_TOKEN_AUTH'], oauthFlows: 'client_credentials',
      accessValidity: '60', accessUnit: 'minutes', idValidity: '60', idUnit: 'minutes', refreshValidity: '30', refreshUnit: 'days',
    });
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const secret = /id="client-secret">([a-z0-9]+)</.exec(created.body)![1];
    const clientId = /\/clients\/([a-z0-9]{26})"/.exec(created.body)![1];
    const { clients } = t.server.deps.store;
    expect((await clients.find(clientId))!.secretSealed).not.toBeNull();
    const view = await c.get(`/admin/pools/${poolId}/clients/${clientId}`);
    expect(view.status).toBe(200);
    expect(view.body).not.toContain(secret);
    expect(view.body).toContain('shown only when the client was created');
    const [entry] = (await t.server.deps.store.audit.list({ poolId, limit: 10 })).filter((e) => e.action === 'CreateUserPoolClient');
    expect(entry.target).toBe(clientId);
    expect(JSON.stringify(entry.summary)).not.toContain(secret);
  });

  it('links a client to the Hosted UI with its first callback URL, code flow and scopes', async () => {
    const c = await signedInConsole(t);
    const poolId = await t.fixtures.pool({ PoolName: 'launch-pool' });
    await c.get(`/admin/pools/${poolId}/clients/new`);
    const created = await c.post(`/admin/pools/${poolId}/clients/new`, {
      name: 'web', authFlows: ['ALLOW_USER_SRP_AUTH'], oauthFlows: ['code', 'implicit'], scopes: ['openid', 'email'],
      callbackUrls: 'http://localhost:3000/callback\nhttps://app.example.com/cb', logoutUrls: 'http://localhost:3000/',
      accessValidity: '60', accessUnit: 'minutes', idValidity: '60', idUnit: 'minutes', refreshValidity: '30', refreshUnit: 'days',
    });
    expect(created.status).toBe(303);
    const view = await c.get(created.location!);
    const launch = /<a class="button" href="([^"]+)">Launch Hosted UI<\/a>/.exec(view.body)![1].replaceAll('&amp;', '&');
    const url = new URL(launch);
    expect(url.pathname).toBe(`/${poolId}/oauth2/authorize`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:3000/callback');
    expect(url.searchParams.get('scope')).toBe('openid email');
    const authorize = await fetch(launch, { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    expect(authorize.headers.get('location')).toMatch(new RegExp(`^/${poolId}/login\\?`));
  });

  it('checks a domain prefix and shows a taken prefix as a message, not a 500', async () => {
    const c = await signedInConsole(t);
    const first = await t.fixtures.pool({ PoolName: 'domain-one' });
    const second = await t.fixtures.pool({ PoolName: 'domain-two' });
    await c.get(`/admin/pools/${first}/domain`);
    const free = await c.post(`/admin/pools/${first}/domain`, { prefix: 'console-shop-auth', action: 'check' });
    expect(free.body).toContain('console-shop-auth is available.');
    const created = await c.post(`/admin/pools/${first}/domain`, { prefix: 'console-shop-auth', action: 'create' });
    expect(created.status).toBe(303);
    const page = await c.get(`/admin/pools/${first}/domain`);
    expect(page.body).toContain(`console-shop-auth.auth.localhost:${new URL(t.url).port}`);
    await c.get(`/admin/pools/${second}/domain`);
    const taken = await c.post(`/admin/pools/${second}/domain`, { prefix: 'console-shop-auth', action: 'check' });
    expect(taken.body).toContain('console-shop-auth is taken by another user pool.');
    const duplicate = await c.post(`/admin/pools/${second}/domain`, { prefix: 'console-shop-auth', action: 'create' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toContain('Domain already associated with another user pool.');
    expect(duplicate.body).toContain('value="console-shop-auth"');
    const confirm = await c.post(`/admin/pools/${first}/domain/delete`, { domain: 'console-shop-auth' });
    expect(confirm.body).toContain('Delete the domain console-shop-auth?');
    expect(await t.server.deps.store.domains.find('console-shop-auth')).toBeDefined();
    const deleted = await c.post(`/admin/pools/${first}/domain/delete`, { domain: 'console-shop-auth', confirm: 'yes' });
    expect(deleted.status).toBe(303);
    expect(await t.server.deps.store.domains.find('console-shop-auth')).toBeUndefined();
  });

  it('edits a pool through UpdateUserPool and SetUserPoolMfaConfig, keeping what the form does not show', async () => {
    const c = await signedInConsole(t);
    const poolId = await t.fixtures.pool({
      PoolName: 'edit-pool', EmailVerificationSubject: 'Your code', AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'],
    });
    const form = await c.get(`/admin/pools/${poolId}/edit`);
    expect(form.body).toMatch(/id="autoVerify-email" name="autoVerify" value="email" checked/);
    const saved = await c.post(`/admin/pools/${poolId}/edit`, {
      minLength: '12', requireNumbers: 'on', temporaryPasswordDays: '3', mfa: 'ON', totp: 'on', autoVerify: 'email',
      deletionProtection: 'on', customAttributes: 'plan',
    });
    expect(saved.status).toBe(303);
    const pool = (await t.server.deps.store.pools.find(poolId))!;
    expect(pool.config.Policies.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireNumbers: true, RequireUppercase: false, TemporaryPasswordValidityDays: 3 });
    expect(pool.config.EmailVerificationSubject).toBe('Your code');
    expect(pool.config.AliasAttributes).toEqual(['email']);
    expect(pool.config.MfaConfiguration).toBe('ON');
    expect(pool.config.DeletionProtection).toBe('ACTIVE');
    expect(pool.config.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool.config.SchemaAttributes.some((a: any) => a.Name === 'custom:plan')).toBe(true);
    const refused = await c.post(`/admin/pools/${poolId}/delete`, { confirmName: 'edit-pool' });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('deletion protection is activated');
  });

  it('edits an app client through UpdateUserPoolClient, keeping its other members', async () => {
    const c = await signedInConsole(t);
    const poolId = await t.fixtures.pool({ PoolName: 'client-edit' });
    const { clientId } = await t.fixtures.client(poolId, { ReadAttributes: ['email'], EnableTokenRevocation: false });
    const form = await c.get(`/admin/pools/${poolId}/clients/${clientId}/edit`);
    expect(form.body).toContain('value="test-client"');
    const saved = await c.post(`/admin/pools/${poolId}/clients/${clientId}/edit`, {
      name: 'renamed', authFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], oauthFlows: 'code', scopes: ['openid'],
      callbackUrls: 'https://app.example.com/cb', accessValidity: '2', accessUnit: 'hours', idValidity: '2', idUnit: 'hours',
      refreshValidity: '7', refreshUnit: 'days',
    });
    expect(saved.status).toBe(303);
    const client = (await t.server.deps.store.clients.find(clientId))!;
    expect(client.name).toBe('renamed');
    expect(client.config).toMatchObject({
      ReadAttributes: ['email'], EnableTokenRevocation: false, AllowedOAuthFlows: ['code'], CallbackURLs: ['https://app.example.com/cb'],
      AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
    });
    const bad = await c.post(`/admin/pools/${poolId}/clients/${clientId}/edit`, {
      name: 'renamed', oauthFlows: 'code', callbackUrls: 'http://evil.example.com/cb', accessValidity: '60', accessUnit: 'minutes',
      idValidity: '60', idUnit: 'minutes', refreshValidity: '30', refreshUnit: 'days',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('is not a valid callback URL');
    expect(bad.body).toContain('http://evil.example.com/cb</textarea>');
  });

  it('ends an idle session after 30 minutes', async () => {
    const c = await signedInConsole(t);
    t.clock.advance(29 * 60_000);
    expect((await c.get('/admin/audit')).status).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await c.get('/admin/audit')).status).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await c.get('/admin/audit')).status).toBe(303);
  });

  it('limits failed sign-ins per address, even with the right key afterwards', async () => {
    const c = consoleClient(t);
    await c.get('/admin/login');
    for (let i = 0; i < 10; i++) {
      expect((await c.post('/admin/login', { method: 'key', accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: `wrong-${i}` })).status).toBe(401);
    }
    const limited = await c.post('/admin/login', { method: 'key', accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: ADMIN_KEY.secretAccessKey });
    expect(limited.status).toBe(429);
    expect(c.cookies.has('gatehouse_admin')).toBe(false);
    t.clock.advance(61_000);
    expect((await c.post('/admin/login', { method: 'key', accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: ADMIN_KEY.secretAccessKey })).status).toBe(303);
  });

  it('is not served on a pool\'s Hosted UI domain', async () => {
    const { port } = new URL(t.url);
    const status = (host: string) => new Promise<number>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path: '/admin/login', headers: { host } }, (response) => {
        response.resume();
        resolve(response.statusCode!);
      }).on('error', reject).end();
    });
    expect(await status(`some-prefix.auth.localhost:${port}`)).toBe(404);
    expect(await status(`127.0.0.1:${port}`)).toBe(200);
  });
});
