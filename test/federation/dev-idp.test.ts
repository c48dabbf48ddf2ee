// The development identity provider at /_dev-idp: a real OpenID Connect provider that openid-client
// (the app's library) completes the authorization code flow against, with PKCE, state and nonce,
// its form driven over HTTP (CSRF token included) and in chromium; its discovery and JWKS verify
// the ID token; what it refuses (wrong secret, spent or expired code, foreign redirect URI); off by
// default; and never on a non-loopback address unless the config says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import * as oidc from 'openid-client';
import { CreateIdentityProviderCommand, CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { HttpBrowser, formOf, type Page } from '../oauth/support.js';
import { loadConfig, ConfigError } from '../../src/config/load.js';
import { launchChromium, SHOTS, skipBrowserTests, startAppServer, type AppServer } from '../helpers/browser.js';
import { startGatehouseProcess } from '../helpers/process.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN } from '../helpers/process.js';

const CLIENT_ID = 'gatehouse-dev-idp';
const CLIENT_SECRET = 'dev-idp-test-secret';
const APP_CALLBACK = 'http://localhost:3000/callback';
const UNSAFE = 'Unsafe for production';

const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

/** The page the app's authorization URL shows, then its form posted with a name and an email. */
async function signInThroughForm(browser: HttpBrowser, url: string, person: { name: string; email: string }): Promise<Page> {
  const page = await browser.request(url);
  expect(page.status).toBe(200);
  return browser.submit(page, 'authorize', person);
}

describe('development identity provider', () => {
  let t: TestServer;
  let issuer: string;
  let config: oidc.Configuration;

  beforeAll(async () => {
    t = await startTestServer({ config: { devIdp: { enabled: true, clientSecret: CLIENT_SECRET, redirectUris: [APP_CALLBACK] } } });
    issuer = `${t.url}/_dev-idp`;
    config = await oidc.discovery(new URL(issuer), CLIENT_ID, CLIENT_SECRET, undefined, { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(() => t.close());

  /** An authorization URL with fresh PKCE, state and nonce, and what checking its answer needs. */
  async function authorization(redirectUri = APP_CALLBACK) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: 'openid email profile', state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    return { url: url.toString(), verifier, state, nonce };
  }

  async function codeFor(person = { name: 'Ana Silva', email: 'ana@example.com' }) {
    const request = await authorization();
    const callback = await signInThroughForm(new HttpBrowser(t.url), request.url, person);
    expect(callback.status).toBe(302);
    const answer = new URL(callback.location!);
    return { ...request, answer, code: answer.searchParams.get('code')! };
  }

  const token = (form: Record<string, string>, secret = CLIENT_SECRET) => fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64')}` },
    body: new URLSearchParams(form),
  });

  it('publishes its discovery document at a fixed path of the server', () => {
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(issuer);
    expect(metadata.authorization_endpoint).toBe(`${issuer}/authorize`);
    expect(metadata.token_endpoint).toBe(`${issuer}/token`);
    expect(metadata.userinfo_endpoint).toBe(`${issuer}/userinfo`);
    expect(metadata.jwks_uri).toBe(`${issuer}/.well-known/jwks.json`);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['RS256']);
  });

  it('signs a typed name and email in for openid-client with PKCE, state and nonce; the JWKS verifies the ID token', async () => {
    const { answer, verifier, state, nonce } = await codeFor();
    expect(answer.origin + answer.pathname).toBe(APP_CALLBACK);
    expect(answer.searchParams.get('iss')).toBe(issuer);
    const tokens = await oidc.authorizationCodeGrant(config, answer, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: issuer, aud: CLIENT_ID, nonce, email: 'ana@example.com', email_verified: true, name: 'Ana Silva' });
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    // The ID token's signature, checked with the key the discovery document's jwks_uri publishes.
    const jwks = (await (await fetch(config.serverMetadata().jwks_uri!)).json()) as { keys: Array<JsonWebKey & { kid: string }> };
    const [head, body, signature] = tokens.id_token!.split('.');
    const key = jwks.keys.find((k) => k.kid === decode(head).kid);
    expect(decode(head).alg).toBe('RS256');
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(key).not.toHaveProperty('d');
    expect(verify('sha256', Buffer.from(`${head}.${body}`), createPublicKey({ key: key!, format: 'jwk' }), Buffer.from(signature, 'base64url'))).toBe(true);
    const tampered = Buffer.from(JSON.stringify({ ...decode(body), email: 'eve@example.com' })).toString('base64url');
    expect(verify('sha256', Buffer.from(`${head}.${tampered}`), createPublicKey({ key: key!, format: 'jwk' }), Buffer.from(signature, 'base64url'))).toBe(false);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toEqual({ sub: claims.sub, email: 'ana@example.com', email_verified: true, name: 'Ana Silva' });
  });

  it('is registered by a pool as an ordinary OIDC provider, its endpoints discovered from its issuer', async () => {
    const poolId = await t.fixtures.pool();
    const { IdentityProvider } = await t.cognito.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: 'DevIdP', ProviderType: 'OIDC',
      ProviderDetails: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, oidc_issuer: issuer, authorize_scopes: 'openid email profile', attributes_request_method: 'GET' },
      AttributeMapping: { email: 'email', name: 'name' },
    }));
    expect(IdentityProvider!.ProviderDetails).toMatchObject({
      authorize_url: `${issuer}/authorize`, token_url: `${issuer}/token`, attributes_url: `${issuer}/userinfo`, jwks_uri: `${issuer}/.well-known/jwks.json`,
    });
  });

  it('gives one email the same sub every time, whatever its case, and another email another sub', async () => {
    const subOf = async (email: string) => {
      const { answer, verifier, state, nonce } = await codeFor({ name: 'Someone', email });
      const tokens = await oidc.authorizationCodeGrant(config, answer, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      return tokens.claims()!.sub;
    };
    const first = await subOf('bo@example.com');
    expect(await subOf('Bo@Example.com')).toBe(first);
    expect(await subOf('cy@example.com')).not.toBe(first);
  });

  it('offers the identities used before in the same browser, and signs one in with a click', async () => {
    const browser = new HttpBrowser(t.url);
    const first = await authorization();
    await signInThroughForm(browser, first.url, { name: 'Dee Jones', email: 'dee@example.com' });
    const second = await authorization();
    const page = await browser.request(second.url);
    expect(page.text).toContain('Continue as Dee Jones (dee@example.com)');
    // The first form on the page is the remembered identity's: its hidden fields carry it.
    const callback = await browser.submit(page, 'authorize', {});
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback.location!), { pkceCodeVerifier: second.verifier, expectedState: second.state, expectedNonce: second.nonce });
    expect(tokens.claims()).toMatchObject({ email: 'dee@example.com', name: 'Dee Jones', email_verified: true });
  });

  it('says it is unsafe for production on each of its pages', async () => {
    const { url } = await authorization();
    expect((await fetch(url)).status).toBe(200);
    for (const page of [url, `${issuer}/`, `${issuer}/authorize?client_id=nobody`]) {
      expect(await (await fetch(page)).text()).toContain(UNSAFE);
    }
  });

  it('refuses a post without the CSRF token of its page, and re-renders a form without an email', async () => {
    const browser = new HttpBrowser(t.url);
    const { url } = await authorization();
    const page = await browser.request(url);
    const form = formOf(page, 'authorize');
    const forged = await browser.request(form.action, { form: { name: 'Eve', email: 'eve@example.com' } });
    expect(forged.status).toBe(403);
    expect(forged.location).toBeUndefined();
    const incomplete = await browser.submit(page, 'authorize', { name: 'Eve', email: '' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.text).toContain('Enter a name and an email.');
  });

  it('refuses a wrong client secret, a second use of a code and a redirect_uri other than the request\'s', async () => {
    const { code, verifier } = await codeFor();
    const wrongSecret = await token({ grant_type: 'authorization_code', code, redirect_uri: APP_CALLBACK, code_verifier: verifier }, 'not-the-secret');
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    expect(wrongSecret.headers.get('www-authenticate')).toMatch(/^Basic /);

    const wrongRedirect = await token({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:3000/other', code_verifier: verifier });
    expect(wrongRedirect.status).toBe(400);
    expect(await wrongRedirect.json()).toMatchObject({ error: 'invalid_grant' });

    const wrongVerifier = await token({ grant_type: 'authorization_code', code, redirect_uri: APP_CALLBACK, code_verifier: oidc.randomPKCECodeVerifier() });
    expect(await wrongVerifier.json()).toMatchObject({ error: 'invalid_grant' });

    // The refusals above did not spend the code: the right request gets tokens, once.
    const first = await token({ grant_type: 'authorization_code', code, redirect_uri: APP_CALLBACK, code_verifier: verifier });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ token_type: 'Bearer', id_token: expect.any(String), access_token: expect.any(String) });
    const again = await token({ grant_type: 'authorization_code', code, redirect_uri: APP_CALLBACK, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code after a minute, a forged code, and client authentication in the form with a wrong secret', async () => {
    const { code, verifier } = await codeFor();
    t.clock.advance(61_000);
    expect(await (await token({ grant_type: 'authorization_code', code, redirect_uri: APP_CALLBACK, code_verifier: verifier })).json()).toMatchObject({ error: 'invalid_grant' });
    const forged = `${code.slice(0, -4)}AAAA`;
    expect(await (await token({ grant_type: 'authorization_code', code: forged, redirect_uri: APP_CALLBACK })).json()).toMatchObject({ error: 'invalid_grant' });
    const posted = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: APP_CALLBACK, client_id: CLIENT_ID, client_secret: 'wrong-secret' }),
    });
    expect(posted.status).toBe(401);
    expect(await posted.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('never redirects to a URI that is neither its own server\'s /oauth2/idpresponse nor configured', async () => {
    const poolId = await t.fixtures.pool();
    const port = new URL(t.url).port;
    const page = (redirectUri: string) => fetch(`${issuer}/authorize?${new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: redirectUri, response_type: 'code', scope: 'openid' })}`, { redirect: 'manual' });
    for (const accepted of [`${t.url}/${poolId}/oauth2/idpresponse`, `http://localhost:${port}/${poolId}/oauth2/idpresponse`, `${t.url}/oauth2/idpresponse`]) {
      expect((await page(accepted)).status, accepted).toBe(200);
    }
    for (const refused of [
      'http://evil.example/oauth2/idpresponse',
      `http://localhost:${Number(port) + 1}/${poolId}/oauth2/idpresponse`,
      `${t.url}/us-east-1_NoSuchPool/oauth2/idpresponse`,
      `${t.url}/${poolId}/oauth2/idpresponse?next=http://evil.example`,
      `${t.url}/${poolId}/oauth2/../../evil`,
      `${APP_CALLBACK}/more`,
    ]) {
      const response = await page(refused);
      expect(response.status, refused).toBe(400);
      expect(response.headers.get('location'), refused).toBeNull();
    }
  });

  it('accepts a pool domain\'s /oauth2/idpresponse once the domain exists', async () => {
    const poolId = await t.fixtures.pool();
    const uri = `http://devidp-${poolId.split('_')[1].toLowerCase()}.auth.localhost:${new URL(t.url).port}/oauth2/idpresponse`;
    const page = () => fetch(`${issuer}/authorize?${new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: uri, response_type: 'code', scope: 'openid' })}`);
    expect((await page()).status).toBe(400);
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: new URL(uri).hostname.split('.')[0] }));
    expect((await page()).status).toBe(200);
  });

  it('sends errors back to a verified redirect URI with the state and its issuer, and refuses an unknown client on its page', async () => {
    const query = (extra: Record<string, string>) => `${issuer}/authorize?${new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: APP_CALLBACK, scope: 'openid', response_type: 'code', state: 'st-1', ...extra })}`;
    const implicit = await fetch(query({ response_type: 'token' }), { redirect: 'manual' });
    const back = new URL(implicit.headers.get('location')!);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'unsupported_response_type', state: 'st-1', iss: issuer });
    const plain = new URL((await fetch(query({ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }), { redirect: 'manual' })).headers.get('location')!);
    expect(plain.searchParams.get('error')).toBe('invalid_request');
    const noOpenid = new URL((await fetch(query({ scope: 'email' }), { redirect: 'manual' })).headers.get('location')!);
    expect(noOpenid.searchParams.get('error')).toBe('invalid_scope');
    const unknown = await fetch(query({ client_id: 'someone-else' }), { redirect: 'manual' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
  });

  it('answers userinfo only for its own access tokens', async () => {
    const { answer, verifier, state, nonce } = await codeFor();
    const tokens = await oidc.authorizationCodeGrant(config, answer, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const userinfo = (bearer?: string) => fetch(`${issuer}/userinfo`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    expect((await userinfo(tokens.access_token)).status).toBe(200);
    for (const wrong of [tokens.id_token!, `${tokens.access_token}x`, undefined]) {
      const response = await userinfo(wrong);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });
});

describe('development identity provider in chromium', () => {
  let t: TestServer;
  let app: AppServer;

  beforeAll(async () => {
    app = await startAppServer();
    t = await startTestServer({ config: { devIdp: { enabled: true, redirectUris: [`${app.origin}/callback`] } } });
  });
  afterAll(async () => {
    await t?.close();
    await app?.close();
  });

  it.skipIf(skipBrowserTests)('signs a person in through its page, and openid-client takes the code', { timeout: 60_000 }, async () => {
    const issuer = `${t.url}/_dev-idp`;
    // The default client secret: a pool that registers the provider with no configuration uses it.
    const config = await oidc.discovery(new URL(issuer), CLIENT_ID, 'gatehouse-dev-idp-secret', undefined, { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${app.origin}/callback`, scope: 'openid email', state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(url.toString());
      expect(await page.getByText(UNSAFE).count()).toBe(1);
      await page.getByLabel('Name', { exact: true }).fill('Fay Chromium');
      await page.getByLabel('Email', { exact: true }).fill('fay@example.com');
      await page.getByLabel('The email is verified').uncheck();
      await page.screenshot({ path: `${SHOTS}/dev-idp-sign-in.png` });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${app.origin}/callback?**`);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      expect(tokens.claims()).toMatchObject({ email: 'fay@example.com', name: 'Fay Chromium', email_verified: false });

      // Back again: the identity is offered.
      await page.goto(oidc.buildAuthorizationUrl(config, { redirect_uri: `${app.origin}/callback`, scope: 'openid', state: 's2' }).toString());
      await page.getByRole('button', { name: 'Continue as Fay Chromium (fay@example.com)' }).click();
      await page.waitForURL(`${app.origin}/callback?**`);
      expect(new URL(page.url()).searchParams.get('state')).toBe('s2');
    } finally {
      await browser.close();
    }
  });
});

describe('development identity provider switched off or exposed', () => {
  it('is not served unless enabled', async () => {
    const t = await startTestServer();
    try {
      for (const path of ['/_dev-idp/.well-known/openid-configuration', '/_dev-idp/.well-known/jwks.json', '/_dev-idp/authorize?client_id=gatehouse-dev-idp']) {
        const response = await fetch(`${t.url}${path}`);
        expect(response.status, path).toBe(404);
        expect(await response.text()).not.toContain('authorization_endpoint');
      }
      expect((await fetch(`${t.url}/_dev-idp/token`, { method: 'POST' })).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('serves the same key after a restart with the same key-encryption key', async () => {
    const keyEncryptionKey = Buffer.alloc(32, 3).toString('base64');
    const jwksOf = async () => {
      const t = await startTestServer({ config: { devIdp: { enabled: true }, security: { keyEncryptionKey } } });
      try {
        return await (await fetch(`${t.url}/_dev-idp/.well-known/jwks.json`)).json();
      } finally {
        await t.close();
      }
    };
    const first = await jwksOf();
    expect(first.keys).toHaveLength(1);
    expect(await jwksOf()).toEqual(first);
  });

  it('is refused on a non-loopback address or public URL unless allowNonLoopback says so', () => {
    const load = (env: Record<string, string>) => () => loadConfig({ env: { GATEHOUSE_DEV_IDP: 'true', ...env } });
    expect(load({ GATEHOUSE_HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(load({ GATEHOUSE_HOST: '0.0.0.0' })).toThrow(/\/devIdp\/enabled \(from GATEHOUSE_DEV_IDP\): .*the server listens on 0\.0\.0\.0, which is not a loopback address.*GATEHOUSE_DEV_IDP_ALLOW_NON_LOOPBACK=true/);
    expect(load({ GATEHOUSE_HOST: '192.168.1.20' })).toThrow(/not a loopback address/);
    expect(load({ GATEHOUSE_PUBLIC_URL: 'https://auth.example.com' })).toThrow(/published at https:\/\/auth\.example\.com/);
    expect(load({ GATEHOUSE_HOST: '0.0.0.0', GATEHOUSE_DEV_IDP_ALLOW_NON_LOOPBACK: 'true' })().devIdp.enabled).toBe(true);
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(load({ GATEHOUSE_HOST: host })().devIdp.enabled).toBe(true);
    expect(load({ GATEHOUSE_PUBLIC_URL: 'http://gatehouse.localhost:9229' })().devIdp.enabled).toBe(true);
    // Off, it is no concern of the address.
    expect(loadConfig({ env: { GATEHOUSE_HOST: '0.0.0.0' } }).devIdp.enabled).toBe(false);
  });

  it('reads its settings from the environment', () => {
    const config = loadConfig({ env: {
      GATEHOUSE_DEV_IDP: 'true', GATEHOUSE_DEV_IDP_CLIENT_ID: 'my-idp-client', GATEHOUSE_DEV_IDP_CLIENT_SECRET: 'my-idp-secret',
      GATEHOUSE_DEV_IDP_REDIRECT_URIS: 'http://localhost:3000/a, http://localhost:3000/b',
    } });
    expect(config.devIdp).toEqual({ enabled: true, allowNonLoopback: false, clientId: 'my-idp-client', clientSecret: 'my-idp-secret', redirectUris: ['http://localhost:3000/a', 'http://localhost:3000/b'] });
  });

  it('`gatehouse serve` refuses to start it on 0.0.0.0 and says why; on loopback it says it is unsafe', { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-dev-idp-'));
    try {
      const refused = await promisify(execFile)(process.execPath, [BIN, 'serve', '--port', '0', '--host', '0.0.0.0', '--data', dataDir], {
        env: { PATH: process.env.PATH!, GATEHOUSE_DEV_IDP: 'true' }, timeout: 90_000,
      }).then(() => undefined, (error: { code?: number; stdout?: string; stderr?: string }) => error);
      expect(refused?.code).toBe(1);
      expect(`${refused?.stdout}${refused?.stderr}`).toContain('which is not a loopback address');

      const server = await startGatehouseProcess(['--data', dataDir], { GATEHOUSE_DEV_IDP: 'true' });
      try {
        expect(server.output()).toContain(`Dev IdP:          ${server.url}/_dev-idp/  UNSAFE FOR PRODUCTION`);
        expect(server.output()).toContain('THE DEVELOPMENT IDENTITY PROVIDER IS ON');
        expect((await fetch(`${server.url}/_dev-idp/.well-known/openid-configuration`)).status).toBe(200);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
