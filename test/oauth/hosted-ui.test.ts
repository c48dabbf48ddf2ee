// The Hosted UI pages over HTTP: sign-up with the pool's required attributes, confirmation,
// resend, forgot password, the new-password step, form errors re-rendered, the rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { insertUser } from '../../src/domain/users.js';
import { CALLBACK, PASSWORD, HttpBrowser, authorizeUrl, formOf, oauthPool, signInThroughForm, type OAuthPool } from './support.js';
import { confirmedUser } from '../helpers/users.js';

describe('Hosted UI pages', () => {
  let t: TestServer;
  let pool: OAuthPool;

  beforeAll(async () => {
    t = await startTestServer({ config: { hostedUi: { signInAttemptsPerMinute: 12 } } });
    pool = await oauthPool(t, {
      pool: {
        Schema: [
          { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
          { Name: 'phone_number', AttributeDataType: 'String', Required: true, Mutable: true },
        ],
        AutoVerifiedAttributes: ['email'],
      },
    });
  });
  afterAll(() => t.close());

  const start = async (browser: HttpBrowser, page: string) => {
    const login = await browser.follow(authorizeUrl(t, pool, { scope: 'openid email phone', state: 'hs' }));
    return browser.follow(new URL(login.text.match(new RegExp(`href="([^"]*/${page}\\?[^"]*)"`))![1].replace(/&amp;/g, '&'), login.url).toString());
  };

  it('signs up with the required attributes, confirms with the emailed code and lands on the callback', async () => {
    const browser = new HttpBrowser(t.url);
    const signUp = await start(browser, 'signup');
    expect(signUp.status).toBe(200);
    for (const label of ['for="username">Username</label>', 'for="email">Email</label>', 'for="phone_number">Phone number</label>', 'for="password">Password</label>']) {
      expect(signUp.text).toContain(label);
    }
    expect(signUp.text).toContain('At least 8 characters');
    expect(signUp.text).toContain('A symbol');
    const confirm = await browser.submit(signUp, 'signup', { username: 'cy', email: 'cy@example.com', phone_number: '+14155550123', password: PASSWORD });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('name="code"');
    const code = await t.latestCode(pool.poolId, 'cy');
    const done = await browser.submit(confirm, 'confirm', { code: code! });
    expect(done.status).toBe(302);
    const callback = new URL(done.location!);
    expect(callback.origin + callback.pathname).toBe(CALLBACK);
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBe('hs');
  });

  it('re-renders the sign-up form with the message and the input when the password is too weak', async () => {
    const browser = new HttpBrowser(t.url);
    const signUp = await start(browser, 'signup');
    const again = await browser.submit(signUp, 'signup', { username: 'weak', email: 'weak@example.com', phone_number: '+14155550124', password: 'short' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('Password did not conform with policy');
    expect(again.text).toContain('value="weak@example.com"');
    expect(again.text).not.toContain('value="short"');
  });

  it('sends a new code on request and asks an unrelated browser to sign in after confirming', async () => {
    const first = new HttpBrowser(t.url);
    const signUp = await start(first, 'signup');
    const confirm = await first.submit(signUp, 'signup', { username: 'di', email: 'di@example.com', phone_number: '+14155550125', password: PASSWORD });
    const oldCode = await t.latestCode(pool.poolId, 'di');
    const resent = await first.submit(confirm, 'resendcode', {});
    expect(resent.text).toContain('We sent a new code to d***@e***');
    const newCode = await t.latestCode(pool.poolId, 'di');
    expect(newCode).toBeTruthy();
    // Another browser (no sign-up cookie) confirms: no silent sign-in, the sign-in page follows.
    const other = new HttpBrowser(t.url);
    const page = await other.follow(confirm.url.replace(/\/signup\?/, '/confirm?') + '&username=di');
    const wrong = await other.submit(page, 'confirm', { username: 'di', code: oldCode === newCode ? '000000' : oldCode! });
    expect(wrong.status).toBe(400);
    const ok = await other.submit(page, 'confirm', { username: 'di', code: newCode! });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Your account is confirmed');
    expect(other.cookies.has('cognito')).toBe(false);
  });

  it('sends an unconfirmed user who signs in a new code and the confirm page', async () => {
    await t.cognito.send(new SignUpCommand({
      ClientId: pool.clientId, Username: 'ivy', Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }, { Name: 'phone_number', Value: '+14155550128' }],
    }));
    const first = await t.latestCode(pool.poolId, 'ivy');
    const browser = new HttpBrowser(t.url);
    const page = await signInThroughForm(browser, authorizeUrl(t, pool, { scope: 'openid' }), 'ivy');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your account is not confirmed yet');
    const code = await t.latestCode(pool.poolId, 'ivy');
    expect(code).toBeTruthy();
    const confirmed = await browser.submit(page, 'confirm', { code: code! });
    expect(confirmed.text).toContain('Your account is confirmed');
    expect(first).toBeTruthy();
  });

  it('re-renders the sign-in form for a wrong password, keeping the username escaped', async () => {
    await confirmedUser(t, pool, 'el', PASSWORD, { email: 'el@example.com' }).catch(() => undefined);
    const browser = new HttpBrowser(t.url);
    const login = await browser.follow(authorizeUrl(t, pool, { scope: 'openid' }));
    const wrong = await browser.submit(login, 'login', { username: '<b>el</b>', password: 'Wrong-pass1!' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('value="&lt;b&gt;el&lt;/b&gt;"');
    expect(wrong.text).not.toContain('<b>el</b>');
  });

  it('resets a forgotten password with the code and signs in with the new one', async () => {
    const browser = new HttpBrowser(t.url);
    const signUp = await start(browser, 'signup');
    const confirm = await browser.submit(signUp, 'signup', { username: 'fa', email: 'fa@example.com', phone_number: '+14155550126', password: PASSWORD });
    await browser.submit(confirm, 'confirm', { code: (await t.latestCode(pool.poolId, 'fa'))! });
    const fresh = new HttpBrowser(t.url);
    const forgot = await start(fresh, 'forgotPassword');
    const reset = await fresh.submit(forgot, 'forgotPassword', { username: 'fa' });
    expect(reset.text).toContain('We sent a code to f***@e***');
    const code = await t.latestCode(pool.poolId, 'fa');
    const login = await fresh.submit(reset, 'confirmForgotPassword', { code: code!, password: 'N3w-Passw0rd!' });
    expect(login.text).toContain('Your password has been changed');
    const done = await fresh.submit(login, 'login', { username: 'fa', password: 'N3w-Passw0rd!' });
    expect(done.status).toBe(302);
    expect(done.location).toMatch(/^http:\/\/localhost:3000\/callback\?code=/);
  });

  it('asks an admin-created user for a new password and the missing attributes, then signs in', async () => {
    // AdminCreateUser lands separately (issue 2): the user is written through the domain.
    const deps = t.server.deps;
    const record = (await deps.store.pools.find(pool.poolId))!;
    await insertUser(deps, record, crypto.randomUUID(), {
      username: 'gus', attributes: { email: 'gus@example.com', email_verified: 'true' }, status: 'FORCE_CHANGE_PASSWORD',
      passwordHash: await deps.passwords.hash('Temp-Passw0rd!', record.id),
    }, 'User already exists');
    const browser = new HttpBrowser(t.url);
    const step = await signInThroughForm(browser, authorizeUrl(t, pool, { scope: 'openid' }), 'gus', 'Temp-Passw0rd!');
    expect(step.status).toBe(200);
    expect(step.text).toContain('Change your password');
    expect(step.text).toContain('for="phone_number">Phone number</label>');
    expect(formOf(step, 'newPassword').hidden.session).toBeTruthy();
    const weak = await browser.submit(step, 'newPassword', { password: 'weak', phone_number: '+14155550127' });
    expect(weak.status).toBe(400);
    const done = await browser.submit(weak, 'newPassword', { password: 'Perm-Passw0rd!', phone_number: '+14155550127' });
    expect(done.status).toBe(302);
    expect(done.location).toMatch(/^http:\/\/localhost:3000\/callback\?code=/);
    const again = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, pool, { scope: 'openid' }), 'gus', 'Perm-Passw0rd!');
    expect(again.status).toBe(302);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax and scoped to the pool', async () => {
    const response = await fetch(authorizeUrl(t, pool, { scope: 'openid' }), { redirect: 'manual' });
    const login = await fetch(new URL(response.headers.get('location')!, t.url), { redirect: 'manual' });
    const csrf = login.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='))!;
    expect(csrf).toContain('HttpOnly');
    expect(csrf).toContain('SameSite=Lax');
    expect(csrf).toContain(`Path=/${pool.poolId}`);
    expect(csrf).not.toContain('Secure');
    const browser = new HttpBrowser(t.url);
    const page = await browser.follow(authorizeUrl(t, pool, { scope: 'openid' }));
    const form = formOf(page, 'login');
    const posted = await fetch(form.action, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: new URLSearchParams({ ...form.hidden, username: 'cy', password: PASSWORD }),
    });
    const session = posted.headers.getSetCookie().find((c) => c.startsWith('cognito='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Max-Age=3600/);
    expect(session).toContain(`Path=/${pool.poolId}`);
  });

  it('limits sign-in posts per IP on top of the lockout', async () => {
    const browser = new HttpBrowser(t.url);
    const login = await browser.follow(authorizeUrl(t, pool, { scope: 'openid' }));
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await browser.submit(login, 'login', { username: `nobody${i}`, password: 'Wrong-pass1!' })).status);
    expect(statuses).toContain(429);
    t.clock.advance(61_000);
    const after = await browser.submit(login, 'login', { username: 'cy', password: PASSWORD });
    expect(after.status).toBe(302);
  });
});

