// The quick start with the development identity provider, as a user runs it: `npm run demo` as a
// process on free ports, then in chromium "Continue with DevIdP" on the Hosted UI, a name, an email
// and a phone number on the provider's page, the demo's secure page showing the email and phone
// number (GetUser on the federated user), sign-out, and the next visit asking again.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SHOTS, launchChromium, skipBrowserTests } from '../helpers/browser.js';
import { ADMIN_KEY } from '../helpers/server.js';
import { createTestDatabase, testDatabaseUrl } from '../helpers/postgres.js';
import { startNodeProcess } from '../helpers/process.js';
import { demoDeclarations } from '../../apps/demo/quickstart/declarations.js';

const QUICKSTART = fileURLToPath(new URL('../../apps/demo/quickstart/main.ts', import.meta.url));

describe("the demo pool's DevIdP declaration", () => {
  it('follows the Gatehouse it is applied to, and is dropped with the client\'s mention of it when the provider is off', () => {
    const on = demoDeclarations('http://localhost:4000', { gatehouseUrl: 'http://127.0.0.1:4001' }).pools![0];
    expect(on.IdentityProviders!.map((p) => [p.ProviderName, p.ProviderDetails.oidc_issuer])).toEqual([['DevIdP', 'http://127.0.0.1:4001/_dev-idp']]);
    expect(on.Clients![0].SupportedIdentityProviders).toEqual(['COGNITO', 'DevIdP']);
    const off = demoDeclarations('http://localhost:4000').pools![0];
    expect(off.IdentityProviders).toEqual([]);
    expect(off.Clients![0].SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(off.Clients![0].CallbackURLs).toEqual(['http://localhost:4000/callback']);
  });
});

describe.skipIf(skipBrowserTests)('npm run demo with the development identity provider', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-demo-devidp-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The Hosted UI's sign-in page, reached from the demo's "Sign in". */
  async function hostedUiFrom(page: Page, appUrl: string) {
    await page.goto(`${appUrl}/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/\/login$/);
  }

  it('signs a DevIdP user in to the secure page with email and phone, signs out, and asks again', { timeout: 180_000 }, async () => {
    if (testDatabaseUrl) database = await createTestDatabase();
    mkdirSync(SHOTS, { recursive: true });
    const demo = await startNodeProcess('the demo', ['--import', 'tsx', QUICKSTART], {
      GATEHOUSE_PORT: '0', DEMO_PORT: '0', GATEHOUSE_DATA_DIR: dataDir, DATABASE_URL: database?.url,
      GATEHOUSE_ADMIN_ACCESS_KEY_ID: ADMIN_KEY.accessKeyId, GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: ADMIN_KEY.secretAccessKey,
    }, /Open (http:\/\/localhost:\d+)\//);
    const browser = await launchChromium();
    try {
      const appUrl = demo.ready[1];
      const gatehouseUrl = /Gatehouse on (http:\/\/\S+)/.exec(demo.output())![1];
      const poolId = /pool (\S+), client/.exec(demo.output())![1];
      expect(demo.output()).toContain('or with "Continue with DevIdP"');
      const page = await (await browser.newContext()).newPage();

      // The Hosted UI offers the provider beside the password form; its page asks who signs in.
      await hostedUiFrom(page, appUrl);
      await page.screenshot({ path: `${SHOTS}/demo-devidp-01-hosted-ui.png`, fullPage: true });
      await page.getByRole('link', { name: 'Continue with DevIdP' }).click();
      await page.getByLabel('Phone number (optional)').waitFor();
      expect(page.url().startsWith(`${gatehouseUrl}/_dev-idp/authorize?`)).toBe(true);
      await page.getByLabel('Name').fill('Dana Dev');
      await page.getByLabel('Email', { exact: true }).fill('dana@example.com');
      await page.getByLabel('Phone number (optional)').fill('+15555550177');
      await page.screenshot({ path: `${SHOTS}/demo-devidp-02-provider-page.png`, fullPage: true });
      await page.getByRole('button', { name: 'Sign in' }).click();

      await page.waitForURL(`${appUrl}/secure`);
      expect(await page.locator('#email').textContent()).toBe('dana@example.com');
      expect(await page.locator('#phone').textContent()).toBe('+15555550177');
      await page.screenshot({ path: `${SHOTS}/demo-devidp-03-secure-page.png`, fullPage: true });

      // A federated user of the demo pool, as Cognito makes one.
      const cognito = new CognitoIdentityProviderClient({ endpoint: gatehouseUrl, region: 'us-east-1', credentials: { ...ADMIN_KEY }, maxAttempts: 1 });
      const claims = await page.locator('body').textContent();
      const username = /DevIdP_[0-9a-f-]{36}/.exec(claims ?? '')?.[0];
      expect(username).toBeDefined();
      const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
      cognito.destroy();
      expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
      expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email', Value: 'dana@example.com' }, { Name: 'phone_number', Value: '+15555550177' }]));

      // Sign out ends the Gatehouse session: the secure page is gone, and the next visit asks again.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${appUrl}/`);
      expect((await page.goto(`${appUrl}/secure`))?.status()).toBe(401);
      await hostedUiFrom(page, appUrl);
      await page.getByRole('link', { name: 'Continue with DevIdP' }).click();
      // The provider remembers who signed in in this browser (its own convenience, not a session).
      await page.getByRole('button', { name: 'Continue as Dana Dev (dana@example.com, +15555550177)' }).click();
      await page.waitForURL(`${appUrl}/secure`);
      expect(await page.locator('#phone').textContent()).toBe('+15555550177');
    } finally {
      await browser.close();
      expect(await demo.stop()).toBe(0);
    }
  });
});
