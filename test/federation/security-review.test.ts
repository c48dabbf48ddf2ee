// Attacks on federation that a security review tried: SAML responses shaped to smuggle another
// identity past the signature check (comments in signed text, wrapped or extra assertions, DTDs,
// addressing the signature does not cover), and OIDC/social sign-ins that must not take over users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminGetUserCommand, AdminUpdateUserAttributesCommand, CreateIdentityProviderCommand, ListUsersCommand, type CreateUserPoolClientCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { buildResponse, createTestIdp, readAuthnRequest, type ResponseOptions, type TestIdp } from './saml-idp.js';

const CALLBACK = 'http://localhost:3000/callback';
const EMAIL_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

let t: TestServer;
let idp: TestIdp;
beforeAll(async () => {
  t = await startTestServer();
  idp = createTestIdp();
});
afterAll(() => t?.close());

interface Setup { poolId: string; clientId: string; acsUrl: string; audience: string }

async function setUp(details: Record<string, string> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}): Promise<Setup> {
  const poolId = await t.fixtures.pool();
  await t.cognito.send(new CreateIdentityProviderCommand({
    UserPoolId: poolId, ProviderName: 'MySAML', ProviderType: 'SAML',
    ProviderDetails: { MetadataFile: idp.metadata, ...details }, AttributeMapping: { email: EMAIL_CLAIM },
  }));
  const { clientId } = await t.fixtures.client(poolId, {
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email', 'profile'],
    CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['COGNITO', 'MySAML'], ...client,
  });
  return { poolId, clientId, acsUrl: `${t.url}/${poolId}/saml2/idpresponse`, audience: `urn:amazon:cognito:sp:${poolId}` };
}

async function startSignIn(s: Setup) {
  const query = new URLSearchParams({ client_id: s.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid email', state: 'app-state', identity_provider: 'MySAML' });
  const response = await fetch(`${t.url}/${s.poolId}/oauth2/authorize?${query}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return readAuthnRequest(response.headers.get('location')!);
}

async function postToAcs(s: Setup, samlResponse: string, relayState: string): Promise<URL> {
  const response = await fetch(s.acsUrl, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: relayState }),
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

async function redeem(s: Setup, code: string): Promise<Record<string, any>> {
  const response = await fetch(`${t.url}/${s.poolId}/oauth2/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: s.clientId, code, redirect_uri: CALLBACK }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

const responseFor = (s: Setup, request: { id: string }, options: Partial<ResponseOptions> = {}) => buildResponse(idp, {
  acsUrl: s.acsUrl, audience: s.audience, nameId: 'alice@example.com', inResponseTo: request.id,
  attributes: { [EMAIL_CLAIM]: 'alice@example.com' }, ...options,
});

/** Rewrites the XML of a base64 SAMLResponse. */
const rewrite = (samlResponse: string, change: (xml: string) => string) =>
  Buffer.from(change(Buffer.from(samlResponse, 'base64').toString('utf8'))).toString('base64');

function expectRefused(callback: URL) {
  expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
  expect(callback.searchParams.get('code')).toBeNull();
  expect(callback.searchParams.get('error')).toBe('invalid_request');
}

describe('SAML responses shaped to pass as someone else', () => {
  it('reads the whole NameID and attribute values when the signed text holds comments', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    // Exclusive canonicalisation drops comments, so the signature still holds after they are added.
    const tamper = (xml: string) => xml.replace('>alice@example.com.evil.test</saml:NameID>', '>alice@example.com<!---->.evil.test</saml:NameID>')
      .replace('>alice@example.com.evil.test</saml:AttributeValue>', '>alice@example.com<!---->.evil.test</saml:AttributeValue>');
    const samlResponse = await responseFor(s, request, { nameId: 'alice@example.com.evil.test', attributes: { [EMAIL_CLAIM]: 'alice@example.com.evil.test' }, tamper });
    const callback = await postToAcs(s, samlResponse, request.relayState);
    const claims = claimsOf((await redeem(s, callback.searchParams.get('code')!)).id_token);
    expect(claims['cognito:username']).toBe('MySAML_alice@example.com.evil.test');
    expect(claims.email).toBe('alice@example.com.evil.test');
  });

  it('refuses a second, unsigned assertion next to a signed one', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    const signed = await responseFor(s, request, { nameId: 'mallory@example.com' });
    const forged = await responseFor(s, request, { sign: 'none' });
    const forgedAssertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(Buffer.from(forged, 'base64').toString('utf8'))![0];
    for (const place of ['before', 'after'] as const) {
      const wrapped = rewrite(signed, (xml) => xml.replace(/<saml:Assertion[\s\S]*<\/saml:Assertion>/, (a) => (place === 'before' ? forgedAssertion + a : a + forgedAssertion)));
      expectRefused(await postToAcs(s, wrapped, (await startSignIn(s)).relayState));
    }
  });

  it('refuses a signed assertion hidden in an extension with a forged one in its place', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    const signed = await responseFor(s, request, { nameId: 'mallory@example.com' });
    const forged = await responseFor(s, request, { sign: 'none' });
    const forgedAssertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(Buffer.from(forged, 'base64').toString('utf8'))![0];
    const wrapped = rewrite(signed, (xml) => xml.replace(/<saml:Assertion[\s\S]*<\/saml:Assertion>/, (a) => `<samlp:Extensions>${a}</samlp:Extensions>${forgedAssertion}`));
    expectRefused(await postToAcs(s, wrapped, request.relayState));
  });

  it('refuses a response with a document type declaration', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    const signed = await responseFor(s, request);
    const withDtd = rewrite(signed, (xml) => `<!DOCTYPE samlp:Response [<!ENTITY who "alice">]>${xml}`);
    expectRefused(await postToAcs(s, withDtd, request.relayState));
  });

  it('refuses a plain assertion when the provider is to encrypt them, whatever a comment says', async () => {
    const s = await setUp({ EncryptedResponses: 'true' });
    const request = await startSignIn(s);
    const plain = rewrite(await responseFor(s, request), (xml) => xml.replace('<samlp:Status>', '<!-- <saml:EncryptedAssertion> --><samlp:Status>'));
    expectRefused(await postToAcs(s, plain, request.relayState));
  });

  it("refuses a response whose Destination is another service's, however the attribute is quoted", async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    const signed = await responseFor(s, request);
    const elsewhere = rewrite(signed, (xml) => xml.replace(`Destination="${s.acsUrl}"`, "Destination='https://sp.example.test/acs'"));
    expectRefused(await postToAcs(s, elsewhere, request.relayState));
  });
});

