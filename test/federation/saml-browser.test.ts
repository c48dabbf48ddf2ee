// SAML sign-in in a real browser: chromium goes from the Hosted UI's provider button to the test IdP's page
// (served on 127.0.0.1 from test/federation/saml-idp.ts), which posts the signed response back to the
// pool's /saml2/idpresponse (POST binding), and lands at the app with a code. The Hosted UI session
// it starts then signs the browser in again without the IdP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SHOTS, skipBrowserTests, startBrowserRig, type BrowserRig } from '../helpers/browser.js';
import { claimsOf } from '../helpers/tokens.js';
import { buildResponse, createTestIdp, readAuthnRequest, type TestIdp } from './saml-idp.js';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The IdP's pages: a sign-in form for the AuthnRequest, then the POST-binding form to the SP. */
function startIdpServer(idpOf: () => TestIdp): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://idp');
    response.setHeader('content-type', 'text/html; charset=utf-8');
    if (request.method === 'GET' && url.pathname === '/sso') {
      const authn = readAuthnRequest(`${idpOf().ssoUrl}${url.search}`);
      const hidden = { request: authn.id, acs: authn.acsUrl, audience: authn.issuer, relay: authn.relayState };
      response.end(`<!doctype html><title>Test IdP</title><form method="post" action="/sso/login">`
        + Object.entries(hidden).map(([n, v]) => `<input type="hidden" name="${n}" value="${escapeHtml(v)}">`).join('')
        + `<label>Email <input name="email"></label><button>Sign in</button></form>`);
      return;
    }
    if (request.method === 'POST' && url.pathname === '/sso/login') {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', async () => {
        const form = new URLSearchParams(body);
        const email = form.get('email')!;
        const samlResponse = await buildResponse(idpOf(), {
          acsUrl: form.get('acs')!, audience: form.get('audience')!, inResponseTo: form.get('request')!, nameId: email,
          attributes: { email, displayName: 'Browser User' },
        });
        response.end(`<!doctype html><title>Continue</title><form method="post" action="${escapeHtml(form.get('acs')!)}">`
          + `<input type="hidden" name="SAMLResponse" value="${samlResponse}"><input type="hidden" name="RelayState" value="${escapeHtml(form.get('relay')!)}">`
          + `<button>Continue</button></form>`);
      });
      return;
    }
    response.statusCode = 404;
    response.end('not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe.skipIf(skipBrowserTests)('SAML sign-in in chromium', () => {
  let rig: BrowserRig;
  let idp: TestIdp;
  let idpServer: Server;
  beforeAll(async () => {
    rig = await startBrowserRig();
    const started = await startIdpServer(() => idp);
    idpServer = started.server;
    idp = createTestIdp(`${started.origin}/metadata`, started.origin);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => idpServer?.close(() => resolve()));
    await rig?.close();
  });

  it('signs in through the IdP\'s pages and then from the Hosted UI session', async () => {
    const { t, app, browser } = rig;
    const poolId = await t.fixtures.pool();
    await t.cognito.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'SAML',
      ProviderDetails: { MetadataFile: idp.metadata, RequestSigningAlgorithm: 'rsa-sha256' },
      AttributeMapping: { email: 'email', name: 'displayName' },
    }));
    const callback = `${app.origin}/callback`;
    const { clientId } = await t.fixtures.client(poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [callback], SupportedIdentityProviders: ['COGNITO', 'Corp'],
    });
    const authorize = (extra: Record<string, string>) =>
      `${t.url}/${poolId}/oauth2/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: callback, response_type: 'code', scope: 'openid email profile', ...extra })}`;

    const page = await (await browser.newContext()).newPage();
    // 1. The Hosted UI's sign-in page offers the provider; its button sends the browser to the IdP.
    await page.goto(authorize({ state: 'one' }));
    await page.getByRole('link', { name: 'Continue with Corp' }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.ssoUrl), { timeout: 10_000 });
    // 2. The user signs in at the IdP; its page posts the response to the pool.
    await page.getByLabel('Email').fill('browser.user@example.com');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    // 3. The app receives its code.
    await page.waitForURL((url) => url.pathname === '/callback', { timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/saml-sign-in-callback.png` });
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe('one');
    const code = landed.searchParams.get('code')!;
    const tokens = await (await fetch(`${t.url}/${poolId}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: callback }),
    })).json();
    const claims = claimsOf(tokens.id_token);
    expect(claims['cognito:username']).toBe('Corp_browser.user@example.com');
    expect(claims.email).toBe('browser.user@example.com');
    // 4. The Hosted UI session signs the browser in again without the IdP.
    await page.goto(authorize({ state: 'two' }));
    await page.waitForURL((url) => url.pathname === '/callback', { timeout: 10_000 });
    expect(new URL(page.url()).searchParams.get('state')).toBe('two');
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
  });
});
