// Federated sign-in's Hosted UI session and what apps read afterwards: the session at the server's
// own origin (SAML and OIDC, each before and after a password sign-in), /oauth2/authorize with
// identity_provider while a session exists, /oauth2/userInfo's `identities`, Login with Amazon
// through a local stand-in, Describe's derived SAML details, and what deleting a provider removes.
// The browser here keeps cookies by path, as a real one does: a cookie scoped to /<poolId> is not
// sent to the root endpoints.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AdminLinkProviderForUserCommand, CreateIdentityProviderCommand, DeleteIdentityProviderCommand, DescribeIdentityProviderCommand,
  GetSigningCertificateCommand, ListIdentityProvidersCommand, UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { confirmedUser } from '../helpers/users.js';
import { CALLBACK, LOGOUT, PASSWORD, formOf, oauthPool, type OAuthPool, type Page } from '../oauth/support.js';
import { startFakeProvider, type FakeProvider } from './fake-provider.js';
import { buildResponse, createTestIdp, readAuthnRequest, type TestIdp } from './saml-idp.js';

const EMAIL_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

let t: TestServer;
let fake: FakeProvider;
let idp: TestIdp;
/** The pool most tests share (each with a browser of its own). */
let pool: OAuthPool;

/** A browser whose cookies keep their Path, and that plays the SAML IdP when sent to it (signs alice in at once). */
class Browser {
  /** `<path> <name>` → value. */
  readonly cookies = new Map<string, string>();
  /** Every URL requested, in order. */
  readonly visited: string[] = [];

  cookieAt(name: string, path: string): string | undefined {
    return this.cookies.get(`${path} ${name}`);
  }

  async request(url: string, form?: Record<string, string>): Promise<Page> {
    this.visited.push(url);
    const { pathname } = new URL(url);
    const sent = [...this.cookies]
      .filter(([key]) => {
        const path = key.slice(0, key.indexOf(' '));
        return path === '/' || pathname === path || pathname.startsWith(`${path}/`);
      })
      .map(([key, value]) => `${key.slice(key.indexOf(' ') + 1)}=${value}`);
    const headers: Record<string, string> = sent.length ? { cookie: sent.join('; ') } : {};
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: form ? 'POST' : 'GET', headers, body: form && new URLSearchParams(form).toString(), redirect: 'manual' });
    if (url.startsWith(t.url)) {
      for (const line of response.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(';').map((part) => part.trim());
        const name = pair.slice(0, pair.indexOf('='));
        const value = pair.slice(pair.indexOf('=') + 1);
        const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
        if (value === '' || attributes.some((a) => /^max-age=0$/i.test(a))) this.cookies.delete(`${path} ${name}`);
        else this.cookies.set(`${path} ${name}`, value);
      }
    }
    const location = response.headers.get('location') ?? undefined;
    return { url, status: response.status, headers: response.headers, text: await response.text(), location: location && new URL(location, url).toString() };
  }

  /** Follows redirects through the server, the fake provider and the SAML IdP, until the app (or a page). */
  async go(url: string, form?: Record<string, string>): Promise<Page> {
    let page = await this.request(url, form);
    for (let hops = 0; hops < 12 && page.location && !page.location.startsWith(CALLBACK) && !page.location.startsWith(LOGOUT); hops++) {
      if (page.location.startsWith(`${idp.ssoUrl}?`)) {
        const request = readAuthnRequest(page.location);
        this.visited.push(page.location);
        const samlResponse = await buildResponse(idp, {
          acsUrl: request.acsUrl, audience: request.issuer, nameId: 'alice@example.com', inResponseTo: request.id,
          attributes: { [EMAIL_CLAIM]: 'alice@example.com', displayName: 'Alice Example' },
        });
        page = await this.request(request.acsUrl, { SAMLResponse: samlResponse, RelayState: request.relayState });
      } else if (page.location.startsWith(idp.sloUrl)) {
        this.visited.push(page.location);
        return page;
      } else {
        page = await this.request(page.location);
      }
    }
    return page;
  }

  /** From the sign-in page: the password form, as a person fills it. */
  async submitLogin(page: Page, username: string): Promise<Page> {
    const form = formOf(page, 'login');
    return this.go(form.action, { ...form.hidden, username, password: PASSWORD });
  }
}

