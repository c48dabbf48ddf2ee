// "Sign in with DevIdP" end to end: a pool registers the development identity provider with
// CreateIdentityProvider like any OIDC provider, and the app (openid-client) signs a person in
// through the Hosted UI and the provider's page, over HTTP and in chromium, with no other server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { launchChromium, SHOTS, skipBrowserTests, startAppServer, type AppServer } from '../helpers/browser.js';
import { HttpBrowser } from '../oauth/support.js';
import { registerDevIdp } from './dev-idp-provider.js';

describe('signing in with the development identity provider through the Hosted UI', () => {
  let t: TestServer;
  let app: AppServer;
  let poolId: string;
  let config: oidc.Configuration;
  let callback: string;

  beforeAll(async () => {
    app = await startAppServer();
    callback = `${app.origin}/callback`;
    t = await startTestServer({ config: { devIdp: { enabled: true } } });
    poolId = await t.fixtures.pool({ Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }] });
    await registerDevIdp(t, poolId);
    const { clientId, clientSecret } = await t.fixtures.client(poolId, {
      GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [callback], SupportedIdentityProviders: ['COGNITO', 'DevIdP'],
    });
    config = await oidc.discovery(new URL(`${t.url}/${poolId}`), clientId, clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(async () => {
    await t?.close();
    await app?.close();
  });

  async function appRequest(extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callback, scope: 'openid email profile', state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
    });
    return { url: url.toString(), verifier, state, nonce };
  }

  /** identity_provider=DevIdP straight to its page, the person typed there, and back to the app. */
  async function signInOverHttp(person: { name: string; email: string }) {
    const request = await appRequest({ identity_provider: 'DevIdP' });
    const browser = new HttpBrowser(t.url);
    const page = await browser.follow(request.url);
    expect(new URL(page.url).pathname).toBe('/_dev-idp/authorize');
    const back = await browser.submit(page, 'authorize', person);
    expect(back.location, back.text.slice(0, 500)).toMatch(new RegExp(`^${callback}\\?code=`));
    return oidc.authorizationCodeGrant(config, new URL(back.location!), { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
  }

  it('makes the person a federated user of the pool, with the identities claim and the provider group', async () => {
    const tokens = await signInOverHttp({ name: 'Gil Dev', email: 'gil@example.com' });
    const claims = tokens.claims()!;
    const devSub = (claims.identities as Array<{ userId: string }>)[0].userId;
    expect(claims).toMatchObject({ email: 'gil@example.com', name: 'Gil Dev', 'cognito:username': `DevIdP_${devSub}` });
    expect(claims.identities).toEqual([expect.objectContaining({ providerName: 'DevIdP', providerType: 'OIDC', userId: devSub, primary: 'true' })]);
    expect(claims['cognito:groups']).toContain(`${poolId}_DevIdP`);
    expect(claimsOf(tokens.access_token).username).toBe(`DevIdP_${devSub}`);
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: `DevIdP_${devSub}` }));
    expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email', Value: 'gil@example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'name', Value: 'Gil Dev' }]));

    // The same email again, under another name: the same user, its mapped name updated.
    const again = (await signInOverHttp({ name: 'Gil Renamed', email: 'GIL@example.com' })).claims()!;
    expect(again.sub).toBe(claims.sub);
    expect(again.name).toBe('Gil Renamed');
  });

  it.skipIf(skipBrowserTests)('signs in from the Hosted UI\'s "Continue with DevIdP" button in chromium', { timeout: 60_000 }, async () => {
    const request = await appRequest();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(request.url);
      await page.getByRole('link', { name: 'Continue with DevIdP' }).click();
      await page.waitForURL(`${t.url}/_dev-idp/authorize?**`);
      await page.getByLabel('Name', { exact: true }).fill('Hana Browser');
      await page.getByLabel('Email', { exact: true }).fill('hana@example.com');
      await page.screenshot({ path: `${SHOTS}/dev-idp-hosted-ui.png` });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${callback}?**`);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });
      expect(tokens.claims()).toMatchObject({ email: 'hana@example.com', name: 'Hana Browser' });
      expect(String(tokens.claims()!['cognito:username'])).toMatch(/^DevIdP_/);
    } finally {
      await browser.close();
    }
  });
});
