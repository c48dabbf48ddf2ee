// The Hosted UI runs the sign-in triggers as the API does, in a real browser: a user the old
// directory knows is migrated at /login and lands on the app; PreAuthentication and
// PostAuthentication see the sign-in; a refusing PreAuthentication's message is shown on the form;
// /forgotPassword migrates a user and the code resets their password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SHOTS, skipBrowserTests, startBrowserRig, type BrowserRig } from '../helpers/browser.js';
import { eventEnvelope, startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import type { TestServer } from '../helpers/server.js';
import { oauthPool, type OAuthPool } from '../oauth/support.js';

const OLD_PASSWORD = 'legacy-pw';

describe.skipIf(skipBrowserTests)('sign-in triggers on the Hosted UI, in a real browser', () => {
  let triggers: TriggerRig;
  let rig: BrowserRig;
  let t: TestServer;
  let pool: OAuthPool;
  let browser: Browser;
  let appOrigin: string;

  beforeAll(async () => {
    triggers = await startTriggerRig('webhook', ['PreAuthentication', 'PostAuthentication', 'UserMigration']);
    rig = await startBrowserRig({ config: { triggers: triggers.config } });
    ({ t, browser } = rig);
    appOrigin = rig.app.origin;
    pool = await oauthPool(t, {
      pool: {
        LambdaConfig: {
          PreAuthentication: triggers.arn('PreAuthentication'),
          PostAuthentication: triggers.arn('PostAuthentication'),
          UserMigration: triggers.arn('UserMigration'),
        },
      },
      client: { CallbackURLs: [`${appOrigin}/callback`] },
    });
    const known: Record<string, string> = { katherine: 'katherine@example.com', mary: 'mary@example.com' };
    triggers.handle('UserMigration', (event: Event) => {
      const email = known[event.userName];
      if (!email) return event;
      if (event.triggerSource === 'UserMigration_Authentication' && event.request.password !== OLD_PASSWORD) throw new Error('Bad password');
      return { ...event, response: { ...event.response, userAttributes: { email, email_verified: 'true' }, messageAction: 'SUPPRESS' } };
    });
  });
  afterAll(async () => {
    await rig?.close();
    await triggers?.close();
  });

  async function loginPage(): Promise<Page> {
    const domain = `http://${pool.prefix}.auth.localhost:${new URL(t.url).port}`;
    const page = await browser.newPage();
    await page.goto(`${domain}/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: pool.clientId, redirect_uri: `${appOrigin}/callback`, scope: 'openid email',
    })}`);
    await page.getByLabel('Password', { exact: true }).waitFor();
    return page;
  }

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('migrates a user at /login with the password typed, runs PreAuthentication and PostAuthentication, and reaches the app', async () => {
    const page = await loginPage();
    await signIn(page, 'katherine', OLD_PASSWORD);
    await page.waitForURL(/\/callback\?code=/);
    expect(triggers.events('UserMigration').at(-1)).toMatchObject({
      triggerSource: 'UserMigration_Authentication',
      userName: 'katherine',
      callerContext: { clientId: pool.clientId },
      request: { password: OLD_PASSWORD, validationData: null },
    });
    const attributes = { sub: expect.any(String), email: 'katherine@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' };
    expect(triggers.events('PreAuthentication').at(-1)).toMatchObject({
      triggerSource: 'PreAuthentication_Authentication', userName: 'katherine', request: { userAttributes: attributes, validationData: null },
    });
    expect(triggers.events('PostAuthentication').at(-1)).toEqual({
      ...eventEnvelope(pool.poolId, pool.clientId, 'PostAuthentication_Authentication', 'katherine'),
      request: { userAttributes: attributes, newDeviceUsed: false },
      response: {},
    });
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'katherine' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(triggers.rejected).toEqual([]);
    await page.close();
  });

  it('shows a refusing PreAuthentication\'s message on the form; no PostAuthentication, no redirect', async () => {
    const post = triggers.events('PostAuthentication').length;
    triggers.handle('PreAuthentication', () => {
      throw new Error('Sign-in is paused for maintenance');
    });
    try {
      const page = await loginPage();
      await signIn(page, 'katherine', OLD_PASSWORD);
      await page.getByText('PreAuthentication failed with error Sign-in is paused for maintenance.').waitFor();
      await page.screenshot({ path: `${SHOTS}/triggers-pre-authentication-refused.png`, fullPage: true });
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(triggers.events('PostAuthentication')).toHaveLength(post);
      await page.close();
    } finally {
      triggers.handle('PreAuthentication', (event) => event);
    }
  });

  it('/forgotPassword migrates a user, and the emailed code sets the password the next sign-in uses', async () => {
    const page = await loginPage();
    await page.getByRole('link', { name: /forgot your password/i }).click();
    await page.getByLabel('Username', { exact: true }).fill('mary');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Code', { exact: true }).waitFor();
    expect(triggers.events('UserMigration').at(-1)).toMatchObject({ triggerSource: 'UserMigration_ForgotPassword', userName: 'mary', request: { validationData: null } });
    expect(triggers.events('UserMigration').at(-1)!.request).not.toHaveProperty('password');
    const code = await t.latestCode(pool.poolId, 'mary');
    await page.getByLabel('Code', { exact: true }).fill(code!);
    await page.getByLabel('New password', { exact: true }).fill('Brand-new-Passw0rd!');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByLabel('Password', { exact: true }).waitFor();
    await signIn(page, 'mary', 'Brand-new-Passw0rd!');
    await page.waitForURL(/\/callback\?code=/);
    await page.close();
  });
});