describe('Hosted UI for a pool whose username is the email', () => {
  let t: TestServer;
  let pool: OAuthPool;

  beforeAll(async () => {
    t = await startTestServer();
    pool = await oauthPool(t, { pool: { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] } });
  });
  afterAll(() => t.close());

  it('asks for the email once, confirms and signs in with it', async () => {
    const browser = new HttpBrowser(t.url);
    const login = await browser.follow(authorizeUrl(t, pool, { scope: 'openid email' }));
    expect(login.text).toContain('for="username">Email</label>');
    const signUp = await browser.follow(new URL(login.text.match(/href="([^"]*\/signup\?[^"]*)"/)![1].replace(/&amp;/g, '&'), login.url).toString());
    expect(signUp.text).not.toContain('for="email">');
    const confirm = await browser.submit(signUp, 'signup', { username: 'hana@example.com', password: PASSWORD });
    expect(confirm.status).toBe(200);
    // The internal username is a UUID here: take the pool's newest message.
    const code = await t.latestCode(pool.poolId);
    const done = await browser.submit(confirm, 'confirm', { code: code! });
    expect(done.location).toMatch(/^http:\/\/localhost:3000\/callback\?code=/);
    const again = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, pool, { scope: 'openid' }), 'hana@example.com');
    expect(again.status).toBe(302);
  });

  it('locks the user out after repeated wrong passwords, as the API does', async () => {
    const browser = new HttpBrowser(t.url);
    const login = await browser.follow(authorizeUrl(t, pool, { scope: 'openid' }));
    for (let i = 0; i < 5; i++) await browser.submit(login, 'login', { username: 'hana@example.com', password: 'Wrong-pass1!' });
    const locked = await browser.submit(login, 'login', { username: 'hana@example.com', password: PASSWORD });
    expect(locked.status).toBe(400);
    expect(locked.text).toContain('Password attempts exceeded');
  });
});
