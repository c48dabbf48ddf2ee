// Passkeys through the Hosted UI in Debian's chromium with the DevTools virtual authenticator, at
// http://localhost:<port>/<poolId> (the default relying party, "localhost"): after a password sign-in
// the Hosted UI offers to register a passkey (Register / Not now); a later sign-in chooses "Sign in
// with a passkey" and ends at the app's callback like any other. "Not now" always goes on, with or
// without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListWebAuthnCredentialsCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { SHOTS, skipBrowserTests } from '../helpers/browser.js';
import { confirmedUser } from '../helpers/users.js';
import { PASSWORD } from '../oauth/support.js';
import {
  authorizeOnDomain, callbackCode, choicePool, exchange, formFields, openChoices, postFromPage, startLocalhostRig, withAuthenticator, type BrowserRig, type OAuthPool,
} from './hosted-ui-support.js';

describe.skipIf(skipBrowserTests)('Hosted UI: passkeys', () => {
  let rig: BrowserRig;
  let pool: OAuthPool;

  beforeAll(async () => {
    rig = await startLocalhostRig();
    pool = await choicePool(rig, ['PASSWORD', 'WEB_AUTHN']);
  });
  afterAll(async () => rig?.close());

  /** The choices for `name` at http://localhost:<port>/<poolId>, whose host is the relying-party id. */
  const choices = (page: Page, name: string, extra: Record<string, string> = {}) => openChoices(rig, page, pool, name, extra, true);

  async function passwordSignIn(page: Page, name: string, extra: Record<string, string> = {}): Promise<void> {
    await choices(page, name, extra);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('offers a passkey after a password sign-in, registers it, and signs in with it later', async () => {
    await confirmedUser(rig.t, pool, 'ana', PASSWORD, { email: 'ana@example.com' });
    const { context, page, cdp, authenticatorId } = await withAuthenticator(rig.browser);

    // 1. No passkey yet: the choices offer the password only.
    await choices(page, 'ana');
    expect(await page.getByRole('button', { name: 'Sign in with a passkey' }).count()).toBe(0);
    await page.getByLabel('Password').fill(PASSWORD);
    const [offer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/login') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    // 2. The offer, with its one script admitted by the response's nonce.
    await page.getByRole('button', { name: 'Register a passkey' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/hosted-ui-passkey-offer.png`, fullPage: true });
    expect(await page.title()).toBe('Sign in faster with a passkey');
    expect(await page.getByRole('button', { name: 'Not now' }).count()).toBe(1);
    expect(offer.headers()['content-security-policy']).toMatch(/script-src 'nonce-[^']+'/);
    // 3. Register: the virtual authenticator creates the credential; the app gets its code.
    await page.getByRole('button', { name: 'Register a passkey' }).click();
    const first = await exchange(rig, pool, await callbackCode(rig, page));
    expect(first.claims['cognito:username']).toBe('ana');
    const listed = await rig.t.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: first.tokens.access_token }));
    expect(listed.Credentials).toEqual([expect.objectContaining({ RelyingPartyId: 'localhost', AuthenticatorAttachment: 'platform' })]);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);

    // 4. A later sign-in (prompt=login: past the Hosted UI session) with the passkey, no password.
    await choices(page, 'ana', { prompt: 'login' });
    await page.screenshot({ path: `${SHOTS}/hosted-ui-sign-in-choices.png`, fullPage: true });
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('button', { name: 'Use my passkey' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/hosted-ui-passkey.png`, fullPage: true });
    await page.getByRole('button', { name: 'Use my passkey' }).click();
    const second = await exchange(rig, pool, await callbackCode(rig, page));
    expect(second.claims).toMatchObject({ 'cognito:username': 'ana', token_use: 'id' });
    // The signature counter moved with the sign-in.
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0].signCount).toBeGreaterThan(0);

    // 5. With a passkey, a password sign-in is not offered one again.
    await passwordSignIn(page, 'ana', { prompt: 'login' });
    await callbackCode(rig, page);
    await context.close();
  });

  it('stays on the passkey page when the browser has no such passkey, and refuses a credential that is not the user\'s', async () => {
    await confirmedUser(rig.t, pool, 'bo', PASSWORD, { email: 'bo@example.com' });
    const owner = await withAuthenticator(rig.browser);
    await passwordSignIn(owner.page, 'bo');
    await owner.page.getByRole('button', { name: 'Register a passkey' }).click();
    await callbackCode(rig, owner.page);

    // 1. Another browser whose authenticator holds no credential of bo's: the browser finds none, the page says so.
    const other = await withAuthenticator(rig.browser);
    await choices(other.page, 'bo');
    await other.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await other.page.getByRole('button', { name: 'Use my passkey' }).click();
    await other.page.locator('#passkey-status').getByText('The passkey was not used').waitFor({ timeout: 15_000 });
    expect(other.page.url().startsWith(rig.app.origin)).toBe(false);

    // 2. The form posted with a credential the server cannot verify: the choices again, with the reason.
    const form = await formFields(other.page, 'passkey');
    const forged = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' } };
    const refused = await postFromPage(other.page, form.url, { ...form.fields, credential: JSON.stringify(forged) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Your passkey could not be used. Try again, or choose another way to sign in.');
    expect(refused.text).toContain('Choose how to sign in.');
    await owner.context.close();
    await other.context.close();
  });

  it('goes on to the app with "Not now", also without JavaScript, and registers nothing', async () => {
    await confirmedUser(rig.t, pool, 'cy', PASSWORD, { email: 'cy@example.com' });
    for (const javaScriptEnabled of [true, false]) {
      const context = await rig.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await passwordSignIn(page, 'cy', { prompt: 'login' });
      await page.getByRole('button', { name: 'Not now' }).waitFor();
      if (!javaScriptEnabled) {
        // Register without a script posts no credential: the offer again, saying so, with "Not now".
        await page.getByRole('button', { name: 'Register a passkey' }).click();
        await page.getByRole('alert').first().waitFor();
        expect(await page.getByRole('alert').allInnerTexts()).toContain('Passkeys need JavaScript in this browser. Choose "Not now" to continue.');
      }
      const offer = await formFields(page, 'passkeyOffer');
      if (javaScriptEnabled) {
        // The offer's ticket is bound to this browser: posted from another (with its own CSRF token), it signs nobody in.
        const elsewhere = await rig.browser.newContext();
        const stranger = await elsewhere.newPage();
        await stranger.goto(authorizeOnDomain(rig, pool, { prompt: 'login' }, true));
        const own = await formFields(stranger, 'login');
        const copied = await postFromPage(stranger, offer.url, { ...offer.fields, skip: 'true', _csrf: own.fields._csrf });
        expect(copied.status).toBe(400);
        expect(copied.text).toContain('Your session has expired. Sign in again.');
        await elsewhere.close();
      }
      await page.getByRole('button', { name: 'Not now' }).click();
      const { claims, tokens } = await exchange(rig, pool, await callbackCode(rig, page));
      expect(claims['cognito:username']).toBe('cy');
      expect((await rig.t.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: tokens.access_token }))).Credentials).toEqual([]);
      if (javaScriptEnabled) {
        // And single use: "Not now" posted again in this browser signs nobody in.
        await page.goto(authorizeOnDomain(rig, pool, { prompt: 'login' }, true));
        const again = await postFromPage(page, offer.url, { ...offer.fields, skip: 'true' });
        expect(again.status).toBe(400);
        expect(again.text).toContain('Your session has expired. Sign in again.');
      }
      await context.close();
    }
  });
});