/** A pool with the fake as OIDC and as Login with Amazon, the test IdP as SAML (IDPSignout on), a native user, and a client allowed all. */
async function federatedPool(): Promise<OAuthPool> {
  const pool = await oauthPool(t, {
    pool: { UsernameConfiguration: { CaseSensitive: false }, Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }, { Name: 'postcode', AttributeDataType: 'String', Mutable: true }] },
  });
  const create = (ProviderName: string, ProviderType: string, ProviderDetails: Record<string, string>, AttributeMapping: Record<string, string>) =>
    t.cognito.send(new CreateIdentityProviderCommand({ UserPoolId: pool.poolId, ProviderName, ProviderType: ProviderType as never, ProviderDetails, AttributeMapping }));
  await create('Fake', 'OIDC', {
    client_id: fake.clientId, client_secret: fake.clientSecret, authorize_scopes: 'openid email', oidc_issuer: fake.issuer, attributes_request_method: 'GET',
  }, { email: 'email' });
  await create('LoginWithAmazon', 'LoginWithAmazon', {
    client_id: fake.clientId, client_secret: fake.clientSecret, authorize_scopes: 'profile postal_code',
    authorize_url: `${fake.issuer}/authorize`, token_url: `${fake.issuer}/token`, attributes_url: `${fake.issuer}/user/profile`,
  }, { email: 'email', name: 'name', 'custom:postcode': 'postal_code' });
  await create('MySAML', 'SAML', { MetadataFile: idp.metadata, IDPSignout: 'true' }, { email: EMAIL_CLAIM, name: 'displayName' });
  Object.assign(pool, await t.fixtures.client(pool.poolId, {
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], CallbackURLs: [CALLBACK], LogoutURLs: [LOGOUT],
    AllowedOAuthScopes: ['openid', 'email', 'profile'], SupportedIdentityProviders: ['COGNITO', 'Fake', 'LoginWithAmazon', 'MySAML'],
  }));
  await confirmedUser(t, pool, 'nina', PASSWORD, { email: 'nina@example.com' });
  return pool;
}