describe('what a provider may write', () => {
  it("refuses a sign-in whose mapped attributes the app client may not write, and makes no user", async () => {
    // Cognito: the client's WriteAttributes must hold every mapped attribute; a sign-in that would
    // write another fails rather than letting the provider set what the client may not.
    const s = await setUp({}, { WriteAttributes: ['name'] });
    const request = await startSignIn(s);
    expectRefused(await postToAcs(s, await responseFor(s, request), request.relayState));
    expect((await t.cognito.send(new ListUsersCommand({ UserPoolId: s.poolId }))).Users).toEqual([]);
    // With email writable the same sign-in goes through.
    const allowed = await setUp({}, { WriteAttributes: ['name', 'email'] });
    const again = await startSignIn(allowed);
    expect((await postToAcs(allowed, await responseFor(allowed, again), again.relayState)).searchParams.get('code')).toBeTruthy();
  });
});

describe('verified addresses', () => {
  it('takes back email_verified when a later sign-in maps another email and not its verification', async () => {
    const s = await setUp();
    const signIn = async (email: string) => {
      const request = await startSignIn(s);
      const callback = await postToAcs(s, await responseFor(s, request, { attributes: { [EMAIL_CLAIM]: email } }), request.relayState);
      expect(callback.searchParams.get('code')).toBeTruthy();
    };
    const flag = async () => (await t.cognito.send(new AdminGetUserCommand({ UserPoolId: s.poolId, Username: 'MySAML_alice@example.com' })))
      .UserAttributes?.find((a) => a.Name === 'email_verified')?.Value;
    await signIn('alice@example.com');
    // The pool verified this address (an admin, or a PreSignUp function's autoVerifyEmail).
    await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: s.poolId, Username: 'MySAML_alice@example.com', UserAttributes: [{ Name: 'email_verified', Value: 'true' }] }));
    await signIn('alice@example.com');
    expect(await flag()).toBe('true');
    // The provider now says another address, which nobody verified.
    await signIn('mallory@example.com');
    expect(await flag()).toBe('false');
  });
});
