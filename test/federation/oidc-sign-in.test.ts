// Federated sign-in through an OpenID Connect provider. The provider is a second Gatehouse pool
// (a real OIDC provider: discovery, PKCE, nonce, userInfo), the app is openid-client, and the
// browser is the tests' HTTP browser (and chromium for the sign-in page's button). A small fake
// provider (fake-provider.ts) plays the provider that misbehaves, and a social one (Facebook).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { generateKeyPairSync, verify } from 'node:crypto';
import { CreateIdentityProviderCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, AdminDisableUserCommand, AdminEnableUserCommand, AdminGetUserCommand, AdminUpdateUserAttributesCommand, GetGroupCommand, GetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startTriggerRig, type TriggerRig } from '../helpers/triggers.js';
import { launchChromium, skipBrowserTests } from '../helpers/browser.js';
import { claimsOf } from '../helpers/tokens.js';
import { confirmedUser } from '../helpers/users.js';
import { CALLBACK, HttpBrowser, PASSWORD, formOf, oauthPool, type OAuthPool, type Page } from '../oauth/support.js';
import { startFakeProvider, type FakeProvider } from './fake-provider.js';

/** The tests' browser, which also follows redirects to other servers (the fake provider) and remembers the last /oauth2/idpresponse it was sent to. */
class FederationBrowser extends HttpBrowser {
  lastIdpResponse?: string;

  override async request(url: string, init?: Parameters<HttpBrowser['request']>[1]): Promise<Page> {
    if (url.includes('/oauth2/idpresponse')) this.lastIdpResponse = url;
    return super.request(url, init);
  }

  /** Follows every redirect until the app's callback. */
  async followAcross(url: string): Promise<Page> {
    let page = await this.request(url);
    for (let hops = 0; hops < 10 && page.location && !page.location.startsWith(CALLBACK); hops++) page = await this.request(page.location);
    return page;
  }
}

/** The key Sign in with Apple gives a team to sign its client secrets with. */
const APPLE_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const TRIGGERS = ['PreSignUp', 'PostConfirmation', 'PreAuthentication', 'PostAuthentication', 'InboundFederation'];

