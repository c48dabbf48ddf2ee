// The Hosted UI's own origin is a passkey origin of its pool. Here the pool's domain is served over
// plain http at <prefix>.auth.gatehouse.test, which the relying-party rule alone refuses (https, or
// http only on localhost): chromium is told to resolve it to this machine and to treat it as a
// secure context, the pool's RelyingPartyId is that host, and a passkey registered and used through
// the Hosted UI there is accepted. The same origin stays refused for another pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, skipBrowserTests, startAppServer, type AppServer } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser } from '../helpers/users.js';
import { oauthPool, PASSWORD, type OAuthPool } from '../oauth/support.js';
import { acceptsOrigin, isAllowedOrigin } from '../../src/domain/passkeys/relying-party.js';
import { freePort } from '../../apps/demo/quickstart/free-port.js';
import { CHOICE_FLOWS, exchange, withAuthenticator } from './hosted-ui-support.js';

const BASE_DOMAIN = 'auth.gatehouse.test';

describe.skipIf(skipBrowserTests)('Hosted UI origin as a passkey origin', () => {
  let t: TestServer;
  let app: AppServer;
  let browser: Browser;
  let pool: OAuthPool;
  let other: OAuthPool;
  let origin: string;

  beforeAll(async () => {
    const port = await freePort('127.0.0.1');
    t = await startTestServer({ config: { server: { port, publicUrl: `http://localhost:${port}` }, hostedUi: { baseDomain: BASE_DOMAIN } } });
    app = await startAppServer();
    const client = { ExplicitAuthFlows: [...CHOICE_FLOWS], CallbackURLs: [`${app.origin}/callback`] };
    const policy = { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } } as never;
    pool = await oauthPool(t, { pool: policy, client });
    other = await oauthPool(t, { pool: policy, client });
    origin = `http://${pool.prefix}.${BASE_DOMAIN}:${port}`;
    for (const target of [pool, other]) {
      await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: target.poolId, WebAuthnConfiguration: { RelyingPartyId: `${pool.prefix}.${BASE_DOMAIN}` } }));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
        `--host-resolver-rules=MAP *.${BASE_DOMAIN} 127.0.0.1`, `--unsafely-treat-insecure-origin-as-secure=${origin}`,
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('accepts the pool\'s own Hosted UI origin over http, and only for that pool', async () => {
    const deps = t.server.deps;
    const rpId = `${pool.prefix}.${BASE_DOMAIN}`;
    // The rule alone refuses plain http off localhost; the pool's Hosted UI origin is added, for it alone.
    expect(isAllowedOrigin(origin, rpId)).toBe(false);
    expect(await acceptsOrigin(deps, (await deps.store.pools.find(pool.poolId))!, origin, rpId)).toBe(true);
    expect(await acceptsOrigin(deps, (await deps.store.pools.find(other.poolId))!, origin, rpId)).toBe(false);
    expect(await acceptsOrigin(deps, (await deps.store.pools.find(pool.poolId))!, `http://evil.${BASE_DOMAIN}:${new URL(origin).port}`, rpId)).toBe(false);

    await confirmedUser(t, pool, 'ana', PASSWORD, { email: 'ana@example.com' });
    const { context, page } = await withAuthenticator(browser);
    const authorize = (extra: Record<string, string> = {}) => `${origin}/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: pool.clientId, redirect_uri: `${app.origin}/callback`, scope: 'openid', state: 'st', ...extra,
    })}`;
    const signInAs = async (extra: Record<string, string> = {}) => {
      await page.goto(authorize(extra));
      await page.getByLabel('Username').fill('ana');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Choose how to sign in.').waitFor();
    };
    const callback = async () => {
      await page.waitForURL((url) => url.href.startsWith(`${app.origin}/callback`));
      return new URL(page.url()).searchParams.get('code')!;
    };

    // Registered through the offer after the password, then used to sign in, both on that origin.
    await signInAs();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Register a passkey' }).click();
    await callback();
    await signInAs({ prompt: 'login' });
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('button', { name: 'Use my passkey' }).click();
    expect((await exchange({ t, app }, pool, await callback())).claims['cognito:username']).toBe('ana');
    await context.close();
  });
});
