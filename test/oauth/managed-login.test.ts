// The Hosted UI under managed login (a domain with ManagedLoginVersion 2), over HTTP: the client's
// branding style replaces SetUICustomization, the sign-up page links the client's terms, and the
// style's images are served with their type and safe headers. Version 1 stays the classic look.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateManagedLoginBrandingCommand, CreateTermsCommand, SetUICustomizationCommand, UpdateManagedLoginBrandingCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { HttpBrowser, oauthPool, authorizeUrl, type OAuthPool } from './support.js';
import { PNG, SVG } from '../api/branding-images.js';

const CLASSIC_CSS = '.submitButton-customizable{background-color:#123456}';
const STYLE = {
  categories: { global: { colorSchemeMode: 'DYNAMIC' } },
  components: {
    primaryButton: { lightMode: { defaults: { backgroundColor: 'aa2200ff', textColor: 'ffffffff' } }, darkMode: { defaults: { backgroundColor: '33cc99ff' } } },
    form: { logo: { enabled: true } },
  },
};

describe('managed login pages', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const useVersion = (pool: OAuthPool, version: 1 | 2) =>
    t.cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool.poolId, Domain: pool.prefix, ManagedLoginVersion: version }));

  async function brandedPool(version: 1 | 2): Promise<OAuthPool> {
    const pool = await oauthPool(t);
    await useVersion(pool, version);
    await t.cognito.send(new SetUICustomizationCommand({ UserPoolId: pool.poolId, ClientId: pool.clientId, CSS: CLASSIC_CSS }));
    await t.cognito.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: pool.poolId, ClientId: pool.clientId, Settings: STYLE,
      Assets: [
        { Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }, { Category: 'FORM_LOGO', ColorMode: 'DARK', Extension: 'SVG', Bytes: SVG },
        { Category: 'FAVICON_SVG', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: SVG },
      ],
    }));
    for (const [name, url] of [['terms-of-use', 'https://example.com/terms'], ['privacy-policy', 'https://example.com/privacy']]) {
      await t.cognito.send(new CreateTermsCommand({
        UserPoolId: pool.poolId, ClientId: pool.clientId, TermsName: name, TermsSource: 'LINK', Enforcement: 'NONE',
        Links: { 'cognito:default': url, 'cognito:french': `${url}/fr` },
      }));
    }
    return pool;
  }

  const page = async (pool: OAuthPool, path: 'login' | 'signup', headers: Record<string, string> = {}) => {
    const browser = new HttpBrowser(t.url);
    const url = authorizeUrl(t, pool, { scope: 'openid' }).replace('/oauth2/authorize', `/${path}`);
    return browser.request(url, { headers });
  };

  it('on a version 2 domain shows the client\'s style (light, and dark when the browser prefers it) instead of the classic CSS', async () => {
    const pool = await brandedPool(2);
    const login = await page(pool, 'login');
    expect(login.status).toBe(200);
    expect(login.text).not.toContain('#123456');
    expect(login.text).toMatch(/main button\{background-color:#aa2200ff;color:#ffffffff\}/);
    expect(login.text).toMatch(/@media \(prefers-color-scheme: dark\)\{[^]*main button\{background-color:#33cc99ff/);
    // The form logo in both modes.
    expect(login.text).toMatch(new RegExp(`<source media="\\(prefers-color-scheme: dark\\)" srcset="/${pool.poolId}/managed-login/assets/`));
    expect(login.text).toMatch(new RegExp(`<img class="logo-customizable" src="/${pool.poolId}/managed-login/assets/`));
    expect(login.text).toMatch(new RegExp(`<link rel="icon" type="image/svg\\+xml" href="/${pool.poolId}/managed-login/assets/`));
  });

  it('on a version 1 domain keeps the classic Hosted UI: SetUICustomization, no style, no terms', async () => {
    const pool = await brandedPool(1);
    const login = await page(pool, 'login');
    expect(login.text).toContain('#123456');
    expect(login.text).not.toContain('aa2200ff');
    expect((await page(pool, 'signup')).text).not.toContain('Terms of use');
  });

  it('links the terms on the sign-up page in the browser\'s language, falling back to cognito:default, and only when both documents exist', async () => {
    const pool = await brandedPool(2);
    const english = await page(pool, 'signup', { 'accept-language': 'en-GB,en;q=0.8' });
    expect(english.text).toContain('By signing up, you agree to the <a href="https://example.com/terms"');
    expect(english.text).toContain('<a href="https://example.com/privacy"');
    const french = await page(pool, 'signup', { 'accept-language': 'fr-CA,fr;q=0.9' });
    expect(french.text).toContain('href="https://example.com/terms/fr"');
    // The sign-in page shows no terms (Cognito links them on sign-up).
    expect((await page(pool, 'login')).text).not.toContain('Terms of use');

    const half = await oauthPool(t);
    await useVersion(half, 2);
    await t.cognito.send(new CreateTermsCommand({
      UserPoolId: half.poolId, ClientId: half.clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': 'https://example.com/t' },
    }));
    expect((await page(half, 'signup')).text).not.toContain('Terms of use');
  });

  it('serves the style\'s images with their content type, no sniffing, and a sandboxing CSP; an unknown one is a 404', async () => {
    const pool = await brandedPool(2);
    const login = await page(pool, 'login');
    const light = /<img class="logo-customizable" src="([^"]+)"/.exec(login.text)![1].replace(/&amp;/g, '&');
    const dark = /srcset="([^"]+)"/.exec(login.text)![1].replace(/&amp;/g, '&');
    const png = await fetch(`${t.url}${light}`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer())).toEqual(PNG);
    const svg = await fetch(`${t.url}${dark}`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('x-content-type-options')).toBe('nosniff');
    expect(svg.headers.get('content-security-policy')).toContain('sandbox');
    expect(svg.headers.get('content-security-policy')).toContain("default-src 'none'");
    const missing = await fetch(`${t.url}/${pool.poolId}/managed-login/assets/1b2c3d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d/nope`);
    expect(missing.status).toBe(404);
  });

  it('a client without a style shows managed login\'s own look; a style reset to Cognito\'s values drops its colours', async () => {
    const pool = await oauthPool(t);
    await useVersion(pool, 2);
    const plain = await page(pool, 'login');
    expect(plain.text).toMatch(/main button\{background-color:#0972d3ff/);
    const { ManagedLoginBranding: style } = await t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: pool.poolId, ClientId: pool.clientId, Settings: STYLE }));
    expect((await page(pool, 'login')).text).toContain('#aa2200ff');
    await t.cognito.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: pool.poolId, ManagedLoginBrandingId: style!.ManagedLoginBrandingId, UseCognitoProvidedValues: true }));
    const reset = await page(pool, 'login');
    expect(reset.text).not.toContain('#aa2200ff');
    expect(reset.text).toMatch(/main button\{background-color:#0972d3ff/);
  });
});
