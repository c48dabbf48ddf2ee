// Fuzzing of the OAuth 2.0 / OIDC endpoints, the federation callbacks and the Hosted UI forms:
// generated query strings and form bodies with real client ids, redirect URIs, codes and tokens
// mixed with odd values, half of the posts with a matching CSRF pair so that they get past it. No
// answer may be a 5xx or hang. GATEHOUSE_FUZZ_REQUESTS sets the number of requests.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser, signIn } from '../helpers/users.js';
import { formBody, type KnownValues } from './arbitraries.js';
import { send } from './client.js';

const REQUESTS = Number(process.env.GATEHOUSE_FUZZ_REQUESTS ?? 1500);
const PASSWORD = 'Fuzz-Passw0rd!';
const CSRF = 'c'.repeat(43);

const OAUTH_FIELDS = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'identity_provider', 'idp_identifier', 'prompt', 'logout_uri', 'lang'];
const TOKEN_FIELDS = ['grant_type', 'code', 'redirect_uri', 'client_id', 'client_secret', 'refresh_token', 'scope', 'code_verifier', 'token'];
const FORM_FIELDS = ['username', 'password', 'code', 'session', 'answer', 'challenge', 'credential', 'factor', 'ticket', 'skip', 'email', 'phone_number', 'name', 'newPassword', 'js', '_csrf'];
const PAGES = ['login', 'signup', 'confirm', 'resendcode', 'forgotPassword', 'confirmForgotPassword', 'newPassword', 'mfa', 'signInCode', 'passkey', 'passkeyOffer', 'error'];

describe('fuzzing the OAuth endpoints and the Hosted UI', () => {
  let t: TestServer;
  const known: KnownValues = {};

  beforeAll(async () => {
    t = await startTestServer();
    const callback = 'http://localhost:3000/callback';
    const { poolId, clientId } = await t.fixtures.poolWithClient(
      { PoolName: 'fuzz-http', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } },
      {
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code', 'implicit'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [callback],
        LogoutURLs: ['http://localhost:3000/'],
        SupportedIdentityProviders: ['COGNITO'],
      },
    );
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'fuzz-http' }));
    await adminCreatedUser(t, poolId, 'alice', PASSWORD, [{ Name: 'email', Value: 'alice@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    const tokens = await signIn(t, { poolId, clientId }, 'alice', PASSWORD);
    Object.assign(known, {
      client_id: [clientId],
      redirect_uri: [callback, `${callback}/x`, 'javascript:alert(1)'],
      logout_uri: ['http://localhost:3000/'],
      response_type: ['code', 'token', 'id_token'],
      scope: ['openid', 'openid email', 'openid profile aws.cognito.signin.user.admin'],
      grant_type: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
      refresh_token: [tokens.RefreshToken!],
      token: [tokens.RefreshToken!, tokens.AccessToken!],
      code_challenge_method: ['S256', 'plain'],
      identity_provider: ['COGNITO', 'Nope'],
      prompt: ['login', 'none'],
      username: ['alice', 'alice@example.com', 'nobody'],
      password: [PASSWORD],
      factor: ['EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN', 'PASSWORD'],
      _csrf: [CSRF],
      poolId: [poolId],
      accessToken: [tokens.AccessToken!],
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`answers ${REQUESTS} generated requests without a 5xx or a hang`, async () => {
    const query = formBody(OAUTH_FIELDS, known);
    const base = fc.constantFrom('', `/${known.poolId[0]}`);
    const request = fc.oneof(
      fc.record({ method: fc.constant('GET'), path: fc.constantFrom('/oauth2/authorize', '/logout', '/oauth2/idpresponse', '/saml2/logout', ...PAGES.map((p) => `/${p}`)), base, query }),
      fc.record({ method: fc.constant('POST'), path: fc.constantFrom('/oauth2/token', '/oauth2/revoke'), base, form: formBody(TOKEN_FIELDS, known), basic: fc.boolean() }),
      fc.record({ method: fc.constantFrom('GET', 'POST'), path: fc.constant('/oauth2/userInfo'), base, bearer: fc.oneof(fc.constantFrom(...known.accessToken, '', 'x.y.z'), fc.string({ maxLength: 60 })) }),
      fc.record({ method: fc.constant('POST'), path: fc.constantFrom(...PAGES.map((p) => `/${p}`)), base, query, form: formBody(FORM_FIELDS, known), csrf: fc.boolean() }),
      fc.record({ method: fc.constant('POST'), path: fc.constantFrom('/saml2/idpresponse', '/oauth2/idpresponse'), base, form: formBody(['SAMLResponse', 'RelayState', 'code', 'state', 'error'], known) }),
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r: any) => {
        const headers: Record<string, string> = {};
        let url = `${t.url}${r.base}${r.path}`;
        if (r.query !== undefined) url += `?${r.query}`;
        let body: string | undefined;
        if (r.method === 'POST' && r.form !== undefined) {
          body = r.csrf ? `${r.form}&_csrf=${CSRF}` : r.form;
          headers['content-type'] = 'application/x-www-form-urlencoded';
        }
        if (r.csrf) headers.cookie = `XSRF-TOKEN=${CSRF}`;
        if (r.basic) headers.authorization = `Basic ${Buffer.from(`${known.client_id[0]}:x`).toString('base64')}`;
        if (r.bearer !== undefined) headers.authorization = `Bearer ${r.bearer}`;
        const response = await send(url, { method: r.method, headers, body });
        expect(response.status, `${r.method} ${url.slice(0, 300)} ${body?.slice(0, 200) ?? ''}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
        sent += 1;
      }),
      { numRuns: REQUESTS, endOnFailure: true },
    );
    expect(sent).toBe(REQUESTS);
  }, 60_000 + REQUESTS * 100);
});
