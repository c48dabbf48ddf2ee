// Managed login's header, footer, identity-provider icon and texts in chromium: a style with a page
// header (logo, background colour, text), a footer (logo, text), an icon for the pool's OIDC
// provider and the form's instructions shows them all on the sign-in page, every image loaded from
// the pool's domain; an image uploaded in the admin console shows there too. Screenshots go to test-results/screenshots/ and, with UPDATE_DOCS_IMAGES=1,
// to docs/images/.
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateIdentityProviderCommand, CreateManagedLoginBrandingCommand, DescribeManagedLoginBrandingByClientCommand, UpdateManagedLoginBrandingCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { SHOTS, signInToConsole, skipBrowserTests, startBrowserRig, type BrowserRig } from '../helpers/browser.js';
import { SVG } from '../api/branding-images.js';

const STYLE = {
  categories: {
    global: { colorSchemeMode: 'LIGHT', pageHeader: { enabled: true }, pageFooter: { enabled: true } },
    form: { instructions: { enabled: true } },
  },
  components: {
    pageBackground: { lightMode: { color: 'eef2f7ff' } },
    pageHeader: { logo: { enabled: true, location: 'START' }, lightMode: { background: { color: 'dbe4f5ff' }, borderColor: '1e3a8aff' } },
    pageFooter: { logo: { enabled: true, location: 'CENTER' }, lightMode: { background: { color: 'ffffffff' } } },
    primaryButton: { lightMode: { defaults: { backgroundColor: '1e3a8aff', textColor: 'ffffffff' } } },
  },
  textContent: { pageHeader: 'Acme Corp', pageFooter: '© Acme Corp · Help: help@acme.example', instructions: 'Sign in with your Acme account or your company\'s.' },
};
const OIDC_DETAILS = {
  client_id: 'app', client_secret: 'secret', authorize_scopes: 'openid', attributes_request_method: 'GET', oidc_issuer: 'http://127.0.0.1:9/idp',
  authorize_url: 'http://127.0.0.1:9/a', token_url: 'http://127.0.0.1:9/t', attributes_url: 'http://127.0.0.1:9/u', jwks_uri: 'http://127.0.0.1:9/k',
};

describe.skipIf(skipBrowserTests)('managed login header, footer, icons and texts in a real browser', () => {
  let rig: BrowserRig;
  let signInUrl: string;
  let ids: { poolId: string; clientId: string };

  beforeAll(async () => {
    rig = await startBrowserRig();
    const { t } = rig;
    const poolId = await t.fixtures.pool({ PoolName: 'Acme' });
    await t.cognito.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'AcmeSSO', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS }));
    const { clientId } = await t.fixtures.client(poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'],
      CallbackURLs: [`${rig.app.origin}/callback`], SupportedIdentityProviders: ['COGNITO', 'AcmeSSO'],
    });
    const prefix = `gh-${poolId.split('_')[1].toLowerCase()}`;
    await t.server.deps.store.domains.insert({ domain: prefix, poolId, custom: false, config: {}, createdAt: Date.now() });
    await t.cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix, ManagedLoginVersion: 2 }));
    await t.cognito.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: poolId, ClientId: clientId, Settings: STYLE,
      Assets: (['PAGE_HEADER_LOGO', 'PAGE_FOOTER_LOGO', 'IDP_BUTTON_ICON'] as const).map((Category) => ({ Category, ColorMode: 'LIGHT', Extension: 'SVG', Bytes: SVG })),
    }));
    ids = { poolId, clientId };
    const domain = `http://${prefix}.auth.localhost:${new URL(t.url).port}`;
    signInUrl = `${domain}/login?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: `${rig.app.origin}/callback`, scope: 'openid' })}`;
  });
  afterAll(async () => rig?.close());

  /** The width the browser gave an image once loaded (0 when it did not load). */
  const loadedWidth = (page: Page, selector: string) => page.locator(selector).evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
  const background = (page: Page, selector: string) => page.locator(selector).evaluate((e) => getComputedStyle(e).backgroundColor);

  it('shows the header logo and text, the footer, the provider button icon and the instructions on the sign-in page', async () => {
    const context = await rig.browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(signInUrl);
    const header = page.getByRole('banner');
    await expect(header.textContent()).resolves.toBe('Acme Corp');
    expect(await loadedWidth(page, 'header img.page-header-logo')).toBe(10);
    expect(await background(page, 'header')).toBe('rgb(219, 228, 245)');
    const footer = page.getByRole('contentinfo');
    await expect(footer.textContent()).resolves.toBe('© Acme Corp · Help: help@acme.example');
    expect(await loadedWidth(page, 'footer img.page-footer-logo')).toBe(10);
    // The header sits above the form, the footer below it.
    const [top, form, bottom] = await Promise.all(['header', 'main', 'footer'].map((s) => page.locator(s).boundingBox()));
    expect(top!.y + top!.height).toBeLessThanOrEqual(form!.y);
    expect(form!.y + form!.height).toBeLessThanOrEqual(bottom!.y);
    const button = page.getByRole('link', { name: 'Continue with AcmeSSO' });
    expect(await button.locator('img.idp-icon').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(10);
    await expect(page.locator('main .instructions').textContent()).resolves.toBe('Sign in with your Acme account or your company\'s.');
    await page.screenshot({ path: `${SHOTS}/managed-login-sign-in-frame.png`, fullPage: true });
    await context.close();
    if (process.env.UPDATE_DOCS_IMAGES === '1') copyFileSync(`${SHOTS}/managed-login-sign-in-frame.png`, 'docs/images/managed-login-sign-in-frame.png');
  });

  it('uploads a form logo from the console\'s Branding page, and the sign-in page shows it', async () => {
    const context = await rig.browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await signInToConsole(page, rig.t.url);
    await page.goto(`${rig.t.url}/admin/pools/${ids.poolId}/clients/${ids.clientId}/branding`);
    await page.getByLabel('Used as').selectOption('FORM_LOGO');
    await page.getByLabel('Colour mode').selectOption('DYNAMIC');
    await page.getByLabel('Image file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(SVG) });
    await page.getByRole('button', { name: 'Upload image' }).click();
    await page.getByText('Image uploaded.').waitFor();
    expect(await page.locator('table').last().textContent()).toContain('Form logo');
    await page.screenshot({ path: `${SHOTS}/managed-login-console-images.png`, fullPage: true });

    // The style shows the form logo once it is turned on (the Settings member stays the API's).
    await rig.t.cognito.send(new UpdateManagedLoginBrandingCommand({
      UserPoolId: ids.poolId, ManagedLoginBrandingId: (await rig.t.cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: ids.poolId, ClientId: ids.clientId }))).ManagedLoginBranding!.ManagedLoginBrandingId!,
      Settings: { components: { form: { logo: { enabled: true } } } },
    }));
    const hosted = await context.newPage();
    await hosted.goto(signInUrl);
    expect(await loadedWidth(hosted, 'main img.logo-customizable')).toBe(10);
    await expect(hosted.getByRole('banner').textContent()).resolves.toBe('Acme Corp');
    await context.close();
    if (process.env.UPDATE_DOCS_IMAGES === '1') copyFileSync(`${SHOTS}/managed-login-console-images.png`, 'docs/images/managed-login-console-images.png');
  });
});
