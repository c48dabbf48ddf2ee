// A Hosted UI session in a real browser: listed by AdminListUserSessions as an SSO session with
// chromium's device and address, and, once AdminRevokeUserSession ends it, the browser is asked to
// sign in again instead of going straight back to the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminListUserSessionsCommand, AdminRevokeUserSessionCommand, SetUserPoolSessionConfigurationCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { skipBrowserTests, startBrowserRig, type BrowserRig } from '../helpers/browser.js';
import { confirmedUser } from '../helpers/users.js';
import { oauthPool, PASSWORD, type OAuthPool } from '../oauth/support.js';

describe.skipIf(skipBrowserTests)('SSO sessions in a real browser', () => {
  let rig: BrowserRig;
  let pool: OAuthPool;

  beforeAll(async () => {
    rig = await startBrowserRig();
    pool = await oauthPool(rig.t, { client: { CallbackURLs: [`${rig.app.origin}/callback`] } });
    await rig.t.cognito.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: pool.poolId, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 20 } }));
    await confirmedUser(rig.t, pool, 'wren', PASSWORD, { email: 'wren@example.com' });
  });
  afterAll(async () => rig?.close());

  const authorize = () =>
    `${rig.t.url}/${pool.poolId}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: `${rig.app.origin}/callback`, scope: 'openid' })}`;

  /** Opens authorize: true when the browser went straight back to the app, false when it was asked to sign in. */
  async function returnsAtOnce(page: Page): Promise<boolean> {
    await page.goto(authorize());
    await page.waitForURL((url) => url.pathname === '/callback' || url.pathname.endsWith('/login'));
    return new URL(page.url()).pathname === '/callback';
  }

  it('lists the browser\'s session, and a revoked one makes the browser sign in again', async () => {
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    // 1. Sign in through the Hosted UI.
    expect(await returnsAtOnce(page)).toBe(false);
    await page.getByLabel('Username').fill('wren');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/callback\?code=/);
    // 2. The session signs the browser in at once, and is listed as chromium's.
    expect(await returnsAtOnce(page)).toBe(true);
    const { Sessions } = await rig.t.cognito.send(new AdminListUserSessionsCommand({ UserPoolId: pool.poolId, Username: 'wren' }));
    const sso = Sessions!.find((s) => s.SessionType === 'SSO');
    expect(sso).toMatchObject({ ClientId: pool.clientId, LastIPAddress: '127.0.0.1', DeviceType: expect.stringMatching(/^Chrome \d+ \/ Linux$/) });
    // 3. Revoked, it no longer signs the browser in: the sign-in page comes instead.
    await rig.t.cognito.send(new AdminRevokeUserSessionCommand({ UserPoolId: pool.poolId, Username: 'wren', SessionId: sso!.SessionId! }));
    expect(await returnsAtOnce(page)).toBe(false);
    await page.getByLabel('Password', { exact: true }).waitFor();
    await context.close();
  });
});