beforeAll(async () => {
  t = await startTestServer();
  fake = await startFakeProvider();
  idp = createTestIdp();
  pool = await federatedPool();
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(() => fake.reset());

/** /oauth2/authorize at the server's own origin (the pool named by client_id), or under /<poolId>. */
const authorizeAt = (pool: OAuthPool, extra: Record<string, string> = {}, root = true) =>
  `${t.url}${root ? '' : `/${pool.poolId}`}/oauth2/authorize?${new URLSearchParams({
    response_type: 'code', client_id: pool.clientId, redirect_uri: CALLBACK, scope: 'openid email profile', state: 'app-state', ...extra,
  })}`;

const logoutAtRoot = (pool: OAuthPool) => `${t.url}/logout?${new URLSearchParams({ client_id: pool.clientId, logout_uri: LOGOUT })}`;

/** The tokens for the app's callback (the code redeemed at the root token endpoint). */
async function redeem(pool: OAuthPool, callback: Page): Promise<{ access_token: string; id_token: string }> {
  expect(callback.location, callback.text.slice(0, 300)).toMatch(/^http:\/\/localhost:3000\/callback\?code=/);
  const code = new URL(callback.location!).searchParams.get('code')!;
  const response = await fetch(`${t.url}/oauth2/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: pool.clientId, code, redirect_uri: CALLBACK }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

const usernameOf = async (pool: OAuthPool, callback: Page): Promise<string> => claimsOf((await redeem(pool, callback)).id_token)['cognito:username'];

/** Whether the browser was sent to an identity provider since `from` (its index in `visited`). */
const wentToProvider = (browser: Browser, from: number) =>
  browser.visited.slice(from).some((url) => url.startsWith(fake.issuer) || url.startsWith(idp.ssoUrl));

describe("federated sign-in's session at the server's own origin", () => {
  it('SAML: the session started at the root is kept there, so authorize resumes it and /logout ends it (with the SAML sign-out)', async () => {
    const browser = new Browser();
    const first = await browser.go(authorizeAt(pool, { identity_provider: 'MySAML' }));
    expect(await usernameOf(pool, first)).toBe('mysaml_alice@example.com');
    // The ACS is under /<poolId>; the session belongs to the root, as a password sign-in's there.
    expect(browser.cookieAt(`cognito-${pool.poolId}`, '/')).toBeDefined();
    expect(browser.cookieAt('cognito', `/${pool.poolId}`)).toBeUndefined();

    const mark = browser.visited.length;
    const again = await browser.go(authorizeAt(pool));
    expect(wentToProvider(browser, mark)).toBe(false);
    expect(await usernameOf(pool, again)).toBe('mysaml_alice@example.com');

    // /logout at the root finds the SAML sign-in (IDPSignout) and ends the session.
    const signOut = await browser.go(logoutAtRoot(pool));
    expect(signOut.location!.startsWith(`${idp.sloUrl}?`)).toBe(true);
    expect(browser.cookieAt(`cognito-${pool.poolId}`, '/')).toBeUndefined();
    const afterwards = await browser.go(authorizeAt(pool));
    expect(new URL(afterwards.url).pathname).toBe('/login');
  });

  it('SAML after a password sign-in at the root replaces its session, and a password sign-in after SAML replaces that', async () => {
    const browser = new Browser();
    const login = await browser.go(authorizeAt(pool));
    expect(await usernameOf(pool, await browser.submitLogin(login, 'nina'))).toBe('nina');
    const passwordSession = browser.cookieAt(`cognito-${pool.poolId}`, '/');
    expect(passwordSession).toBeDefined();

    expect(await usernameOf(pool, await browser.go(authorizeAt(pool, { identity_provider: 'MySAML' })))).toBe('mysaml_alice@example.com');
    expect(browser.cookieAt(`cognito-${pool.poolId}`, '/')).not.toBe(passwordSession);
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool)))).toBe('mysaml_alice@example.com');

    const relogin = await browser.go(authorizeAt(pool, { prompt: 'login' }));
    expect(await usernameOf(pool, await browser.submitLogin(relogin, 'nina'))).toBe('nina');
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool)))).toBe('nina');
    expect([...browser.cookies.keys()].filter((key) => key.endsWith(` cognito-${pool.poolId}`) || key.endsWith(' cognito'))).toEqual([`/ cognito-${pool.poolId}`]);
  });

  it('SAML started under /<poolId> keeps its session under /<poolId>, as before', async () => {
    const browser = new Browser();
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool, { identity_provider: 'MySAML' }, false)))).toBe('mysaml_alice@example.com');
    expect(browser.cookieAt('cognito', `/${pool.poolId}`)).toBeDefined();
    expect(browser.cookieAt(`cognito-${pool.poolId}`, '/')).toBeUndefined();
    const mark = browser.visited.length;
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool, {}, false)))).toBe('mysaml_alice@example.com');
    expect(wentToProvider(browser, mark)).toBe(false);
  });

  it('OIDC: the same at the root, in both orders with a password sign-in, and /logout ends it', async () => {
    const browser = new Browser();
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool, { identity_provider: 'Fake' })))).toBe(`fake_${fake.subject}`);
    expect(browser.cookieAt(`cognito-${pool.poolId}`, '/')).toBeDefined();
    const relogin = await browser.go(authorizeAt(pool, { prompt: 'login' }));
    expect(await usernameOf(pool, await browser.submitLogin(relogin, 'nina'))).toBe('nina');
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool)))).toBe('nina');
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool, { identity_provider: 'Fake' })))).toBe(`fake_${fake.subject}`);
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool)))).toBe(`fake_${fake.subject}`);

    const signOut = await browser.go(logoutAtRoot(pool));
    expect(signOut.location).toBe(LOGOUT);
    expect(new URL((await browser.go(authorizeAt(pool))).url).pathname).toBe('/login');
  });
});

describe('/oauth2/authorize with identity_provider while the browser has a session', () => {
  it('resumes a session from the provider it names, without a trip to the provider', async () => {
    const browser = new Browser();
    await redeem(pool, await browser.go(authorizeAt(pool, { identity_provider: 'Fake' })));
    const mark = browser.visited.length;
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool, { identity_provider: 'Fake' })))).toBe(`fake_${fake.subject}`);
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool, { identity_provider: 'Fake', prompt: 'none' })))).toBe(`fake_${fake.subject}`);
    expect(wentToProvider(browser, mark)).toBe(false);
  });

  it('goes to the named provider when the session came from elsewhere; prompt=none then answers login_required', async () => {
    const browser = new Browser();
    const login = await browser.go(authorizeAt(pool));
    await redeem(pool, await browser.submitLogin(login, 'nina'));
    const silent = await browser.go(authorizeAt(pool, { identity_provider: 'MySAML', prompt: 'none' }));
    const answer = new URL(silent.location!);
    expect(answer.searchParams.get('error')).toBe('login_required');
    expect(answer.searchParams.get('state')).toBe('app-state');
    const mark = browser.visited.length;
    expect(await usernameOf(pool, await browser.go(authorizeAt(pool, { identity_provider: 'MySAML' })))).toBe('mysaml_alice@example.com');
    expect(wentToProvider(browser, mark)).toBe(true);
  });

  it('identity_provider=COGNITO resumes a session of a pool user, not a federated one', async () => {
    const native = new Browser();
    await redeem(pool, await native.submitLogin(await native.go(authorizeAt(pool)), 'nina'));
    expect(await usernameOf(pool, await native.go(authorizeAt(pool, { identity_provider: 'COGNITO' })))).toBe('nina');

    const federated = new Browser();
    await redeem(pool, await federated.go(authorizeAt(pool, { identity_provider: 'Fake' })));
    const silent = new URL((await federated.go(authorizeAt(pool, { identity_provider: 'COGNITO', prompt: 'none' }))).location!);
    expect(silent.searchParams.get('error')).toBe('login_required');
    expect(new URL((await federated.go(authorizeAt(pool, { identity_provider: 'COGNITO' }))).url).pathname).toBe('/login');
    // Without identity_provider any session resumes.
    expect(await usernameOf(pool, await federated.go(authorizeAt(pool)))).toBe(`fake_${fake.subject}`);
  });
});

describe('/oauth2/userInfo of a federated user', () => {
  const userInfo = async (accessToken: string) => {
    const response = await fetch(`${t.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(response.status).toBe(200);
    return response.json() as Promise<Record<string, unknown>>;
  };

  it('answers identities as Cognito does, a JSON string, whatever the scopes; a pool user has none', async () => {
    for (const scope of ['openid', 'openid email']) {
      const tokens = await redeem(pool, await new Browser().go(authorizeAt(pool, { identity_provider: 'Fake', scope })));
      const body = await userInfo(tokens.access_token);
      expect(typeof body.identities).toBe('string');
      expect(JSON.parse(body.identities as string)).toEqual([expect.objectContaining({
        userId: fake.subject, providerName: 'Fake', providerType: 'OIDC', primary: 'true', dateCreated: expect.stringMatching(/^\d+$/),
      })]);
      // The ID token's claim is the same entries, as an array.
      expect(claimsOf(tokens.id_token).identities).toEqual(JSON.parse(body.identities as string));
      expect(body.username).toBe(`fake_${fake.subject}`);
    }
    const browser = new Browser();
    const tokens = await redeem(pool, await browser.submitLogin(await browser.go(authorizeAt(pool, { scope: 'openid' })), 'nina'));
    const body = await userInfo(tokens.access_token);
    expect(body.username).toBe('nina');
    expect(body).not.toHaveProperty('identities');
  });
});

describe('Login with Amazon through overridden endpoints', () => {
  it("signs in with Amazon's user_id as the identity and the attribute mapping applied", async () => {
    fake.behaviour.noIdToken = true;
    fake.behaviour.userInfo = { user_id: 'amzn1.account.AF2EXAMPLE', name: 'Amy Zon', email: 'amy@example.com', postal_code: '98101' };
    const tokens = await redeem(pool, await new Browser().go(authorizeAt(pool, { identity_provider: 'LoginWithAmazon' })));
    const id = claimsOf(tokens.id_token);
    // The fake also answers a `sub`; Amazon's user is user_id.
    expect(id['cognito:username']).toBe('loginwithamazon_amzn1.account.af2example');
    expect(id.identities).toEqual([expect.objectContaining({ userId: 'amzn1.account.AF2EXAMPLE', providerName: 'LoginWithAmazon', providerType: 'LoginWithAmazon', issuer: null })]);
    expect(id).toMatchObject({ email: 'amy@example.com', name: 'Amy Zon', 'custom:postcode': '98101' });
    expect(id['cognito:groups']).toEqual([`${pool.poolId}_LoginWithAmazon`]);

    const authorize = fake.lastAuthorize()!;
    expect(authorize.get('client_id')).toBe(fake.clientId);
    expect(authorize.get('scope')).toBe('profile postal_code');
    expect(authorize.get('nonce')).toBeNull();
    const token = fake.requests.find((r) => r.path === '/token')!;
    expect(token.method).toBe('POST');
    const profile = fake.requests.find((r) => r.path === '/user/profile')!;
    expect(profile.method).toBe('GET');
    expect(profile.headers.authorization).toMatch(/^Bearer at-/);
    // attributes_url_add_attributes is "false" for Amazon: no field list is added.
    expect([...profile.query.keys()]).toEqual([]);
  });
});

describe('DescribeIdentityProvider of a SAML provider', () => {
  it('adds the sign-in and sign-out services of the metadata and the encryption certificate, as Cognito does', async () => {
    const poolId = await t.fixtures.pool();
    const created = await t.cognito.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: 'MySAML', ProviderType: 'SAML', ProviderDetails: { MetadataFile: idp.metadata }, AttributeMapping: { email: EMAIL_CLAIM },
    }));
    const { Certificate } = await t.cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
    const expected = { ActiveEncryptionCertificate: Certificate, SSORedirectBindingURI: idp.ssoUrl, SLORedirectBindingURI: idp.sloUrl, MetadataFile: idp.metadata };
    expect(created.IdentityProvider!.ProviderDetails).toEqual(expected);
    const described = await t.cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'MySAML' }));
    expect(described.IdentityProvider!.ProviderDetails).toEqual(expected);
    expect(Object.keys(described.IdentityProvider!.ProviderDetails!)).toEqual(Object.keys(expected).sort());

    // What Describe shows can be sent back as it is: the derived details are not stored.
    const updated = await t.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'MySAML', ProviderDetails: { ...described.IdentityProvider!.ProviderDetails!, IDPSignout: 'true' } }));
    expect(updated.IdentityProvider!.ProviderDetails).toEqual({ ...expected, IDPSignout: 'true' });

    // Metadata without a sign-out service shows none; the list shows no details at all.
    const noLogout = idp.metadata.replace(/<md:SingleLogoutService[^>]*\/>/, '');
    await t.cognito.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'NoSLO', ProviderType: 'SAML', ProviderDetails: { MetadataFile: noLogout } }));
    const other = await t.cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'NoSLO' }));
    expect(other.IdentityProvider!.ProviderDetails).toEqual({ ActiveEncryptionCertificate: Certificate, SSORedirectBindingURI: idp.ssoUrl, MetadataFile: noLogout });
    const listed = await t.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }));
    expect(listed.Providers!.map((p) => Object.keys(p).sort())).toEqual([['CreationDate', 'LastModifiedDate', 'ProviderName', 'ProviderType'], ['CreationDate', 'LastModifiedDate', 'ProviderName', 'ProviderType']]);
  });

  it('adds none of them to the other types', async () => {
    const poolId = await t.fixtures.pool();
    await t.cognito.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: 'Fake', ProviderType: 'OIDC',
      ProviderDetails: { client_id: 'c', client_secret: 's', authorize_scopes: 'openid', oidc_issuer: fake.issuer, attributes_request_method: 'GET' },
    }));
    const described = await t.cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Fake' }));
    for (const key of ['ActiveEncryptionCertificate', 'SSORedirectBindingURI', 'SLORedirectBindingURI']) expect(described.IdentityProvider!.ProviderDetails).not.toHaveProperty(key);
  });
});

