// The Hosted UI's MFA steps in a real browser (Debian's chromium through playwright-core): a pool
// that requires TOTP; the first sign-in sets up the authenticator from the key shown on the page,
// the next one asks for its code. Screenshots go to test-results/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SHOTS, skipBrowserTests, startBrowserRig, type BrowserRig } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';
import { totp } from '../helpers/totp.js';
import { oauthPool, PASSWORD, type OAuthPool } from '../oauth/support.js';
import { confirmedUser } from '../helpers/users.js';

describe.skipIf(skipBrowserTests)('Hosted UI MFA in a real browser', () => {
  let rig: BrowserRig;
  let t: TestServer;
  let pool: OAuthPool;
  let browser: Browser;
  let appOrigin: string;

  beforeAll(async () => {
    rig = await startBrowserRig();
    ({ t, browser } = rig);
    appOrigin = rig.app.origin;
    pool = await oauthPool(t, { client: { CallbackURLs: [`${appOrigin}/callback`], LogoutURLs: [`${appOrigin}/signed-out`] } });
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await confirmedUser(t, pool, 'mfa-user', PASSWORD, { email: 'mfa-user@example.com' });
  });
  afterAll(async () => rig?.close());

  it('sets up the authenticator from the key on the page, then asks for its code at the next sign-in', async () => {
    const domain = `http://${pool.prefix}.auth.localhost:${new URL(t.url).port}`;
    const authorize = `${domain}/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: pool.clientId, redirect_uri: `${appOrigin}/callback`, scope: 'openid', state: 'mfa',
    })}`;
    const signIn = async (page: import('playwright-core').Page) => {
      await page.goto(authorize);
      await page.getByLabel('Username').fill('mfa-user');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };

    const first = await browser.newContext();
    const page = await first.newPage();
    await signIn(page);
    await page.getByLabel('Code from your app').waitFor();
    expect(await page.title()).toBe('Set up your authenticator app');
    await page.screenshot({ path: `${SHOTS}/08-mfa-setup.png`, fullPage: true });
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The QR code renders (as an inline SVG, sized by the page's stylesheet) beside the key.
    const qr = await page.locator('#totp-qr svg').boundingBox();
    expect(qr?.width).toBe(200);
    expect(qr?.height).toBe(200);
    await page.getByLabel('Code from your app').fill(totp(secret, t.clock.now()));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL(/\/callback\?code=/);
    await first.close();

    t.clock.advance(30_000);
    const second = await browser.newContext();
    const again = await second.newPage();
    await signIn(again);
    await again.getByLabel('Code').waitFor();
    expect(await again.title()).toBe('Multi-factor authentication');
    await again.screenshot({ path: `${SHOTS}/09-mfa-code.png`, fullPage: true });
    await again.getByLabel('Code').fill(totp(secret, t.clock.now()));
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.waitForURL(/\/callback\?code=/);
    await second.close();
  });
});
