// Managed login in chromium: on a domain with ManagedLoginVersion 2 the sign-up page links the
// client's terms and wears its branding style (colours, logo) in light and in dark mode; the
// admin console edits the style with a preview of both modes, and the Hosted UI follows. Screenshots
// go to test-results/screenshots/ and, with UPDATE_DOCS_IMAGES=1, to docs/images/.
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateManagedLoginBrandingCommand, CreateTermsCommand, UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SHOTS, signInToConsole, skipBrowserTests, startBrowserRig, type BrowserRig } from '../helpers/browser.js';
import { oauthPool, type OAuthPool } from '../oauth/support.js';
import { SVG } from '../api/branding-images.js';

const STYLE = {
  categories: { global: { colorSchemeMode: 'DYNAMIC' } },
  components: {
    pageBackground: { lightMode: { color: 'fdf1e6ff' }, darkMode: { color: '1b1030ff' } },
    form: { logo: { enabled: true }, borderRadius: 16, lightMode: { backgroundColor: 'ffffffff' }, darkMode: { backgroundColor: '2a1d45ff' } },
    primaryButton: { lightMode: { defaults: { backgroundColor: 'c2410cff', textColor: 'ffffffff' } }, darkMode: { defaults: { backgroundColor: 'f59e0bff', textColor: '1b1030ff' } } },
  },
};

describe.skipIf(skipBrowserTests)('managed login in a real browser', () => {
  let rig: BrowserRig;
  let pool: OAuthPool;

  beforeAll(async () => {
    rig = await startBrowserRig();
    const { t } = rig;
    pool = await oauthPool(t, { client: { CallbackURLs: [`${rig.app.origin}/callback`] } });
    await t.cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool.poolId, Domain: pool.prefix, ManagedLoginVersion: 2 }));
    await t.cognito.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: pool.poolId, ClientId: pool.clientId, Settings: STYLE,
      Assets: [{ Category: 'FORM_LOGO', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: SVG }],
    }));
    for (const [name, url] of [['terms-of-use', 'https://example.com/terms'], ['privacy-policy', 'https://example.com/privacy']]) {
      await t.cognito.send(new CreateTermsCommand({
        UserPoolId: pool.poolId, ClientId: pool.clientId, TermsName: name, TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': url },
      }));
    }
  });
  afterAll(async () => rig?.close());

  const signUpUrl = () => {
    const domain = `http://${pool.prefix}.auth.localhost:${new URL(rig.t.url).port}`;
    return `${domain}/signup?${new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: `${rig.app.origin}/callback`, scope: 'openid' })}`;
  };
  const background = (page: import('playwright-core').Page, selector: string) =>
    page.locator(selector).first().evaluate((e) => getComputedStyle(e).backgroundColor);

  it('shows the terms links and the style on the sign-up page, light and dark', async () => {
    const context = await rig.browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(signUpUrl());
    await expect(page.getByRole('link', { name: 'Terms of use' }).getAttribute('href')).resolves.toBe('https://example.com/terms');
    await expect(page.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).resolves.toBe('https://example.com/privacy');
    expect(await background(page, 'button[type=submit]')).toBe('rgb(194, 65, 12)');
    expect(await background(page, 'body')).toBe('rgb(253, 241, 230)');
    // The logo (an uploaded SVG) loads from the server.
    expect(await page.locator('img.logo-customizable').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(10);
    await page.screenshot({ path: `${SHOTS}/managed-login-sign-up-light.png`, fullPage: true });

    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background(page, 'button[type=submit]')).toBe('rgb(245, 158, 11)');
    expect(await background(page, 'body')).toBe('rgb(27, 16, 48)');
    await page.screenshot({ path: `${SHOTS}/managed-login-sign-up-dark.png`, fullPage: true });
    await context.close();
  });

  it('edits the style in the admin console with a preview of both modes, and the Hosted UI follows', async () => {
    const context = await rig.browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await signInToConsole(page, rig.t.url);
    await page.goto(`${rig.t.url}/admin/pools/${pool.poolId}/clients/${pool.clientId}`);
    await page.getByRole('link', { name: 'Branding' }).click();
    await page.getByText('its pages show this style').waitFor();
    const lightPreviewButton = '.ml-preview-light .ml-card button';
    expect(await background(page, lightPreviewButton)).toBe('rgb(194, 65, 12)');
    expect(await background(page, '.ml-preview-dark .ml-card button')).toBe('rgb(245, 158, 11)');

    // 1. Preview an unsaved colour: the preview changes, the Hosted UI does not.
    await page.getByLabel('Button (light)').fill('#15803d');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Preview of unsaved changes').waitFor();
    expect(await background(page, lightPreviewButton)).toBe('rgb(21, 128, 61)');
    await page.screenshot({ path: `${SHOTS}/managed-login-console.png`, fullPage: true });
    const hosted = await context.newPage();
    await hosted.goto(signUpUrl());
    expect(await background(hosted, 'button[type=submit]')).toBe('rgb(194, 65, 12)');

    // 2. Save: the Hosted UI takes it.
    await page.getByRole('button', { name: 'Save style' }).click();
    await page.getByText('Style saved.').waitFor();
    await hosted.reload();
    expect(await background(hosted, 'button[type=submit]')).toBe('rgb(21, 128, 61)');
    // Untouched members of the style (the logo) are kept.
    await expect(hosted.locator('img.logo-customizable').count()).resolves.toBe(1);

    // 3. The server refuses what the form's own limits would have stopped (here removed).
    await page.getByLabel('Corner radius (pixels)').evaluate((input) => input.removeAttribute('max'));
    await page.getByLabel('Corner radius (pixels)').fill('99');
    await page.getByRole('button', { name: 'Save style' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Corner radius must be a whole number');

    // 4. Delete the style after a confirmation: the Hosted UI shows managed login's own look.
    await page.getByRole('button', { name: 'Delete style' }).click();
    await page.getByText('Delete this branding style?').waitFor();
    await page.getByRole('button', { name: 'Delete style' }).click();
    await page.getByText('Style deleted.').waitFor();
    await hosted.reload();
    expect(await background(hosted, 'button[type=submit]')).toBe('rgb(9, 114, 211)');
    await context.close();

    if (process.env.UPDATE_DOCS_IMAGES === '1') {
      for (const name of ['managed-login-sign-up-light', 'managed-login-sign-up-dark', 'managed-login-console']) copyFileSync(`${SHOTS}/${name}.png`, `docs/images/${name}.png`);
    }
  });
});
