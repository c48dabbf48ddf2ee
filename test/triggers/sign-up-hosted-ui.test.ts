// PreSignUp and PostConfirmation through the Hosted UI in a real browser: the sign-up page runs
// PreSignUp_SignUp (a refusal shown on the form as Cognito's message, nothing created; an
// auto-confirmed user goes straight back to the app), the confirm page and the reset page run
// PostConfirmation, whose failure is shown on the page and spends nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AdminGetUserCommand, AdminInitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { launchChromium, skipBrowserTests, startAppServer, type AppServer } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { oauthPool, PASSWORD, type OAuthPool } from '../oauth/support.js';

const answer = (changes: Record<string, unknown>) => (event: Event) => ({ ...event, response: { ...event.response, ...changes } });

describe.skipIf(skipBrowserTests)('sign-up triggers in the Hosted UI', () => {
  let rig: TriggerRig;
  let t: TestServer;
  let app: AppServer;
  let browser: Browser;
  let pool: OAuthPool;
  let domain: string;

  beforeAll(async () => {
    rig = await startTriggerRig('module', ['PreSignUp', 'PostConfirmation']);
    app = await startAppServer();
    t = await startTestServer({ config: { triggers: rig.config } });
    browser = await launchChromium();
    pool = await oauthPool(t, {
      pool: { LambdaConfig: { PreSignUp: rig.arn('PreSignUp'), PostConfirmation: rig.arn('PostConfirmation') } },
      client: { CallbackURLs: [`${app.origin}/callback`], ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    });
    domain = `http://${pool.prefix}.auth.localhost:${new URL(t.url).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await app?.close();
    await rig?.close();
  });

  const page = (path: string) => `${domain}/${path}?${new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: `${app.origin}/callback`, scope: 'openid email' })}`;
  const envelope = (triggerSource: string, userName: string) => ({
    version: '1', triggerSource, region: 'us-east-1', userPoolId: pool.poolId, userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: pool.clientId },
  });
  const status = async (Username: string) => (await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username })).catch(() => undefined))?.UserStatus;

  async function fillSignUp(tab: Page, username: string) {
    await tab.goto(page('signup'));
    await tab.getByLabel('Username', { exact: true }).fill(username);
    await tab.getByLabel('Email', { exact: true }).fill(`${username}@example.com`);
    await tab.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await tab.getByRole('button', { name: 'Sign up' }).click();
  }

  it('a PreSignUp refusal is shown on the sign-up form as Cognito words it, and no user is created', async () => {
    rig.handle('PreSignUp', () => {
      throw new Error('Sign-ups from this domain are closed');
    });
    const tab = await browser.newPage();
    await fillSignUp(tab, 'ui-refused');
    await expect.poll(() => tab.getByRole('alert').textContent()).toBe('PreSignUp failed with error Sign-ups from this domain are closed.');
    expect(await tab.title()).toBe('Sign up');
    expect(await status('ui-refused')).toBeUndefined();
    const event = rig.events('PreSignUp').at(-1)!;
    expect(event).toEqual({
      ...envelope('PreSignUp_SignUp', 'ui-refused'),
      request: { userAttributes: { email: 'ui-refused@example.com' }, validationData: null },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    await tab.close();
  });

  it('an auto-confirmed user skips the confirm page and returns to the app signed in, after PostConfirmation', async () => {
    rig.handle('PreSignUp', answer({ autoConfirmUser: true, autoVerifyEmail: true }));
    rig.handle('PostConfirmation', (event) => event);
    const tab = await browser.newPage();
    await fillSignUp(tab, 'ui-auto');
    await tab.waitForURL(/\/callback\?code=/);
    expect(new URL(tab.url()).origin).toBe(app.origin);
    expect(await status('ui-auto')).toBe('CONFIRMED');
    expect(rig.events('PostConfirmation').at(-1)).toMatchObject({
      triggerSource: 'PostConfirmation_ConfirmSignUp', userName: 'ui-auto', callerContext: { clientId: pool.clientId },
      request: { userAttributes: { email: 'ui-auto@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' } },
    });
    await tab.close();
  });

  it('the confirm page runs PostConfirmation: its failure is shown, the user stays unconfirmed, and the same code then works', async () => {
    rig.handle('PreSignUp', (event) => event);
    rig.handle('PostConfirmation', () => {
      throw new Error('Try again later');
    });
    const tab = await browser.newPage();
    await fillSignUp(tab, 'ui-confirm');
    await tab.getByLabel('Verification code').waitFor();
    const code = (await t.latestCode(pool.poolId, 'ui-confirm'))!;
    await tab.getByLabel('Verification code').fill(code);
    await tab.getByRole('button', { name: 'Confirm account' }).click();
    await expect.poll(() => tab.getByRole('alert').textContent()).toBe('PostConfirmation failed with error Try again later.');
    expect(await status('ui-confirm')).toBe('UNCONFIRMED');

    rig.handle('PostConfirmation', (event) => event);
    await tab.getByLabel('Verification code').fill(code);
    await tab.getByRole('button', { name: 'Confirm account' }).click();
    await tab.waitForURL(/\/callback\?code=/);
    expect(await status('ui-confirm')).toBe('CONFIRMED');
    const event = rig.events('PostConfirmation').at(-1)!;
    expect(event).toEqual({
      ...envelope('PostConfirmation_ConfirmSignUp', 'ui-confirm'),
      request: { userAttributes: { sub: expect.any(String), email: 'ui-confirm@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' } },
      response: {},
    });
    await tab.close();
  });

  it('the reset page runs PostConfirmation_ConfirmForgotPassword; its failure keeps the old password', async () => {
    rig.handle('PreSignUp', answer({ autoConfirmUser: true, autoVerifyEmail: true }));
    rig.handle('PostConfirmation', (event) => event);
    const signUpTab = await browser.newPage();
    await fillSignUp(signUpTab, 'ui-reset');
    await signUpTab.waitForURL(/\/callback\?code=/);
    await signUpTab.close();

    rig.handle('PostConfirmation', (event) => {
      if (event.triggerSource === 'PostConfirmation_ConfirmForgotPassword') throw new Error('Not now');
      return event;
    });
    const tab = await browser.newPage();
    await tab.goto(page('forgotPassword'));
    await tab.getByLabel('Username').fill('ui-reset');
    await tab.getByRole('button', { name: 'Send code' }).click();
    await tab.getByLabel('Code', { exact: true }).waitFor();
    const code = (await t.latestCode(pool.poolId, 'ui-reset'))!;
    await tab.getByLabel('Code', { exact: true }).fill(code);
    await tab.getByLabel('New password').fill('N3w-Horse-Battery!');
    await tab.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => tab.getByRole('alert').textContent()).toBe('PostConfirmation failed with error Not now.');
    const signIn = (password: string) => t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: pool.poolId, ClientId: pool.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ui-reset', PASSWORD: password },
    }));
    expect((await signIn(PASSWORD)).AuthenticationResult).toBeTruthy();

    rig.handle('PostConfirmation', (event) => event);
    await tab.getByLabel('Code', { exact: true }).fill(code);
    await tab.getByLabel('New password').fill('N3w-Horse-Battery!');
    await tab.getByRole('button', { name: 'Change password' }).click();
    await tab.getByRole('status').waitFor();
    expect((await signIn('N3w-Horse-Battery!')).AuthenticationResult).toBeTruthy();
    expect(rig.events('PostConfirmation').at(-1)).toEqual({
      ...envelope('PostConfirmation_ConfirmForgotPassword', 'ui-reset'),
      request: { userAttributes: { sub: expect.any(String), email: 'ui-reset@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' } },
      response: {},
    });
    await tab.close();
  });
});
