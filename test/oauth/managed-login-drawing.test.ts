// What a managed login style draws on the version-2 pages beyond colours, over HTTP: the page
// header and footer (logo at its location, background image, text), the identity-provider button
// icon, the factor graphics and the form's instructions (textContent). Every image is a URL of the
// pool's asset route; every text is escaped; what the style turns off, or a version-1 domain, shows none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AssetCategoryType, type AssetExtensionType, CreateIdentityProviderCommand, CreateManagedLoginBrandingCommand, UpdateManagedLoginBrandingCommand, UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser } from '../helpers/users.js';
import { CALLBACK, HttpBrowser, PASSWORD, authorizeUrl, type OAuthPool } from './support.js';
import { PNG, SVG } from '../api/branding-images.js';

const OIDC_DETAILS = {
  client_id: 'app', client_secret: 'secret', authorize_scopes: 'openid', attributes_request_method: 'GET', oidc_issuer: 'http://127.0.0.1:9/idp',
  authorize_url: 'http://127.0.0.1:9/a', token_url: 'http://127.0.0.1:9/t', attributes_url: 'http://127.0.0.1:9/u', jwks_uri: 'http://127.0.0.1:9/k',
};

const FRAMED_STYLE = {
  categories: {
    global: { pageHeader: { enabled: true }, pageFooter: { enabled: true } },
    form: { displayGraphics: true, instructions: { enabled: true } },
  },
  components: {
    pageHeader: { logo: { enabled: true, location: 'CENTER' }, backgroundImage: { enabled: true }, lightMode: { background: { color: '102030ff' }, borderColor: 'aabbccff' } },
    pageFooter: { logo: { enabled: true, location: 'END' }, lightMode: { background: { color: '304050ff' } } },
  },
  textContent: { pageHeader: 'Acme <Sign-in>', pageFooter: '© Acme & Co', instructions: 'Use your Acme account.' },
};

const asset = (Category: AssetCategoryType, Bytes: Uint8Array = SVG, Extension: AssetExtensionType = 'SVG') => ({ Category, ColorMode: 'LIGHT' as const, Extension, Bytes });