describe('federated sign-in through an OIDC provider', () => {
  let rig: TriggerRig;
  let t: TestServer;
  let upstream: OAuthPool;
  let app: OAuthPool;
  let fake: FakeProvider;
  let config: oidc.Configuration;
  let upstreamSub: string;

  beforeAll(async () => {
    rig = await startTriggerRig('module', TRIGGERS);
    t = await startTestServer({ config: { triggers: rig.config } });
    fake = await startFakeProvider();
    app = await oauthPool(t, {
      pool: {
        UsernameConfiguration: { CaseSensitive: false },
        Schema: [
          { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
          { Name: 'team', AttributeDataType: 'String', Mutable: true },
        ],
        LambdaConfig: { ...Object.fromEntries(TRIGGERS.filter((n) => n !== 'InboundFederation').map((name) => [name, rig.arn(name)])), InboundFederation: { LambdaArn: rig.arn('InboundFederation'), LambdaVersion: 'V1_0' } },
      },
    });
    upstream = await oauthPool(t, {
      client: { GenerateSecret: true, AllowedOAuthFlows: ['code'], CallbackURLs: [`${t.url}/${app.poolId}/oauth2/idpresponse`] },
    });
    upstreamSub = await confirmedUser(t, upstream, 'uma', PASSWORD, { email: 'uma@example.com', given_name: 'Uma' });
    const provider = (ProviderName: string, ProviderType: string, ProviderDetails: Record<string, string>, AttributeMapping: Record<string, string>, IdpIdentifiers?: string[]) =>
      t.cognito.send(new CreateIdentityProviderCommand({ UserPoolId: app.poolId, ProviderName, ProviderType: ProviderType as never, ProviderDetails, AttributeMapping, IdpIdentifiers }));
    // Discovered from the upstream pool's issuer when the provider is created.
    await provider('Upstream', 'OIDC', {
      client_id: upstream.clientId, client_secret: upstream.clientSecret!, authorize_scopes: 'openid email profile',
      oidc_issuer: `${t.url}/${upstream.poolId}`, attributes_request_method: 'GET',
    }, { email: 'email', email_verified: 'email_verified', given_name: 'given_name' }, ['example.com']);
    await provider('Fake', 'OIDC', {
      client_id: fake.clientId, client_secret: fake.clientSecret, authorize_scopes: 'openid email', oidc_issuer: fake.issuer, attributes_request_method: 'GET',
    }, { email: 'email', 'custom:team': 'groups' });
    // A social type with its built-in endpoints overridden by the fake's.
    await provider('Facebook', 'Facebook', {
      client_id: fake.clientId, client_secret: fake.clientSecret, authorize_scopes: 'public_profile, email', api_version: 'v17.0',
      authorize_url: `${fake.issuer}/authorize`, token_url: `${fake.issuer}/token`, attributes_url: `${fake.issuer}/me?fields=`,
    }, { email: 'email', name: 'name' });
    await provider('Google', 'Google', {
      client_id: fake.clientId, client_secret: fake.clientSecret, authorize_scopes: 'openid email profile',
      authorize_url: `${fake.issuer}/authorize`, token_url: `${fake.issuer}/token`, oidc_issuer: fake.issuer, jwks_uri: `${fake.issuer}/jwks`,
      attributes_url: `${fake.issuer}/userinfo?personFields=`,
    }, { email: 'email', email_verified: 'email_verified', name: 'name' });
    await provider('SignInWithApple', 'SignInWithApple', {
      client_id: fake.clientId, team_id: 'TEAM123456', key_id: 'KEY1234567', authorize_scopes: 'email name',
      private_key: APPLE_KEY.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      authorize_url: `${fake.issuer}/authorize`, token_url: `${fake.issuer}/token`, oidc_issuer: fake.issuer, jwks_uri: `${fake.issuer}/jwks`,
    }, { email: 'email', given_name: 'firstName', family_name: 'lastName' });
    // The app's client lists the providers (they must exist first).
    Object.assign(app, await t.fixtures.client(app.poolId, {
      GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], CallbackURLs: [CALLBACK],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      SupportedIdentityProviders: ['COGNITO', 'Upstream', 'Fake', 'Facebook', 'Google', 'SignInWithApple'],
    }));
    config = await oidc.discovery(new URL(`${t.url}/${app.poolId}`), app.clientId, app.clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  /** The app's authorization request (PKCE, state, nonce), with `extra` parameters. */
  async function appRequest(extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK, scope: 'openid email profile aws.cognito.signin.user.admin', state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
    });
    return { url: url.toString(), verifier, state, nonce };
  }

  async function redeem(request: Awaited<ReturnType<typeof appRequest>>, callback: Page) {
    expect(callback.location, callback.text.slice(0, 500)).toMatch(/^http:\/\/localhost:3000\/callback\?code=/);
    return oidc.authorizationCodeGrant(config, new URL(callback.location!), {
      pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true,
    });
  }

  /** Signs in as uma at the upstream pool, starting from the app's request with identity_provider=Upstream. */
  async function signInUpstream(browser = new FederationBrowser(t.url)) {
    const request = await appRequest({ identity_provider: 'Upstream' });
    const login = await browser.follow(request.url);
    expect(new URL(login.url).pathname).toBe(`/${upstream.poolId}/login`);
    const callback = await browser.submit(login, 'login', { username: 'uma', password: PASSWORD });
    return { request, callback, browser };
  }

  /** The app's request with identity_provider=<name> through the fake provider, which answers at once. */
  async function signInFake(name: string) {
    const request = await appRequest({ identity_provider: name });
    const callback = await new FederationBrowser(t.url).followAcross(request.url);
    return { request, callback };
  }

  it('creates the federated user at the first sign-in: username, EXTERNAL_PROVIDER, identities, the provider group', async () => {
    const { request, callback } = await signInUpstream();
    const tokens = await redeem(request, callback);
    const id = tokens.claims()!;
    const username = `upstream_${upstreamSub}`;
    expect(id['cognito:username']).toBe(username);
    expect(id.sub).not.toBe(upstreamSub);
    expect(id.email).toBe('uma@example.com');
    expect(id.given_name).toBe('Uma');
    expect(id.email_verified).toBe(true);
    expect(id['cognito:groups']).toEqual([`${app.poolId}_Upstream`]);
    expect(id.identities).toEqual([{
      userId: upstreamSub, providerName: 'Upstream', providerType: 'OIDC', issuer: null, primary: 'true', dateCreated: expect.stringMatching(/^\d{13}$/),
    }]);
    expect(claimsOf(tokens.access_token)['cognito:groups']).toEqual([`${app.poolId}_Upstream`]);

    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: username }));
    expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
    const attributes = Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]));
    expect(JSON.parse(attributes.identities!)).toEqual(id.identities);
    const group = await t.cognito.send(new GetGroupCommand({ UserPoolId: app.poolId, GroupName: `${app.poolId}_Upstream` }));
    expect(group.Group?.Description).toBe('Autogenerated group for users who sign in using Upstream');

    // The triggers Cognito runs for a federated user's first sign-in, in order, with its mapped attributes.
    const [preSignUp] = rig.events('PreSignUp');
    expect(preSignUp).toMatchObject({
      triggerSource: 'PreSignUp_ExternalProvider', userName: username, callerContext: { clientId: app.clientId },
      request: { userAttributes: { email: 'uma@example.com', email_verified: 'true', given_name: 'Uma' } },
    });
    expect(rig.events('PostConfirmation')[0]).toMatchObject({ triggerSource: 'PostConfirmation_ConfirmSignUp', userName: username });
    expect(rig.events('PreAuthentication').at(-1)).toMatchObject({ userName: username, request: { userAttributes: { 'cognito:user_status': 'EXTERNAL_PROVIDER' } } });
    expect(rig.events('PostAuthentication').at(-1)).toMatchObject({ userName: username });
    const inbound = rig.events('InboundFederation')[0];
    expect(inbound).toMatchObject({
      triggerSource: 'InboundFederation_ExternalProvider', userName: username,
      request: { providerName: 'Upstream', providerType: 'OIDC', attributes: { idToken: { sub: upstreamSub }, userInfo: { email: 'uma@example.com' } } },
    });
    expect(inbound.request.attributes.tokenResponse.access_token).toEqual(expect.any(String));
  });

  it('overwrites the mapped attributes at the next sign-in and keeps the user', async () => {
    const before = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: `upstream_${upstreamSub}` }));
    await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: upstream.poolId, Username: 'uma', UserAttributes: [{ Name: 'given_name', Value: 'Umberta' }] }));
    const signUps = rig.events('PreSignUp').length;
    const { request, callback } = await signInUpstream();
    const id = (await redeem(request, callback)).claims()!;
    expect(id.given_name).toBe('Umberta');
    expect(id.sub).toBe(before.UserAttributes!.find((a) => a.Name === 'sub')!.Value);
    expect(rig.events('PreSignUp')).toHaveLength(signUps);
    const users = await t.cognito.send(new ListUsersCommand({ UserPoolId: app.poolId }));
    expect(users.Users!.filter((u) => u.UserStatus === 'EXTERNAL_PROVIDER' && u.Username!.startsWith('upstream_'))).toHaveLength(1);
  });

  it("keeps the federated user's Hosted UI session, refreshes its tokens and lets GetUser read it", async () => {
    const { request, callback, browser } = await signInUpstream();
    const tokens = await redeem(request, callback);
    // The session cookie signs the federated user straight back in.
    const again = await appRequest();
    const back = await browser.follow(again.url);
    expect(back.location).toMatch(/^http:\/\/localhost:3000\/callback\?code=/);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(claimsOf(refreshed.id_token!)['cognito:username']).toBe(`upstream_${upstreamSub}`);
    const user = await t.cognito.send(new GetUserCommand({ AccessToken: tokens.access_token }));
    expect(user.Username).toBe(`upstream_${upstreamSub}`);
    expect(JSON.parse(user.UserAttributes!.find((a) => a.Name === 'identities')!.Value!)[0].providerName).toBe('Upstream');
  });

  it('refuses a disabled federated user, back to the app', async () => {
    await t.cognito.send(new AdminDisableUserCommand({ UserPoolId: app.poolId, Username: `upstream_${upstreamSub}` }));
    try {
      const { callback } = await signInUpstream();
      const location = new URL(callback.location!);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('error_description')).toBe('User is disabled.');
    } finally {
      await t.cognito.send(new AdminEnableUserCommand({ UserPoolId: app.poolId, Username: `upstream_${upstreamSub}` }));
    }
  });

  it('refuses a first sign-in without a required attribute', async () => {
    fake.subject = 'no-email-user';
    fake.behaviour.idToken = { email: undefined };
    try {
      const { callback } = await signInFake('Fake');
      const location = new URL(callback.location!);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('error_description')).toBe('Invalid user attributes: email: Attribute is required.');
    } finally {
      fake.subject = 'fake-user-1';
    }
  });

  it('maps what InboundFederation answers instead of the mapped attributes', async () => {
    fake.subject = 'inbound-user';
    rig.handle('InboundFederation', (event) => {
      event.response.userAttributesToMap = { email: `${event.request.attributes.idToken.sub}@inbound.example.com` };
      return event;
    });
    try {
      const { request, callback } = await signInFake('Fake');
      const id = (await redeem(request, callback)).claims()!;
      expect(id.email).toBe('inbound-user@inbound.example.com');
      expect(rig.events('PreSignUp').at(-1)!.request.userAttributes).toEqual({ email: 'inbound-user@inbound.example.com' });
    } finally {
      rig.handle('InboundFederation', (event) => event);
      fake.subject = 'fake-user-1';
    }
  });

  it('goes straight to the provider for identity_provider and for an idp_identifier, with state, nonce and PKCE', async () => {
    const browser = new FederationBrowser(t.url);
    const first = await browser.request((await appRequest({ identity_provider: 'Upstream' })).url);
    const sent = new URL(first.location!);
    expect(sent.pathname).toBe(`/${upstream.poolId}/oauth2/authorize`);
    expect(sent.searchParams.get('client_id')).toBe(upstream.clientId);
    expect(sent.searchParams.get('redirect_uri')).toBe(`${t.url}/${app.poolId}/oauth2/idpresponse`);
    expect(sent.searchParams.get('scope')).toBe('openid email profile');
    expect(sent.searchParams.get('state')!.length).toBeGreaterThan(40);
    expect(sent.searchParams.get('nonce')!.length).toBeGreaterThan(20);
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    const byIdentifier = await browser.request((await appRequest({ idp_identifier: 'example.com' })).url);
    expect(new URL(byIdentifier.location!).pathname).toBe(`/${upstream.poolId}/oauth2/authorize`);
    // A provider the client does not list is refused back to the app.
    const unknown = await browser.request((await appRequest({ identity_provider: 'Nobody' })).url);
    expect(new URL(unknown.location!).searchParams.get('error')).toBe('invalid_request');
  });

  it('shows a button per provider of the client on the sign-in page', async () => {
    const page = await new FederationBrowser(t.url).follow((await appRequest()).url);
    expect(page.status).toBe(200);
    for (const label of ['Continue with Upstream', 'Continue with Fake', 'Continue with Facebook']) expect(page.text).toContain(label);
    expect(page.text).toContain('identity_provider=Upstream');
    expect(page.text).toContain('name="password"');
  });

  it('refuses a tampered state, a state from another browser and a replayed response, with an error page', async () => {
    const { callback, browser } = await signInUpstream();
    expect(callback.location).toMatch(/code=/);
    // The response the upstream pool sent back, replayed in the same browser: the state is spent.
    const response = browser.lastIdpResponse!;
    const replay = await browser.request(response);
    expect(replay.status).toBe(400);
    expect(replay.location).toBeUndefined();

    const fresh = new FederationBrowser(t.url);
    const first = await fresh.request((await appRequest({ identity_provider: 'Upstream' })).url);
    const state = new URL(first.location!).searchParams.get('state')!;
    const tampered = state.slice(0, 20) + (state[20] === 'A' ? 'B' : 'A') + state.slice(21);
    const bad = await fresh.request(`${t.url}/${app.poolId}/oauth2/idpresponse?code=x&state=${encodeURIComponent(tampered)}`);
    expect(bad.status).toBe(400);
    expect(bad.location).toBeUndefined();
    const elsewhere = await new FederationBrowser(t.url).request(`${t.url}/${app.poolId}/oauth2/idpresponse?code=x&state=${encodeURIComponent(state)}`);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.location).toBeUndefined();
  });

  it.each([
    ['a forged signature', { forgeSignature: true }, 'Invalid id_token signature'],
    ['a wrong audience', { idToken: { aud: 'someone-else' } }, 'Bad id_token audience'],
    ['a foreign authorized party', { idToken: { azp: 'someone-else' } }, 'Bad id_token authorized party'],
    ['a wrong issuer', { idToken: { iss: 'https://evil.example.com' } }, 'Bad id_token issuer https://evil.example.com'],
    ['a wrong nonce', { idToken: { nonce: 'not-ours' } }, 'Bad id_token nonce'],
    ['an expired token', { idToken: { exp: Math.floor(Date.now() / 1000) - 3600 } }, 'The id_token has expired'],
    ['a token not valid yet', { idToken: { nbf: Math.floor(Date.now() / 1000) + 3600 } }, 'The id_token is not valid yet'],
  ])('refuses an ID token with %s: the app gets invalid_request and no user is made', async (name, behaviour, message) => {
    Object.assign(fake.behaviour, behaviour);
    fake.subject = `refused-${name.replace(/\W+/g, '-')}`;
    const { request, callback } = await signInFake('Fake').finally(() => {
      fake.subject = 'fake-user-1';
    });
    const location = new URL(callback.location!);
    expect(location.origin + location.pathname).toBe(CALLBACK);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toBe(message);
    expect(location.searchParams.get('state')).toBe(request.state);
    const users = await t.cognito.send(new ListUsersCommand({ UserPoolId: app.poolId, Filter: `username = "fake_refused-${name.replace(/\W+/g, '-')}"` }));
    expect(users.Users).toEqual([]);
  });

  it("sends the provider's refusal back to the app with the app's state", async () => {
    fake.behaviour.authorizeError = 'access_denied';
    const { request, callback } = await signInFake('Fake');
    const location = new URL(callback.location!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_description')).toBe('The user said no.');
    expect(location.searchParams.get('state')).toBe(request.state);
  });

  it('signs in through the fake OIDC provider: nonce and PKCE reach it, multi-valued claims are flattened', async () => {
    fake.behaviour.idToken = { groups: ['admins', 'on call'] };
    const { request, callback } = await signInFake('Fake');
    const id = (await redeem(request, callback)).claims()!;
    expect(id['cognito:username']).toBe(`fake_${fake.subject}`);
    expect(id['custom:team']).toBe('[admins, on+call]');
    // email_verified is not mapped for this provider: the user has none.
    expect(id.email_verified).toBeUndefined();
    const authorize = fake.lastAuthorize()!;
    expect(authorize.get('nonce')).toBeTruthy();
    expect(authorize.get('code_challenge_method')).toBe('S256');
    const token = fake.requests.find((r) => r.path === '/token')!;
    expect(token.method).toBe('POST');
    expect(token.form.get('client_secret')).toBe(fake.clientSecret);
    expect(token.form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,}$/);
  });

  it("signs in with Facebook: the token request is a GET and the user is Facebook's id", async () => {
    fake.behaviour.noIdToken = true;
    fake.behaviour.userInfo = { id: '10220000000000001', name: 'Fay Book', email: 'fay@example.com' };
    const { request, callback } = await signInFake('Facebook');
    const id = (await redeem(request, callback)).claims()!;
    expect(id['cognito:username']).toBe('facebook_10220000000000001');
    expect(id.name).toBe('Fay Book');
    expect(id.identities).toEqual([expect.objectContaining({ userId: '10220000000000001', providerName: 'Facebook', providerType: 'Facebook', issuer: null })]);
    const token = fake.requests.find((r) => r.path === '/token')!;
    expect(token.method).toBe('GET');
    expect(token.query.get('client_secret')).toBe(fake.clientSecret);
    const me = fake.requests.find((r) => r.path === '/me')!;
    expect(me.query.get('fields')).toBe('id,email,name');
    expect(me.headers.authorization).toMatch(/^Bearer at-/);
    // No nonce for a provider without ID tokens.
    expect(fake.lastAuthorize()!.get('nonce')).toBeNull();
  });

  it('signs in with Google: the ID token is verified and the people API is asked only for what it lacks', async () => {
    fake.subject = '102613502779525861182';
    fake.behaviour.userInfo = { name: 'Gus Gle' };
    try {
      const { request, callback } = await signInFake('Google');
      const id = (await redeem(request, callback)).claims()!;
      expect(id['cognito:username']).toBe('google_102613502779525861182');
      expect(id.email).toBe('fay@example.com');
      expect(id.email_verified).toBe(true);
      expect(id.name).toBe('Gus Gle');
      expect(id['cognito:groups']).toEqual([`${app.poolId}_Google`]);
      const people = fake.requests.find((r) => r.path === '/userinfo')!;
      expect(people.query.get('personFields')).toBe('name');
      expect(fake.lastAuthorize()!.get('nonce')).toBeTruthy();
    } finally {
      fake.subject = 'fake-user-1';
    }
  });

  it('shows only the provider buttons to a client without COGNITO, and refuses its password sign-in', async () => {
    const only = await t.fixtures.client(app.poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], CallbackURLs: [CALLBACK], AllowedOAuthScopes: ['openid'],
      SupportedIdentityProviders: ['Upstream'],
    });
    const query = new URLSearchParams({ response_type: 'code', client_id: only.clientId, redirect_uri: CALLBACK, state: 'only' });
    const browser = new FederationBrowser(t.url);
    const page = await browser.follow(`${t.url}/${app.poolId}/oauth2/authorize?${query}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Continue with Upstream');
    expect(page.text).not.toContain('name="password"');
    // A hand-made post (with the browser's CSRF token) goes back to the app refused.
    const form = { username: 'uma', password: PASSWORD, _csrf: browser.cookies.get('XSRF-TOKEN')! };
    const post = await browser.request(`${t.url}/${app.poolId}/login?${query}`, { form });
    expect(post.status).toBe(302);
    expect(new URL(post.location!).searchParams.get('error')).toBe('unauthorized_client');
    expect(new URL(post.location!).searchParams.get('state')).toBe('only');
  });

  it("signs in with Apple: the answer is a form post, the client secret an ES256 JWT of the team's key, the name from the posted user", async () => {
    fake.subject = '001234.abcdef.0987';
    fake.behaviour.postedUser = JSON.stringify({ name: { firstName: 'Ap', lastName: 'Ple' }, email: 'fay@example.com' });
    try {
      const request = await appRequest({ identity_provider: 'SignInWithApple' });
      const browser = new FederationBrowser(t.url);
      const page = await browser.followAcross(request.url);
      expect(fake.lastAuthorize()!.get('response_mode')).toBe('form_post');
      const form = formOf(page, 'idpresponse');
      const callback = await browser.request(form.action, { form: form.hidden });
      const id = (await redeem(request, callback)).claims()!;
      expect(id['cognito:username']).toBe('signinwithapple_001234.abcdef.0987');
      expect(id.given_name).toBe('Ap');
      expect(id.family_name).toBe('Ple');
      const secret = fake.requests.find((r) => r.path === '/token')!.form.get('client_secret')!;
      const [head, body, signature] = secret.split('.');
      expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ alg: 'ES256', kid: 'KEY1234567' });
      expect(JSON.parse(Buffer.from(body, 'base64url').toString())).toMatchObject({ iss: 'TEAM123456', sub: fake.clientId, aud: 'https://appleid.apple.com' });
      expect(verify('sha256', Buffer.from(`${head}.${body}`), { key: APPLE_KEY.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
    } finally {
      fake.subject = 'fake-user-1';
    }
  });

  it('lets a federated user have the email of a user of an email-username pool (no alias taken)', async () => {
    const emailPool = await oauthPool(t, { pool: { UsernameAttributes: ['email'] } });
    await t.cognito.send(new CreateIdentityProviderCommand({
      UserPoolId: emailPool.poolId, ProviderName: 'Fake', ProviderType: 'OIDC', AttributeMapping: { email: 'email' },
      ProviderDetails: { client_id: fake.clientId, client_secret: fake.clientSecret, authorize_scopes: 'openid email', oidc_issuer: fake.issuer },
    }));
    const client = await t.fixtures.client(emailPool.poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], CallbackURLs: [CALLBACK], AllowedOAuthScopes: ['openid', 'email'],
      SupportedIdentityProviders: ['COGNITO', 'Fake'],
    });
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: emailPool.poolId, Username: 'fay@example.com', MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: emailPool.poolId, Username: 'fay@example.com', Password: PASSWORD, Permanent: true }));
    const query = new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: CALLBACK, scope: 'openid email', identity_provider: 'Fake' });
    const callback = await new FederationBrowser(t.url).followAcross(`${t.url}/${emailPool.poolId}/oauth2/authorize?${query}`);
    expect(callback.location).toMatch(/^http:\/\/localhost:3000\/callback\?code=/);
    const users = await t.cognito.send(new ListUsersCommand({ UserPoolId: emailPool.poolId, Filter: 'email = "fay@example.com"' }));
    expect(users.Users!.map((u) => u.UserStatus).sort()).toEqual(['CONFIRMED', 'EXTERNAL_PROVIDER']);
  });

  it('refuses the first sign-in when PreSignUp_ExternalProvider fails, and makes no user', async () => {
    fake.subject = 'refused-user';
    rig.handle('PreSignUp', () => {
      throw new Error('No outsiders');
    });
    try {
      const { callback } = await signInFake('Fake');
      const location = new URL(callback.location!);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('error_description')).toContain('No outsiders');
      const users = await t.cognito.send(new ListUsersCommand({ UserPoolId: app.poolId, Filter: 'username = "fake_refused-user"' }));
      expect(users.Users).toEqual([]);
    } finally {
      rig.handle('PreSignUp', (event) => event);
      fake.subject = 'fake-user-1';
    }
  });

  it.skipIf(skipBrowserTests)('signs in with the button of the sign-in page in chromium', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const request = await appRequest();
      // The app's callback is not served: record where the browser is sent instead.
      let landed: string | undefined;
      await page.route('http://localhost:3000/**', async (route) => {
        landed = route.request().url();
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>App</title>' });
      });
      await page.goto(request.url);
      await page.getByRole('link', { name: 'Continue with Upstream' }).click();
      await page.getByLabel('Password', { exact: true }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/${upstream.poolId}/login`);
      await page.getByLabel('Username').fill('uma');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/localhost:3000\/callback/);
      const id = (await redeem(request, { url: landed!, status: 302, headers: new Headers(), text: '', location: landed })).claims()!;
      expect(id['cognito:username']).toBe(`upstream_${upstreamSub}`);
    } finally {
      await browser.close();
    }
  });
});
