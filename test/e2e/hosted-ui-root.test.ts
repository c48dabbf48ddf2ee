// The Hosted UI at the server's own origin (http://localhost:<port>/login?client_id=…), in a real
// browser, with two pools on that one origin: sign in to one, sign up and confirm in the other, each
// pool's session returns at once to its own app client only, and /logout ends one pool's session alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { skipBrowserTests, startBrowserRig, type AppServer, type BrowserRig } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';
import { confirmedUser } from '../helpers/users.js';
import { oauthPool, PASSWORD, type OAuthPool } from '../oauth/support.js';

describe.skipIf(skipBrowserTests)('Hosted UI at the server root in a real browser', () => {
  let rig: BrowserRig;
  let t: TestServer;
  let app: AppServer;
  let browser: Browser;
  let first: OAuthPool;
  let second: OAuthPool;
  let root: string;

  beforeAll(async () => {
    rig = await startBrowserRig();
    ({ t, app, browser } = rig);
    root = `http://localhost:${new URL(t.url).port}`;
    const client = { CallbackURLs: [`${app.origin}/callback`], LogoutURLs: [`${app.origin}/signed-out`] };
    first = await oauthPool(t, { client });
    second = await oauthPool(t, { client });
    await confirmedUser(t, first, 'root-user', PASSWORD, { email: 'root-user@example.com' });
  });
  afterAll(async () => rig?.close());

  const authorize = (pool: OAuthPool) =>
    `${root}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: `${app.origin}/callback`, scope: 'openid email', state: pool.poolId })}`;

  /** Opens authorize and answers whether the browser went straight back to the app (a live session). */
  async function returnsAtOnce(page: Page, pool: OAuthPool): Promise<boolean> {
    await page.goto(authorize(pool));
    await page.waitForURL((url) => url.pathname === '/callback' || url.pathname === '/login');
    const url = new URL(page.url());
    if (url.pathname === '/callback') expect(url.searchParams.get('state')).toBe(pool.poolId);
    return url.pathname === '/callback';
  }

  it('signs in and signs up at the root, keeping each pool\'s session to itself', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();

    // 1. The first pool's sign-in page at the root; its form posts back to the root with the client.
    await page.goto(authorize(first));
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(new URL(page.url()).origin).toBe(root);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('form').first().getAttribute('action')).toContain(`client_id=${first.clientId}`);
    await page.getByLabel('Username').fill('root-user');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/callback\?code=/);
    expect(new URL(page.url()).searchParams.get('state')).toBe(first.poolId);

    // 2. The second pool on the same origin does not know this browser: sign up there, at the root.
    expect(await returnsAtOnce(page, second)).toBe(false);
    await page.getByRole('link', { name: /sign up/i }).click();
    expect(new URL(page.url()).pathname).toBe('/signup');
    await page.getByLabel('Username', { exact: true }).fill('root-newcomer');
    await page.getByLabel('Email', { exact: true }).fill('root-newcomer@example.com');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByLabel('Verification code').waitFor();
    expect(new URL(page.url()).pathname).toBe('/confirm');
    await page.getByLabel('Verification code').fill((await t.latestCode(second.poolId, 'root-newcomer'))!);
    await page.getByRole('button', { name: 'Confirm account' }).click();
    await page.waitForURL(/\/callback\?code=/);
    expect(new URL(page.url()).searchParams.get('state')).toBe(second.poolId);

    // 3. One session cookie per pool, for the whole origin; each pool returns at once.
    const sessions = (await context.cookies(root)).filter((c) => c.name.startsWith('cognito'));
    expect(sessions.map((c) => `${c.name} ${c.path} ${c.httpOnly}`).sort()).toEqual(
      [`cognito-${first.poolId} / true`, `cognito-${second.poolId} / true`].sort(),
    );
    expect(await returnsAtOnce(page, first)).toBe(true);
    expect(await returnsAtOnce(page, second)).toBe(true);

    // 4. /logout at the root for the first pool ends that session only.
    await page.goto(`${root}/logout?${new URLSearchParams({ client_id: first.clientId, logout_uri: `${app.origin}/signed-out` })}`);
    await page.waitForURL(`${app.origin}/signed-out`);
    expect(await returnsAtOnce(page, first)).toBe(false);
    expect(await returnsAtOnce(page, second)).toBe(true);

    // 5. The second pool's path form (/<poolId>/…) on the same origin keeps its own session: the root's does not reach it.
    await page.goto(authorize(second).replace(`${root}/`, `${root}/${second.poolId}/`));
    await page.getByLabel('Password', { exact: true }).waitFor();
    await context.close();
  });

  it('shows the error page at the root for an authorize naming no client', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${root}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', redirect_uri: `${app.origin}/callback` })}`);
    expect(response?.status()).toBe(400);
    expect(new URL(page.url()).origin).toBe(root);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('client_id is required.');
    await page.close();
  });
});