describe('managed login: header, footer, icons, graphics and texts', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function framedPool(): Promise<OAuthPool & { brandingId: string }> {
    const poolId = await t.fixtures.pool({
      Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
      AutoVerifiedAttributes: ['email'], Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
    });
    await t.cognito.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS }));
    const { clientId } = await t.fixtures.client(poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK],
      SupportedIdentityProviders: ['COGNITO', 'Corp'], ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const prefix = `gh-${poolId.split('_')[1].toLowerCase()}`;
    await t.server.deps.store.domains.insert({ domain: prefix, poolId, custom: false, config: {}, createdAt: Date.now() });
    const pool: OAuthPool = { poolId, clientId, prefix };
    await t.cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool.poolId, Domain: pool.prefix, ManagedLoginVersion: 2 }));
    const { ManagedLoginBranding } = await t.cognito.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: pool.poolId, ClientId: pool.clientId, Settings: FRAMED_STYLE,
      Assets: [
        asset('PAGE_HEADER_LOGO'), asset('PAGE_FOOTER_LOGO', PNG, 'PNG'), asset('PAGE_HEADER_BACKGROUND', PNG, 'PNG'),
        asset('IDP_BUTTON_ICON'), asset('EMAIL_GRAPHIC'), asset('PASSWORD_GRAPHIC'),
      ],
    }));
    return { ...pool, brandingId: ManagedLoginBranding!.ManagedLoginBrandingId! };
  }

  const loginPage = (pool: OAuthPool, browser = new HttpBrowser(t.url)) =>
    browser.request(authorizeUrl(t, pool, { scope: 'openid' }).replace('/oauth2/authorize', '/login'));
  const assetUrl = (pool: OAuthPool) => `/${pool.poolId}/managed-login/assets/`;

  it('draws the header and footer with their logos, locations, colours, background image and escaped texts', async () => {
    const pool = await framedPool();
    const { text, status } = await loginPage(pool);
    expect(status).toBe(200);
    const header = text.match(/<header class="page-header bar-CENTER">([^]*?)<\/header>/)?.[1];
    expect(header).toContain(`<img class="page-header-logo" src="${assetUrl(pool)}`);
    expect(header).toContain('<span>Acme &lt;Sign-in&gt;</span>');
    const footer = text.match(/<footer class="page-footer bar-END">([^]*?)<\/footer>/)?.[1];
    expect(footer).toContain(`<img class="page-footer-logo" src="${assetUrl(pool)}`);
    expect(footer).toContain('<span>© Acme &amp; Co</span>');
    expect(text).toMatch(new RegExp(`\\.page-header\\{background-color:#102030ff;border-bottom:1px solid #aabbccff;background-image:url\\("${assetUrl(pool)}[^"]+"\\)`));
    expect(text).toContain('.page-footer{background-color:#304050ff');
    expect(text).toContain('<body class="background-customizable framed">');
    expect(text).toContain('<p class="instructions textDescription-customizable">Use your Acme account.</p>');
    // Each drawn image is served by the pool's asset route.
    const logo = text.match(/<img class="page-footer-logo" src="([^"]+)"/)![1].replace(/&amp;/g, '&');
    const served = await fetch(`${t.url}${logo}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
  });

  it('puts the style\'s icon on the buttons of OIDC and SAML providers', async () => {
    const pool = await framedPool();
    const { text } = await loginPage(pool);
    expect(text).toMatch(new RegExp(`<a class="idpButton-customizable" href="[^"]+"><img class="idp-icon" src="${assetUrl(pool)}[^"]+" alt="">Continue with Corp</a>`));
  });

  it('shows the factor graphics beside the sign-in choices', async () => {
    const pool = await framedPool();
    await confirmedUser(t, pool, 'gina', PASSWORD, { email: 'gina@example.com' });
    const browser = new HttpBrowser(t.url);
    const first = await loginPage(pool, browser);
    const choices = await browser.submit(first, 'login', { username: 'gina' });
    expect(choices.text).toContain('Email me a code');
    expect(choices.text).toMatch(new RegExp(`<img class="factor-graphic factor-graphic-email" src="${assetUrl(pool)}`));
    expect(choices.text).toMatch(new RegExp(`<img class="factor-graphic factor-graphic-password" src="${assetUrl(pool)}`));
    expect(choices.text).not.toContain('factor-graphic-sms');
  });

  it('keeps Settings values out of the markup: an unknown logo location is START, texts stay text', async () => {
    const pool = await framedPool();
    await t.cognito.send(new UpdateManagedLoginBrandingCommand({
      UserPoolId: pool.poolId, ManagedLoginBrandingId: pool.brandingId,
      Settings: { components: { pageFooter: { logo: { location: '"><b>bold</b>' } } }, textContent: { pageHeader: '<img src=x onerror=alert(1)>' } },
    }));
    const { text } = await loginPage(pool);
    expect(text).toContain('<footer class="page-footer bar-START">');
    expect(text).not.toContain('<b>bold</b>');
    expect(text).toContain('<span>&lt;img src=x onerror=alert(1)&gt;</span>');
    expect(text).not.toContain('<img src=x');
  });

  it('draws none of it when the style turns it off, and nothing of the style on a version 1 domain', async () => {
    const pool = await framedPool();
    await t.cognito.send(new UpdateManagedLoginBrandingCommand({
      UserPoolId: pool.poolId, ManagedLoginBrandingId: pool.brandingId,
      Settings: {
        categories: { global: { pageHeader: { enabled: false } }, form: { instructions: { enabled: false } } },
        components: { pageFooter: { logo: { enabled: false } } }, componentClasses: { idpButtons: { icons: { enabled: false } } },
      },
    }));
    const off = (await loginPage(pool)).text;
    expect(off).not.toContain('<header');
    expect(off).not.toContain('page-footer-logo');
    expect(off).toContain('<footer class="page-footer bar-END"><span>© Acme &amp; Co</span></footer>');
    expect(off).not.toContain('class="idp-icon"');
    expect(off).not.toContain('Use your Acme account.');

    await t.cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool.poolId, Domain: pool.prefix, ManagedLoginVersion: 1 }));
    const classic = (await loginPage(pool)).text;
    expect(classic).not.toContain('<footer');
    expect(classic).not.toContain('Acme');
    expect(classic).not.toContain('managed-login/assets');
  });
});
