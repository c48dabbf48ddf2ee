// The demo app (apps/demo) in a real browser (Debian's chromium through playwright-core), against a
// Gatehouse that applied apps/demo/gatehouse.demo.yaml, both on ephemeral ports: sign up with
// email and phone number, confirm with the outbox code, see them on the secure page (read with
// GetUser), sign out for real; the implicit grant; a revoked token on the secure page; a page that
// outlives its access token refreshes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdminGetUserCommand, AdminUserGlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SHOTS, launchChromium, skipBrowserTests } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDemoApp, type DemoApp } from '../../apps/demo/src/app.js';
import { demoConfigFromEnv, type Flow } from '../../apps/demo/src/config.js';
import { DEMO_USER, demoDeclarations, demoEnvFor } from '../../apps/demo/quickstart/declarations.js';
import { freePort } from '../../apps/demo/quickstart/free-port.js';

const MINUTE = 60_000;

/** The demo app as `npm start` runs it: configured by its variables, then listening. */
async function startDemo(t: TestServer, flow: Flow, port: number, now: () => number): Promise<{ demo: DemoApp; appUrl: string }> {
  const config = demoConfigFromEnv({ DEMO_PORT: String(port), DEMO_FLOW: flow, ...demoEnvFor(t.server) });
  const demo = await createDemoApp(config, { now });
  await demo.app.listen({ host: config.host, port: config.port });
  return { demo, appUrl: config.appUrl };
}

