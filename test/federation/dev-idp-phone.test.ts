// The development provider's optional phone number: typed on its page (E.164 checked), it becomes
// the ID token's and userinfo's phone_number claim and is remembered with the identity; left
// empty, no phone_number claim at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { HttpBrowser } from '../oauth/support.js';

const CLIENT_ID = 'gatehouse-dev-idp';
const CLIENT_SECRET = 'dev-idp-test-secret';
const APP_CALLBACK = 'http://localhost:3000/callback';

describe('development identity provider: the phone number', () => {
  let t: TestServer;
  let config: oidc.Configuration;

  beforeAll(async () => {
    t = await startTestServer({ config: { devIdp: { enabled: true, clientSecret: CLIENT_SECRET, redirectUris: [APP_CALLBACK] } } });
    config = await oidc.discovery(new URL(`${t.url}/_dev-idp`), CLIENT_ID, CLIENT_SECRET, undefined, { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(() => t.close());

  async function authorization() {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: APP_CALLBACK, scope: 'openid email profile', state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    return { url: url.toString(), checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true } };
  }

  async function signIn(browser: HttpBrowser, person: Record<string, string>) {
    const request = await authorization();
    const page = await browser.request(request.url);
    const callback = await browser.submit(page, 'authorize', person);
    expect(callback.status, callback.text.slice(0, 300)).toBe(302);
    return oidc.authorizationCodeGrant(config, new URL(callback.location!), request.checks);
  }

  it('gives a typed phone number as phone_number in the ID token and userinfo, and remembers it', async () => {
    const browser = new HttpBrowser(t.url);
    const tokens = await signIn(browser, { name: 'Pat Phone', email: 'pat@example.com', phone_number: ' +15555550123 ' });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ email: 'pat@example.com', name: 'Pat Phone', phone_number: '+15555550123' });
    expect(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)).toEqual({
      sub: claims.sub, email: 'pat@example.com', email_verified: true, name: 'Pat Phone', phone_number: '+15555550123',
    });

    // The remembered identity carries the number: one click signs the same person in with it.
    const again = await authorization();
    const page = await browser.request(again.url);
    expect(page.text).toContain('Continue as Pat Phone (pat@example.com, +15555550123)');
    const callback = await browser.submit(page, 'authorize', {});
    const second = await oidc.authorizationCodeGrant(config, new URL(callback.location!), again.checks);
    expect(second.claims()).toMatchObject({ sub: claims.sub, phone_number: '+15555550123' });
  });

  it('gives no phone_number claim when none is typed', async () => {
    const tokens = await signIn(new HttpBrowser(t.url), { name: 'No Phone', email: 'nophone@example.com' });
    expect(tokens.claims()).not.toHaveProperty('phone_number');
    expect(await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).not.toHaveProperty('phone_number');
  });

  it('refuses a phone number not in E.164 form with the page again, the typed values kept', async () => {
    for (const phone of ['5555550123', '+0555550123', '+1 555 555 0123', '+123', '+1234567890123456']) {
      const request = await authorization();
      const browser = new HttpBrowser(t.url);
      const page = await browser.request(request.url);
      const answer = await browser.submit(page, 'authorize', { name: 'Bad Phone', email: 'bad@example.com', phone_number: phone });
      expect(answer.status, phone).toBe(400);
      expect(answer.text).toContain('Enter the phone number in E.164 form');
      expect(answer.text).toContain('value="bad@example.com"');
      expect(answer.location).toBeUndefined();
    }
  });
});
