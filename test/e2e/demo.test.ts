// The demo app (apps/demo) in a real browser (Debian's chromium through playwright-core), against a
// Gatehouse that applied apps/demo/gatehouse.demo.yaml, both on ephemeral ports: sign up with
// email and phone number, confirm with the outbox code, see them on the secure page (read with
// GetUser), sign out for real; the implicit grant; a revoked token on the secure page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { AdminGetUserCommand, AdminUserGlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SHOTS, launchChromium, skipBrowserTests } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDemoApp, type DemoApp } from '../../apps/demo/src/app.js';
import type { DemoConfig, Flow } from '../../apps/demo/src/config.js';
import { DEMO_USER, demoConfigFor, demoDeclarations } from '../../apps/demo/src/declarations.js';

async function listeningDemo(flow: Flow): Promise<{ demo: DemoApp; appUrl: string; port: number }> {
  const demo = await createDemoApp({ host: '127.0.0.1', port: 0, appUrl: '', flow } as DemoConfig);
  await demo.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (demo.app.server.address() as AddressInfo).port;
  return { demo, appUrl: `http://localhost:${port}`, port };
}

describe.skipIf(skipBrowserTests)('the demo app in a real browser', () => {
  let t: TestServer;
  let browser: Browser;
  let code: Awaited<ReturnType<typeof listeningDemo>>;
  let implicit: Awaited<ReturnType<typeof listeningDemo>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    code = await listeningDemo('code');
    implicit = await listeningDemo('implicit');
    t = await startTestServer({ declarations: demoDeclarations([code.appUrl, implicit.appUrl]) });
    for (const [app, flow] of [[code, 'code'], [implicit, 'implicit']] as const) {
      Object.assign(app.demo.config, demoConfigFor(t.server, { host: '127.0.0.1', port: app.port, appUrl: app.appUrl, flow }));
    }
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
    expect(await page.locator('body').textContent()).toContain(code.demo.config.issuer);
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
});
