// The Hosted UI's MFA steps over HTTP: authenticator set-up when the pool requires MFA (secret and
// otpauth:// URI shown as text and as a QR code, a wrong code re-renders the step), then the code
// step on the next sign-in; the email set-up step (an address, then its code) and the email code
// step; each ends on the callback with an authorization code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand, AdminSetUserMFAPreferenceCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import QRCode from 'qrcode';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { totp } from '../helpers/totp.js';
import { CALLBACK, HttpBrowser, PASSWORD, authorizeUrl, oauthPool, signInThroughForm } from './support.js';
import { adminCreatedUser, confirmedUser } from '../helpers/users.js';

describe('Hosted UI MFA', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const unescapeHtml = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
  const expectCallback = (page: { status: number; location?: string }) => {
    expect(page.status).toBe(302);
    const callback = new URL(page.location!);
    expect(callback.origin + callback.pathname).toBe(CALLBACK);
    expect(callback.searchParams.get('code')).toBeTruthy();
  };

  it('sets up an authenticator when MFA is ON, then asks for its code at the next sign-in', async () => {
    const pool = await oauthPool(t);
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await confirmedUser(t, pool, 'ana', PASSWORD, { email: 'ana@example.com' });
    const url = authorizeUrl(t, pool, { scope: 'openid', state: 's1' });

    const browser = new HttpBrowser(t.url);
    const setup = await signInThroughForm(browser, url, 'ana');
    expect(setup.status).toBe(200);
    expect(setup.text).toContain('Set up your authenticator app');
    const uri = unescapeHtml(setup.text.match(/id="totp-uri" href="([^"]+)"/)![1]);
    const secret = new URL(uri).searchParams.get('secret')!;
    expect(uri).toMatch(/^otpauth:\/\/totp\/test-pool:ana\?secret=[A-Z2-7]{32}&issuer=test-pool$/);
    expect(setup.text.replace(/ /g, '')).toContain(secret);
    // The QR code beside them encodes that same URI, inline, under a CSP that still admits no script or inline style.
    expect(setup.text).toContain((await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })));
    expect(setup.text).toMatch(/<div class="qr" id="totp-qr"[^>]*><svg /);
    expect(setup.text).not.toMatch(/<script|\sstyle=/i);
    expect(setup.headers.get('content-security-policy')).toMatch(/^default-src 'none';.*style-src 'nonce-[^']+'; img-src 'self' data:$/);

    const good = totp(secret, t.clock.now());
    const wrong = await browser.submit(setup, 'mfa', { code: good === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Incorrect code');
    expect(wrong.text).toContain(uri.replace(/&/g, '&amp;'));
    expectCallback(await browser.submit(wrong, 'mfa', { code: good }));

    t.clock.advance(30_000);
    const second = new HttpBrowser(t.url);
    const step = await signInThroughForm(second, url, 'ana');
    expect(step.status).toBe(200);
    expect(step.text).toContain('authenticator app');
    const retry = await second.submit(step, 'mfa', { code: '12345x' });
    expect(retry.status).toBe(400);
    expectCallback(await second.submit(retry, 'mfa', { code: totp(secret, t.clock.now()) }));
  });

  it('where the pool has email MFA but not TOTP, asks a user without an email for an address, then for the code sent to it', async () => {
    const pool = await oauthPool(t, { pool: { Schema: [{ Name: 'email', AttributeDataType: 'String', Required: false, Mutable: true }], AutoVerifiedAttributes: [] } });
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.poolId, MfaConfiguration: 'ON', EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Code' } }));
    await adminCreatedUser(t, pool.poolId, 'cy', PASSWORD);
    const browser = new HttpBrowser(t.url);
    const setup = await signInThroughForm(browser, authorizeUrl(t, pool, { scope: 'openid', state: 's3' }), 'cy');
    expect(setup.status).toBe(200);
    expect(setup.text).toContain('Set up email codes');
    expect(setup.text).not.toContain('totp-secret');
    const invalid = await browser.submit(setup, 'mfa', { email: 'not-an-address' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('Enter a valid email address.');
    const step = await browser.submit(invalid, 'mfa', { email: 'cy@example.com' });
    expect(step.status).toBe(200);
    expect(step.text).toContain('We sent a code to c***@e***');
    expectCallback(await browser.submit(step, 'mfa', { code: (await t.latestCode(pool.poolId, 'cy'))! }));
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'cy' }));
    expect(user.UserAttributes).toContainEqual({ Name: 'email', Value: 'cy@example.com' });
    expect(user.PreferredMfaSetting).toBe('EMAIL_OTP');
  });

  it('sends an email code when the user prefers EMAIL_OTP', async () => {
    const pool = await oauthPool(t);
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.poolId, MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Code' } }));
    await confirmedUser(t, pool, 'bo', PASSWORD, { email: 'bo@example.com' });
    await t.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.poolId, Username: 'bo', EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const browser = new HttpBrowser(t.url);
    const step = await signInThroughForm(browser, authorizeUrl(t, pool, { scope: 'openid', state: 's2' }), 'bo');
    expect(step.status).toBe(200);
    expect(step.text).toContain('We sent a code to');
    const code = await t.latestCode(pool.poolId, 'bo');
    expectCallback(await browser.submit(step, 'mfa', { code: code! }));
  });
});