describe('DeleteIdentityProvider', () => {
  it("removes the provider's identities and links (by subject and by attribute), and leaves other providers' links", async () => {
    const pool = await federatedPool();
    const store = t.server.deps.store;
    const link = (ProviderName: string, ProviderAttributeName: string, ProviderAttributeValue: string) => t.cognito.send(new AdminLinkProviderForUserCommand({
      UserPoolId: pool.poolId, DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'nina' },
      SourceUser: { ProviderName, ProviderAttributeName, ProviderAttributeValue },
    }));
    await link('Fake', 'Cognito_Subject', fake.subject);
    await link('MySAML', 'email', 'alice@example.com');
    await link('LoginWithAmazon', 'Cognito_Subject', 'amzn1.account.KEPT');
    // Linked by subject: the fake's user signs in as nina.
    expect(await usernameOf(pool, await new Browser().go(authorizeAt(pool, { identity_provider: 'Fake' })))).toBe('nina');
    expect(await store.userIdentities.find(pool.poolId, 'Fake', fake.subject)).toBeDefined();
    expect(await store.userIdentities.find(pool.poolId, 'MySAML email', 'alice@example.com')).toBeDefined();

    await t.cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: pool.poolId, ProviderName: 'Fake' }));
    await t.cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: pool.poolId, ProviderName: 'MySAML' }));
    expect(await store.userIdentities.find(pool.poolId, 'Fake', fake.subject)).toBeUndefined();
    expect(await store.userIdentities.find(pool.poolId, 'MySAML email', 'alice@example.com')).toBeUndefined();
    expect(await store.userIdentities.find(pool.poolId, 'LoginWithAmazon', 'amzn1.account.KEPT')).toMatchObject({ providerName: 'LoginWithAmazon' });

    // A provider created again under the name signs its user in as a new federated user, not as nina.
    await t.cognito.send(new CreateIdentityProviderCommand({
      UserPoolId: pool.poolId, ProviderName: 'Fake', ProviderType: 'OIDC', AttributeMapping: { email: 'email' },
      ProviderDetails: { client_id: fake.clientId, client_secret: fake.clientSecret, authorize_scopes: 'openid email', oidc_issuer: fake.issuer, attributes_request_method: 'GET' },
    }));
    // Deleting took it out of the client's SupportedIdentityProviders: a new client lists it again.
    const app = { ...pool, ...(await t.fixtures.client(pool.poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], CallbackURLs: [CALLBACK],
      AllowedOAuthScopes: ['openid', 'email'], SupportedIdentityProviders: ['Fake'],
    })) };
    expect(await usernameOf(app, await new Browser().go(authorizeAt(app, { identity_provider: 'Fake', scope: 'openid email' })))).toBe(`fake_${fake.subject}`);
  });
});