describe.skipIf(skipBrowserTests)('the demo app in a real browser', () => {
  let t: TestServer;
  let browser: Browser;
  let code: Awaited<ReturnType<typeof startDemo>>;
  let implicit: Awaited<ReturnType<typeof startDemo>>;
  // The demo apps' clock: real time plus what a test adds (the server has its own, t.clock).
  let demoClockOffsetMs = 0;
  const demoNow = () => Date.now() + demoClockOffsetMs;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The apps' URLs go into the client's callback URLs before either side starts.
    const codePort = await freePort('127.0.0.1');
    let implicitPort = await freePort('127.0.0.1');
    for (let tries = 0; implicitPort === codePort && tries < 10; tries++) implicitPort = await freePort('127.0.0.1');
    t = await startTestServer({ declarations: demoDeclarations([`http://localhost:${codePort}`, `http://localhost:${implicitPort}`]) });
    code = await startDemo(t, 'code', codePort, demoNow);
    implicit = await startDemo(t, 'implicit', implicitPort, demoNow);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await code?.demo.app.close();
    await implicit?.demo.app.close();
    await t?.close();
  });

  const signInAs = async (page: Page, username: string, password: string) => {
    await page.getByLabel('Email', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('signs up with email and phone, shows them on the secure page, and signs out for real', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${code.appUrl}/`);
    await page.screenshot({ path: `${SHOTS}/demo-01-home.png`, fullPage: true });

    // The Hosted UI, reached with code + PKCE + state + nonce.
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Password', { exact: true }).waitFor();
    const authorize = new URL(page.url());
    expect(authorize.origin).toBe(new URL(t.url).origin);
    expect(new URL(page.url()).pathname).toMatch(/\/login$/);
    await page.screenshot({ path: `${SHOTS}/demo-02-hosted-ui-sign-in.png`, fullPage: true });

    await page.getByRole('link', { name: /sign up/i }).click();
    await page.getByLabel('Email', { exact: true }).fill('newcomer@example.com');
    await page.getByLabel('Phone number').fill('+14155550142');
    await page.getByLabel('Password', { exact: true }).fill('Newcomer-Passw0rd!');
    await page.screenshot({ path: `${SHOTS}/demo-03-hosted-ui-sign-up.png`, fullPage: true });
    await page.getByRole('button', { name: 'Sign up' }).click();

    await page.getByLabel('Verification code').waitFor();
    const poolId = code.demo.config.userPoolId;
    const confirmation = await t.latestCode(poolId);
    expect(confirmation).toMatch(/^\d{6}$/);
    await page.getByLabel('Verification code').fill(confirmation!);
    await page.getByRole('button', { name: 'Confirm account' }).click();

    // Back at the app: the code was exchanged server-side, tokens never appear in the URL.
    await page.waitForURL(`${code.appUrl}/secure`);
    expect(await page.title()).toBe('Logged-In User Attributes');
    expect(await page.locator('#email').textContent()).toBe('newcomer@example.com');
    expect(await page.locator('#phone').textContent()).toBe('+14155550142');
    expect(await page.locator('body').textContent()).toContain(code.demo.config.issuer!);
    const cookies = await context.cookies(code.appUrl);
    const session = cookies.find((c) => c.name === 'demo_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(session!.value.length).toBeLessThan(64);
    await page.screenshot({ path: `${SHOTS}/demo-04-secure-page.png`, fullPage: true });

    // Sign out: GlobalSignOut, then the Hosted UI's /logout, then back home.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${code.appUrl}/`);
    await expect(page.getByRole('link', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    const secure = await page.goto(`${code.appUrl}/secure`);
    expect(secure?.status()).toBe(401);

    // The next sign-in asks for the password again.
    await page.goto(`${code.appUrl}/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/\/login$/);
    await page.screenshot({ path: `${SHOTS}/demo-05-sign-in-after-sign-out.png`, fullPage: true });
    await signInAs(page, 'newcomer@example.com', 'Newcomer-Passw0rd!');
    await page.waitForURL(`${code.appUrl}/secure`);
    expect(await page.locator('#phone').textContent()).toBe('+14155550142');
    await context.close();

    // The README's pictures: refreshed on request only, so a test run leaves the checkout clean.
    if (process.env.UPDATE_DOCS_IMAGES === '1') {
      copyFileSync(`${SHOTS}/demo-04-secure-page.png`, 'docs/images/demo-secure-page.png');
      copyFileSync(`${SHOTS}/demo-02-hosted-ui-sign-in.png`, 'docs/images/demo-hosted-ui-sign-in.png');
    }
  });

  it('signs in with the implicit grant: the fragment tokens are posted to the server and leave the URL', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const visited: string[] = [];
    page.on('framenavigated', (frame) => visited.push(frame.url()));
    await page.goto(`${implicit.appUrl}/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('response_type')).toBe('token');
    await signInAs(page, DEMO_USER.username, DEMO_USER.password);
    await page.waitForURL(`${implicit.appUrl}/secure`);
    expect(await page.locator('#email').textContent()).toBe(DEMO_USER.username);
    expect(await page.locator('#phone').textContent()).toBe('+15555550100');
    // The tokens came in a fragment (implicit), and no page after it carries them.
    expect(visited.some((url) => url.startsWith(`${implicit.appUrl}/callback#`) && url.includes('access_token='))).toBe(true);
    expect(visited.filter((url) => url.startsWith(implicit.appUrl) && !url.includes('/callback')).some((url) => url.includes('token'))).toBe(false);
    await page.screenshot({ path: `${SHOTS}/demo-06-implicit-secure-page.png`, fullPage: true });
    await context.close();
  });

  it('shows a clear error and a way to sign in again when the access token has been revoked', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${code.appUrl}/login`);
    await signInAs(page, DEMO_USER.username, DEMO_USER.password);
    await page.waitForURL(`${code.appUrl}/secure`);

    const poolId = code.demo.config.userPoolId;
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: DEMO_USER.username }));
    await t.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: user.Username! }));
    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(401);
    expect(await page.getByRole('heading').first().textContent()).toBe('Your session has ended');
    expect(await page.getByRole('alert').textContent()).toMatch(/revoked/i);
    await page.screenshot({ path: `${SHOTS}/demo-07-revoked-token.png`, fullPage: true });

    // "Sign in again" leads back to a working secure page (through the password form if asked).
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/login') || url.href === `${code.appUrl}/secure`);
    if (page.url().endsWith('/login') || new URL(page.url()).pathname.endsWith('/login')) await signInAs(page, DEMO_USER.username, DEMO_USER.password);
    await page.waitForURL(`${code.appUrl}/secure`);
    expect(await page.locator('#email').textContent()).toBe(DEMO_USER.username);
    await context.close();
  });

  it('refuses a callback it did not start and a secure page without a session', async () => {
    const forged = await fetch(`${code.appUrl}/callback?code=00000000-0000-0000-0000-000000000000&state=forged`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('state mismatch');
    const secure = await fetch(`${code.appUrl}/secure`);
    expect(secure.status).toBe(401);
    expect(await secure.text()).toContain('href="/login"');
    const crossSite = await fetch(`${code.appUrl}/logout`, { method: 'POST', headers: { origin: 'https://evil.example.com' } });
    expect(crossSite.status).toBe(403);
  });

  // Last: it moves the server's clock and the apps' clock forward for good.
  it('refreshes a page that outlives its access token, and a sign-out after that still ends every session of the user', async () => {
    const signedInContext = async (): Promise<{ context: BrowserContext; page: Page }> => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${code.appUrl}/login`);
      await signInAs(page, DEMO_USER.username, DEMO_USER.password);
      await page.waitForURL(`${code.appUrl}/secure`);
      return { context, page };
    };
    const claim = async (page: Page, name: string) => page.locator('tr', { has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) }).locator('td').textContent();
    const accessExpiresAt = async (page: Page) => Date.parse((await page.locator('#access-expires').textContent())!);
    const a = await signedInContext();
    const b = await signedInContext();
    const hostedUi = new URL(t.url).origin;
    const visitedHostedUi: string[] = [];
    a.page.on('framenavigated', (frame) => {
      if (frame.url().startsWith(hostedUi)) visitedHostedUi.push(frame.url());
    });
    const firstIssuedAt = Number(await claim(a.page, 'iat'));
    const firstExpiry = await accessExpiresAt(a.page);

    // 1. The server's clock passes the access token's hour: GetUser refuses it as expired, and the
    //    page gets new tokens with the refresh token instead of sending the user to sign in.
    t.clock.advance(61 * MINUTE);
    const afterServerExpiry = await a.page.reload();
    expect(afterServerExpiry?.status()).toBe(200);
    expect(await a.page.locator('#email').textContent()).toBe(DEMO_USER.username);
    expect(await a.page.locator('#phone').textContent()).toBe('+15555550100');
    expect(Number(await claim(a.page, 'iat')) - firstIssuedAt).toBeGreaterThanOrEqual(61 * 60);
    // The new iat above proves new tokens; the expiry is counted by the app's clock, which has not
    // moved, and shown to the second, so it may equal the first one within the same second.
    expect(await accessExpiresAt(a.page)).toBeGreaterThanOrEqual(firstExpiry);
    await a.page.screenshot({ path: `${SHOTS}/demo-08-refreshed-secure-page.png`, fullPage: true });

    // 2. The app's own clock passes the new token's expiry while the server still accepts it: the
    //    app refreshes before calling GetUser (the new expiry follows the app's clock).
    const secondExpiry = await accessExpiresAt(a.page);
    demoClockOffsetMs += 2 * 60 * MINUTE;
    expect((await a.page.reload())?.status()).toBe(200);
    expect(await accessExpiresAt(a.page)).toBeGreaterThanOrEqual(secondExpiry + 2 * 60 * MINUTE - MINUTE);
    expect(await a.page.locator('#email').textContent()).toBe(DEMO_USER.username);
    expect(visitedHostedUi).toEqual([]);

    // 3. The server's clock passes that token too; signing out refreshes it for GlobalSignOut,
    //    which ends the user's other session (b) as well: b's refresh is refused.
    t.clock.advance(61 * MINUTE);
    await a.page.getByRole('button', { name: 'Sign out' }).click();
    await a.page.waitForURL(`${code.appUrl}/`);
    const afterSignOut = await b.page.reload();
    expect(afterSignOut?.status()).toBe(401);
    expect(await b.page.getByRole('heading').first().textContent()).toBe('Your session has ended');
    await a.context.close();
    await b.context.close();
  });
});
