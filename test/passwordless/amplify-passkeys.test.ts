// Amplify v6 with passkeys in Debian's chromium (virtual authenticator): a web app on a localhost
// origin signs in with a password, registers a passkey with associateWebAuthnCredential, signs out,
// and signs in again with signIn USER_AUTH / preferredChallenge WEB_AUTHN, Amplify answering the
// WEB_AUTHN challenge itself with navigator.credentials.get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminGetUserAuthFactorsCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, skipBrowserTests, startAppServer, type AppServer } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser } from '../helpers/users.js';
import { claimsOf } from '../helpers/tokens.js';
import { loadAmplify } from '../helpers/amplify-browser.js';
import { authenticatorTab } from '../helpers/webauthn.js';
import { freePort } from '../../apps/demo/quickstart/free-port.js';

const PASSWORD = 'Passw0rd!Amplify';

describe.skipIf(skipBrowserTests)('Amplify v6 passkeys in chromium', () => {
  let t: TestServer;
  let app: AppServer;
  let browser: Browser;
  const tabs: BrowserContext[] = [];

  beforeAll(async () => {
    const port = await freePort('127.0.0.1');
    t = await startTestServer({ config: { server: { port, publicUrl: `http://localhost:${port}` } } });
    app = await startAppServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of tabs) await context.close();
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('registers a passkey with associateWebAuthnCredential and signs in with it through signIn USER_AUTH WEB_AUTHN', async () => {
    const client = await t.fixtures.poolWithClient(
      { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
      { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    );
    await adminCreatedUser(t, client.poolId, 'amy', PASSWORD);
    const { context, page, cdp, authenticatorId } = await authenticatorTab(browser, app.origin);
    tabs.push(context);
    await loadAmplify(page, client, t.url);

    const withPassword = await page.evaluate(async ([username, password]) => {
      const { signIn } = (window as any).amplify;
      return (await signIn({ username, password })).nextStep.signInStep;
    }, ['amy', PASSWORD] as const);
    expect(withPassword).toBe('DONE');
    await page.evaluate(async () => {
      const { associateWebAuthnCredential, signOut } = (window as any).amplify;
      await associateWebAuthnCredential();
      await signOut();
    });
    const factors = await t.cognito.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: client.poolId, Username: 'amy' }));
    expect(factors.ConfiguredUserAuthFactors).toEqual(['PASSWORD', 'WEB_AUTHN']);

    const withPasskey = await page.evaluate(async (username) => {
      const { fetchAuthSession, signIn } = (window as any).amplify;
      const result = await signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });
      const session = await fetchAuthSession();
      return { signedIn: result.isSignedIn, step: result.nextStep.signInStep, idToken: String(session.tokens?.idToken ?? '') };
    }, 'amy');
    expect(withPasskey).toMatchObject({ signedIn: true, step: 'DONE' });
    expect(claimsOf(withPasskey.idToken)).toMatchObject({ 'cognito:username': 'amy', token_use: 'id' });
    // The authenticator was used for the sign-in: its signature counter moved.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].signCount).toBeGreaterThan(0);
  });
});
