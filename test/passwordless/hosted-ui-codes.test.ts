// Sign-in codes through the Hosted UI in Debian's chromium: the username first, then "Email me a
// code" / "Text me a code", the code page (plain forms, here with JavaScript off), and the same
// OAuth completion as the password (the app's callback with a code exchanged for tokens, the
// Hosted UI session). Wrong, replayed and expired codes; a hidden unknown user sees the same
// pages and words as a known one; what the pool or the client does not allow is not offered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminSetUserMFAPreferenceCommand, AdminUpdateUserAttributesCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { SHOTS, skipBrowserTests } from '../helpers/browser.js';
import { confirmedUser } from '../helpers/users.js';
import { PASSWORD } from '../oauth/support.js';
import {
  authorizeOnDomain, callbackCode, cardText, choicePool, exchange, formFields, openChoices, postFromPage, startLocalhostRig, type BrowserRig, type OAuthPool,
} from './hosted-ui-support.js';

describe.skipIf(skipBrowserTests)('Hosted UI: sign-in codes by email and SMS', () => {
  let rig: BrowserRig;
  let pool: OAuthPool;

  beforeAll(async () => {
    rig = await startLocalhostRig();
    pool = await choicePool(rig, ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'], { PreventUserExistenceErrors: 'ENABLED' });
  });
  afterAll(async () => rig?.close());

  /** A confirmed user with a verified email (and a verified phone number); answers its sub. */
  async function user(name: string, phone?: string, target = pool): Promise<string> {
    const sub = await confirmedUser(rig.t, target, name, PASSWORD, { email: `${name}@example.com` });
    if (phone) {
      await rig.t.cognito.send(new AdminUpdateUserAttributesCommand({
        UserPoolId: target.poolId, Username: name, UserAttributes: [{ Name: 'phone_number', Value: phone }, { Name: 'phone_number_verified', Value: 'true' }],
      }));
    }
    return sub;
  }

  const choices = (page: Page, name: string, target = pool, extra: Record<string, string> = {}) => openChoices(rig, page, target, name, extra);

  it('signs in with a code by email, without JavaScript, ending at the callback with a code exchanged for tokens', async () => {
    await user('ana');
    const context = await rig.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // 1. The first page asks for the username alone.
    await page.goto(authorizeOnDomain(rig, pool));
    expect(await page.getByLabel('Password').count()).toBe(0);
    await page.getByLabel('Username').fill('ana');
    await page.getByRole('button', { name: 'Next' }).click();
    // 2. The choices: a code by email and the password; no SMS (no phone), no passkey (none registered).
    await page.getByRole('button', { name: 'Email me a code' }).waitFor();
    expect(await page.locator('#signing-in-as').innerText()).toBe('ana');
    expect(await page.getByRole('button', { name: 'Text me a code' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign in with a passkey' }).count()).toBe(0);
    expect(await page.getByLabel('Password').count()).toBe(1);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    // 3. The code page names the masked address; the code is the one in the outbox (source Authentication).
    await page.getByLabel('Code').waitFor();
    await page.screenshot({ path: `${SHOTS}/hosted-ui-sign-in-code.png`, fullPage: true });
    expect(await page.title()).toBe('Enter your code');
    expect(await cardText(page)).toContain('We emailed a code to a***@e***. Enter it below.');
    await page.getByLabel('Code').fill((await rig.t.latestCode(pool.poolId, 'ana'))!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // 4. The app's callback with a code, exchanged for ana's tokens.
    const { claims, tokens } = await exchange(rig, pool, await callbackCode(rig, page));
    expect(claims).toMatchObject({ 'cognito:username': 'ana', email: 'ana@example.com', token_use: 'id' });
    expect(tokens.refresh_token).toBeTruthy();
    // 5. The Hosted UI session: the next authorization goes straight back to the app.
    await page.goto(authorizeOnDomain(rig, pool));
    expect(await exchange(rig, pool, await callbackCode(rig, page))).toMatchObject({ claims: { 'cognito:username': 'ana' } });
    await context.close();
  });

  it('signs in with a code by SMS after a wrong code', async () => {
    await user('bo', '+15555550123');
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await choices(page, 'bo');
    await page.getByRole('button', { name: 'Text me a code' }).click();
    await page.getByLabel('Code').waitFor();
    expect(await cardText(page)).toContain('We texted a code to +*******0123. Enter it below.');
    const code = (await rig.t.latestCode(pool.poolId, 'bo'))!;
    // A wrong code: the same page again, with the message; the right one then signs in.
    await page.getByLabel('Code').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toBe('Incorrect code. Try again.');
    expect(await cardText(page)).toContain('We texted a code to +*******0123.');
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect((await exchange(rig, pool, await callbackCode(rig, page))).claims['cognito:username']).toBe('bo');
    await context.close();
  });

  it('refuses a replayed code and an expired one', async () => {
    await user('cy');
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await choices(page, 'cy');
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByLabel('Code').fill((await rig.t.latestCode(pool.poolId, 'cy'))!);
    const sent = await formFields(page, 'signInCode');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await callbackCode(rig, page);

    // The same form posted again (same session, same code, this browser's CSRF cookie): refused.
    await page.goto(authorizeOnDomain(rig, pool, { prompt: 'login' }));
    const replay = await postFromPage(page, sent.url, sent.fields);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('This code has expired or was already used. Sign in again to get a new one.');

    // A code entered after its 3 minutes: refused, back to the start.
    await choices(page, 'cy', pool, { prompt: 'login' });
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByLabel('Code').fill((await rig.t.latestCode(pool.poolId, 'cy'))!);
    rig.t.clock.advance(3 * 60_000 + 1_000);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toBe('This code has expired or was already used. Sign in again to get a new one.');
    expect(page.url().startsWith(rig.app.origin)).toBe(false);
    await context.close();
  });

  it('counts wrong codes toward the lockout, and hides the lock where the client hides users', async () => {
    const store = rig.t.server.deps.store;
    // Cognito's lock after the fifth failure lasts a second, then doubles: a test that cannot wait
    // lengthens it through the store (the only arrangement made there).
    const lockLonger = (sub: string) => store.users.extendLock(sub, rig.t.clock.now() + 15 * 60_000);

    // 1. A client that does not hide users: five wrong codes lock the user, who is then told so.
    const open = await choicePool(rig, ['PASSWORD', 'EMAIL_OTP']);
    const gus = await user('gus', undefined, open);
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await choices(page, 'gus', open);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    const code = (await rig.t.latestCode(open.poolId, 'gus'))!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let attempt = 1; attempt <= 4; attempt++) {
      await page.getByLabel('Code').fill(wrong);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText('Incorrect code. Try again.').waitFor();
    }
    await page.getByLabel('Code').fill(wrong);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Attempt limit exceeded, please try after some time.').waitFor();
    // Observed in the store (no API shows it): five failures, and a lock.
    expect(await store.users.findBySub(gus)).toMatchObject({ failedAttempts: 5, lockedUntil: expect.any(Number) });
    await lockLonger(gus);
    await choices(page, 'gus', open, { prompt: 'login' });
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByText('Password attempts exceeded').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Password attempts exceeded').waitFor();

    // 2. Where the client hides users, a locked user reads as anyone: the code page (nothing is
    //    sent, every code is wrong), and "Incorrect username or password." for the right password.
    const hal = await user('hal', undefined, pool);
    const signUpCode = await rig.t.latestCode(pool.poolId, 'hal');
    await lockLonger(hal);
    await choices(page, 'hal', pool, { prompt: 'login' });
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByLabel('Code').waitFor();
    expect(await cardText(page)).toContain('We emailed a code to h***@e***. Enter it below.');
    expect(await rig.t.latestCode(pool.poolId, 'hal')).toBe(signUpCode);
    await page.getByLabel('Code').fill(signUpCode!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Incorrect code. Try again.').waitFor();
    await choices(page, 'hal', pool, { prompt: 'login' });
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Incorrect username or password.').waitFor();
    await context.close();
  });

  it('offers no code to a user with MFA (the password, then MFA), and asks no MFA after a code', async () => {
    const mfaPool = await choicePool(rig, ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);
    await rig.t.cognito.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: mfaPool.poolId, MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: { SmsAuthenticationMessage: 'MFA {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms-mfa' } },
    }));
    await user('max', '+15555550199', mfaPool);
    await user('ned', '+15555550198', mfaPool);
    await rig.t.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: mfaPool.poolId, Username: 'max', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await choices(page, 'max', mfaPool);
    expect(await page.getByRole('button', { name: /code/ }).count()).toBe(0);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Multi-factor authentication').first().waitFor();

    await choices(page, 'ned', mfaPool, { prompt: 'login' });
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByLabel('Code').fill((await rig.t.latestCode(mfaPool.poolId, 'ned'))!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect((await exchange(rig, mfaPool, await callbackCode(rig, page))).claims['cognito:username']).toBe('ned');
    await context.close();
  });

  it('shows an unknown user the same pages and words as a known one when the client hides users', async () => {
    await user('dee', '+15555550145');
    const context = await rig.browser.newContext();
    const page = await context.newPage();

    await choices(page, 'dee');
    const knownChoices = await cardText(page, { dee: 'NAME' });
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByLabel('Code').waitFor();
    const knownCode = (await cardText(page)).replace(/to \S+\*\*\*\S+\./, 'to MASKED.');
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    const knownWrong = await page.getByRole('alert').innerText();

    await choices(page, 'nobody-here', pool, { prompt: 'login' });
    expect(await cardText(page, { 'nobody-here': 'NAME' })).toBe(knownChoices);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByLabel('Code').waitFor();
    expect((await cardText(page)).replace(/to \S+\*\*\*\S+\./, 'to MASKED.')).toBe(knownCode);
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toBe(knownWrong);
    expect(knownWrong).toBe('Incorrect code. Try again.');

    // A wrong password reads the same for both, too.
    for (const name of ['dee', 'nobody-here']) {
      await choices(page, name, pool, { prompt: 'login' });
      await page.getByLabel('Password').fill('Wr0ng-Password!');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').innerText()).toBe('Incorrect username or password.');
    }
    await context.close();
  });

  it('offers only what the pool and the client allow', async () => {
    // 1. A pool allowing PASSWORD and EMAIL_OTP: a user with a verified phone gets no SMS choice,
    //    and a forged SMS_OTP post is refused; a client that does not hide users names an unknown one.
    const emailOnly = await choicePool(rig, ['PASSWORD', 'EMAIL_OTP']);
    await user('eli', '+15555550167', emailOnly);
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await choices(page, 'eli', emailOnly);
    expect(await page.getByRole('button', { name: 'Email me a code' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Text me a code' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign in with a passkey' }).count()).toBe(0);
    const email = await formFields(page, 'signInCode');
    // The newest message in the outbox is the sign-up code: no new one may follow.
    const signUpCode = await rig.t.latestCode(emailOnly.poolId, 'eli');
    const forged = await postFromPage(page, email.url, { ...email.fields, factor: 'SMS_OTP' });
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('Choose one of these ways to sign in.');
    expect(await rig.t.latestCode(emailOnly.poolId, 'eli')).toBe(signUpCode);
    // No passkeys in this pool: a password sign-in goes straight to the app, with no offer.
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await callbackCode(rig, page);

    await page.goto(authorizeOnDomain(rig, emailOnly, { prompt: 'login' }));
    await page.getByLabel('Username').fill('nobody-here');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toBe('User does not exist.');

    // 2. A pool allowing the password alone, and 3. a client without ALLOW_USER_AUTH: the classic
    //    username-and-password form, no choices.
    const passwordOnly = await choicePool(rig, ['PASSWORD']);
    const classicClient = await choicePool(rig, ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'], { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    for (const target of [passwordOnly, classicClient]) {
      await user('fay', '+15555550189', target);
      await page.goto(authorizeOnDomain(rig, target, { prompt: 'login' }));
      await page.getByLabel('Password').waitFor();
      expect(await page.getByRole('button', { name: 'Next' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /code|passkey/ }).count()).toBe(0);
      // Nor do the code pages answer it.
      const login = await formFields(page, 'login');
      const signUpCode = await rig.t.latestCode(target.poolId, 'fay');
      const post = await postFromPage(page, login.url.replace('/login', '/signInCode'), { _csrf: login.fields._csrf, username: 'fay', factor: 'EMAIL_OTP' });
      expect(post.status).toBe(400);
      expect(await rig.t.latestCode(target.poolId, 'fay')).toBe(signUpCode);
      await page.getByLabel('Username').fill('fay');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      expect((await exchange(rig, target, await callbackCode(rig, page))).claims['cognito:username']).toBe('fay');
    }
    await context.close();
  });
});
