// A real browser (Debian's chromium through playwright-core) on a pool's domain reached by Host
// (<prefix>.auth.localhost, which browsers resolve to loopback): sign up with email and phone,
// confirm with the code from the outbox, land on the app's callback with a code, sign out, and be
// asked for the password again. Screenshots of each page go to test-results/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { SHOTS, skipBrowserTests, startBrowserRig, type BrowserRig } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';
import { oauthPool, PASSWORD, type OAuthPool } from '../oauth/support.js';

describe.skipIf(skipBrowserTests)('Hosted UI in a real browser', () => {
  let rig: BrowserRig;
  let t: TestServer;
  let pool: OAuthPool;
  let browser: Browser;
  let appOrigin: string;

  beforeAll(async () => {
    rig = await startBrowserRig();
    ({ t, browser } = rig);
    appOrigin = rig.app.origin;
    pool = await oauthPool(t, {
      pool: {
        Schema: [
          { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
          { Name: 'phone_number', AttributeDataType: 'String', Required: true, Mutable: true },
        ],
        AutoVerifiedAttributes: ['email'],
      },
      client: { CallbackURLs: [`${appOrigin}/callback`], LogoutURLs: [`${appOrigin}/signed-out`] },
    });
  });
  afterAll(async () => rig?.close());

  it('signs up, confirms, reaches the callback with a code, and must sign in again after /logout', async () => {
    const domain = `http://${pool.prefix}.auth.localhost:${new URL(t.url).port}`;
    const authorize = `${domain}/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: pool.clientId, redirect_uri: `${appOrigin}/callback`, scope: 'openid email phone', state: 'browser',
    })}`;
    const context = await browser.newContext();
    const page = await context.newPage();

    // 1. The sign-in page, from /oauth2/authorize.
    await page.goto(authorize);
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(await page.title()).toBe('Sign in');
    await page.screenshot({ path: `${SHOTS}/01-sign-in.png`, fullPage: true });

    // 2. Sign up with the pool's required attributes.
    await page.getByRole('link', { name: /sign up/i }).click();
    await page.getByLabel('Username', { exact: true }).fill('browser-user');
    await page.getByLabel('Email', { exact: true }).fill('browser-user@example.com');
    await page.getByLabel('Phone number').fill('+14155550199');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.screenshot({ path: `${SHOTS}/02-sign-up.png`, fullPage: true });
    await page.getByRole('button', { name: 'Sign up' }).click();

    // 3. Confirm with the code from the outbox: back at the app with a code.
    await page.getByLabel('Verification code').waitFor();
    await page.screenshot({ path: `${SHOTS}/03-confirm.png`, fullPage: true });
    const code = await t.latestCode(pool.poolId, 'browser-user');
    await page.getByLabel('Verification code').fill(code!);
    await page.getByRole('button', { name: 'Confirm account' }).click();
    await page.waitForURL(/\/callback\?/);
    const callback = new URL(page.url());
    expect(callback.origin).toBe(appOrigin);
    expect(callback.searchParams.get('code')).toMatch(/^[0-9a-f-]{36}$/);
    expect(callback.searchParams.get('state')).toBe('browser');
    await page.screenshot({ path: `${SHOTS}/04-callback.png`, fullPage: true });

    // 4. While the session lasts, authorize returns at once.
    await page.goto(authorize);
    await page.waitForURL(/\/callback\?/);

    // 5. /logout, then authorize asks for the password again.
    await page.goto(`${domain}/logout?client_id=${pool.clientId}&logout_uri=${encodeURIComponent(`${appOrigin}/signed-out`)}`);
    await page.waitForURL(`${appOrigin}/signed-out`);
    await page.goto(authorize);
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: `${SHOTS}/05-sign-in-after-logout.png`, fullPage: true });

    // 6. Signing in with the keyboard alone (the username field has focus) returns to the app.
    await page.keyboard.type('browser-user');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/callback\?code=/);
    await context.close();
  });

  it('shows the forgot-password page and an error page for an unregistered redirect URI', async () => {
    const domain = `http://${pool.prefix}.auth.localhost:${new URL(t.url).port}`;
    const page = await browser.newPage();
    const query = new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: `${appOrigin}/callback` });
    await page.goto(`${domain}/login?${query}`);
    await page.getByRole('link', { name: /forgot your password/i }).click();
    await page.getByRole('button', { name: 'Send code' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/06-forgot-password.png`, fullPage: true });
    query.set('redirect_uri', 'https://evil.example.com/callback');
    const response = await page.goto(`${domain}/oauth2/authorize?${query}`);
    expect(response?.status()).toBe(400);
    expect(new URL(page.url()).host).toBe(new URL(domain).host);
    await page.getByRole('alert').waitFor();
    await page.screenshot({ path: `${SHOTS}/07-error.png`, fullPage: true });
    await page.close();
  });
});
