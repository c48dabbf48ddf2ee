// SAML 2.0 federation, with the pool as the service provider and test/federation/saml-idp.ts as the
// identity provider: SP-initiated sign-in from /oauth2/authorize (a signed AuthnRequest out, the
// IdP's POST to /saml2/idpresponse back, a code for the app), IdP-initiated sign-in, and every
// response the pool must refuse. The browser's redirects are followed with fetch (POST binding).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminGetUserCommand, AdminUpdateUserAttributesCommand, CreateIdentityProviderCommand, GetSigningCertificateCommand, ListUsersCommand, type CreateUserPoolClientCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { buildResponse, createTestIdp, logoutResponseQuery, readAuthnRequest, readLogoutRequest, type ResponseOptions, type TestIdp } from './saml-idp.js';

const CALLBACK = 'http://localhost:3000/callback';
const SIGNED_OUT = 'http://localhost:3000/signed-out';
const EMAIL_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

let t: TestServer;
let idp: TestIdp;
beforeAll(async () => {
  t = await startTestServer();
  idp = createTestIdp();
});
afterAll(() => t?.close());

interface Setup { poolId: string; clientId: string; acsUrl: string; audience: string }

/** A pool, its SAML provider (the IdP's metadata as MetadataFile unless told) and an app client allowed to use it. */
async function setUp(details: Record<string, string> = {}, name = 'MySAML', idpIdentifiers: string[] = [], client: Partial<CreateUserPoolClientCommandInput> = {}): Promise<Setup> {
  const poolId = await t.fixtures.pool();
  await t.cognito.send(new CreateIdentityProviderCommand({
    UserPoolId: poolId, ProviderName: name, ProviderType: 'SAML',
    ProviderDetails: { ...(details.MetadataURL === undefined && { MetadataFile: idp.metadata }), ...details },
    AttributeMapping: { email: EMAIL_CLAIM, name: 'displayName' }, IdpIdentifiers: idpIdentifiers,
  }));
  const { clientId } = await t.fixtures.client(poolId, {
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email', 'profile'],
    CallbackURLs: [CALLBACK], LogoutURLs: [SIGNED_OUT], SupportedIdentityProviders: ['COGNITO', name], ...client,
  });
  return { poolId, clientId, acsUrl: `${t.url}/${poolId}/saml2/idpresponse`, audience: `urn:amazon:cognito:sp:${poolId}` };
}

const authorizeUrl = (s: Setup, extra: Record<string, string> = { identity_provider: 'MySAML' }) =>
  `${t.url}/${s.poolId}/oauth2/authorize?${new URLSearchParams({ client_id: s.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid email profile', state: 'app-state', ...extra })}`;

/** /oauth2/authorize → the redirect to the IdP, read as the IdP reads it. */
async function startSignIn(s: Setup, extra?: Record<string, string>) {
  const response = await fetch(authorizeUrl(s, extra), { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = response.headers.get('location')!;
  expect(location.startsWith(`${idp.ssoUrl}?`)).toBe(true);
  return readAuthnRequest(location);
}

/** The IdP's auto-posted form to the ACS: answers the redirect that follows. */
async function postToAcs(s: Setup, samlResponse: string, relayState: string): Promise<URL> {
  return (await postToAcsWithCookies(s, samlResponse, relayState)).callback;
}

/** The same, with the cookies the browser is given (as one Cookie header). */
async function postToAcsWithCookies(s: Setup, samlResponse: string, relayState: string): Promise<{ callback: URL; cookies: string }> {
  const response = await fetch(s.acsUrl, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: relayState }),
  });
  expect(response.status).toBe(302);
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]).filter((pair) => !pair.endsWith('=')).join('; ');
  return { callback: new URL(response.headers.get('location')!), cookies };
}

/** Rewrites the XML of a base64 SAMLResponse (what an attacker holding a signed one can do). */
const rewrite = (samlResponse: string, change: (xml: string) => string) =>
  Buffer.from(change(Buffer.from(samlResponse, 'base64').toString('utf8'))).toString('base64');

async function redeem(s: Setup, code: string): Promise<Record<string, any>> {
  const response = await fetch(`${t.url}/${s.poolId}/oauth2/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: s.clientId, code, redirect_uri: CALLBACK }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

const responseFor = (s: Setup, request: { id: string } | undefined, options: Partial<ResponseOptions> = {}) => buildResponse(idp, {
  acsUrl: s.acsUrl, audience: s.audience, nameId: 'alice@example.com', inResponseTo: request?.id,
  attributes: { [EMAIL_CLAIM]: 'alice@example.com', displayName: 'Alice Example' }, ...options,
});

/** The app's callback was reached with an error and no code. */
function expectRefused(callback: URL) {
  expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
  expect(callback.searchParams.get('code')).toBeNull();
  expect(callback.searchParams.get('error')).toBe('invalid_request');
  expect(callback.searchParams.get('state')).toBe('app-state');
}

describe('GetSigningCertificate', () => {
  it('answers the pool\'s certificate as base64 DER, the same one every time', async () => {
    const { poolId } = await setUp();
    const first = await t.cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
    const second = await t.cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
    expect(first.Certificate).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(second.Certificate).toBe(first.Certificate);
    const certificate = new X509Certificate(Buffer.from(first.Certificate!, 'base64'));
    expect(certificate.subject).toContain(`urn:amazon:cognito:sp:${poolId}`);
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(new Date(certificate.validTo).getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 9);
  });

  it('answers ResourceNotFoundException for an unknown pool', async () => {
    await expect(t.cognito.send(new GetSigningCertificateCommand({ UserPoolId: 'us-east-1_NoSuchPool' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('SP-initiated SAML sign-in', () => {
  it('sends a signed AuthnRequest and signs the IdP\'s user in with a code the app redeems', async () => {
    const s = await setUp({ RequestSigningAlgorithm: 'rsa-sha256' });
    const request = await startSignIn(s);
    // 1. The AuthnRequest: from the pool's SP entity, to the IdP, answered at the pool's ACS, signed
    //    with the certificate GetSigningCertificate answers.
    expect(request.issuer).toBe(s.audience);
    expect(request.acsUrl).toBe(s.acsUrl);
    expect(request.destination).toBe(idp.ssoUrl);
    expect(request.sigAlg).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    const { Certificate } = await t.cognito.send(new GetSigningCertificateCommand({ UserPoolId: s.poolId }));
    const pem = `-----BEGIN CERTIFICATE-----\n${Certificate}\n-----END CERTIFICATE-----\n`;
    expect(request.signatureValid(pem)).toBe(true);
    expect(request.signatureValid(idp.certificatePem)).toBe(false);
    // 2. The IdP answers; the app gets its code and state.
    const callback = await postToAcs(s, await responseFor(s, request), request.relayState);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(callback.searchParams.get('state')).toBe('app-state');
    const tokens = await redeem(s, callback.searchParams.get('code')!);
    // 3. The user Cognito makes of a SAML identity.
    const claims = claimsOf(tokens.id_token);
    expect(claims['cognito:username']).toBe('MySAML_alice@example.com');
    expect(claims.email).toBe('alice@example.com');
    expect(claims.name).toBe('Alice Example');
    expect(claims['cognito:groups']).toEqual([`${s.poolId}_MySAML`]);
    expect(claims.identities).toEqual([expect.objectContaining({
      userId: 'alice@example.com', providerName: 'MySAML', providerType: 'SAML', issuer: idp.entityId, primary: 'true',
    })]);
  });

  it('sends an unsigned AuthnRequest when RequestSigningAlgorithm is not set', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    expect(request.signed).toBe(false);
  });

  it('finds the provider by idp_identifier', async () => {
    const s = await setUp({}, 'MySAML', ['example.com']);
    const request = await startSignIn(s, { idp_identifier: 'example.com' });
    const callback = await postToAcs(s, await responseFor(s, request), request.relayState);
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('refuses a provider the app client does not support', async () => {
    const s = await setUp();
    const response = await fetch(authorizeUrl(s, { identity_provider: 'OtherSAML' }), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expectRefused(new URL(response.headers.get('location')!));
  });

  it('accepts a response signed as a whole instead of its assertion', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    const callback = await postToAcs(s, await responseFor(s, request, { sign: 'response' }), request.relayState);
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('refuses an unsigned assertion', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    expectRefused(await postToAcs(s, await responseFor(s, request, { sign: 'none' }), request.relayState));
  });

  it('refuses an assertion signed with a key that is not in the metadata', async () => {
    const s = await setUp();
    const forger = createTestIdp();
    const request = await startSignIn(s);
    expectRefused(await postToAcs(s, await responseFor(s, request, { signingKey: forger }), request.relayState));
  });

  it('refuses an assertion changed after it was signed', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    const tamper = (xml: string) => xml.replace('>alice@example.com</saml:NameID>', '>mallory@example.com</saml:NameID>');
    expectRefused(await postToAcs(s, await responseFor(s, request, { tamper }), request.relayState));
  });

  it('refuses a replayed response', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    const response = await responseFor(s, request);
    expect((await postToAcs(s, response, request.relayState)).searchParams.get('code')).toBeTruthy();
    expectRefused(await postToAcs(s, response, request.relayState));
    // Nor does it complete another sign-in the browser starts.
    const second = await startSignIn(s);
    expectRefused(await postToAcs(s, response, second.relayState));
  });

  it('refuses an expired assertion and one not yet valid', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    expectRefused(await postToAcs(s, await responseFor(s, request, { notBeforeMs: -20 * 60_000, notOnOrAfterMs: -10 * 60_000 }), request.relayState));
    const later = await startSignIn(s);
    expectRefused(await postToAcs(s, await responseFor(s, later, { notBeforeMs: 10 * 60_000, notOnOrAfterMs: 20 * 60_000 }), later.relayState));
  });

  it('tolerates a small clock difference with the IdP', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    const callback = await postToAcs(s, await responseFor(s, request, { notBeforeMs: 20_000 }), request.relayState);
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('refuses an assertion for another audience, another ACS, another request or another issuer', async () => {
    const s = await setUp();
    const cases: Array<(request: { id: string }) => Partial<ResponseOptions>> = [
      () => ({ audience: 'urn:amazon:cognito:sp:us-east-1_Other' }),
      () => ({ acsUrl: `${t.url}/us-east-1_Other/saml2/idpresponse` }),
      () => ({ inResponseTo: '_not-our-request' }),
      () => ({ issuer: 'https://other-idp.example.test' }),
    ];
    for (const options of cases) {
      const request = await startSignIn(s);
      expectRefused(await postToAcs(s, await responseFor(s, request, options(request)), request.relayState));
    }
  });

  it('refuses an unsolicited response posted with a sign-in the pool started', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    expectRefused(await postToAcs(s, await responseFor(s, undefined), request.relayState));
  });

  it('answers an error page, not a 5xx, for a response that is not SAML or a RelayState that is not ours', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    expectRefused(await postToAcs(s, Buffer.from('<not-saml/>').toString('base64'), request.relayState));
    expectRefused(await postToAcs(s, 'not base64 at all!', request.relayState));
    const forged = await fetch(s.acsUrl, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: await responseFor(s, request), RelayState: `${request.relayState}x` }),
    });
    expect(forged.status).toBe(400);
    const empty = await fetch(s.acsUrl, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(empty.status).toBe(400);
  });
});

describe('encrypted assertions (EncryptedResponses)', () => {
  const poolCertificate = async (poolId: string) => {
    const { Certificate } = await t.cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
    return `-----BEGIN CERTIFICATE-----\n${Certificate}\n-----END CERTIFICATE-----\n`;
  };

  it('decrypts an assertion encrypted for the pool\'s certificate', async () => {
    const s = await setUp({ EncryptedResponses: 'true' });
    const request = await startSignIn(s);
    const callback = await postToAcs(s, await responseFor(s, request, { encryptFor: await poolCertificate(s.poolId) }), request.relayState);
    const tokens = await redeem(s, callback.searchParams.get('code')!);
    expect(claimsOf(tokens.id_token).email).toBe('alice@example.com');
  });

  it('refuses a plain assertion when the provider is to encrypt them', async () => {
    const s = await setUp({ EncryptedResponses: 'true' });
    const request = await startSignIn(s);
    expectRefused(await postToAcs(s, await responseFor(s, request), request.relayState));
  });

  it('refuses an encrypted assertion that is not signed', async () => {
    const s = await setUp({ EncryptedResponses: 'true' });
    const request = await startSignIn(s);
    expectRefused(await postToAcs(s, await responseFor(s, request, { sign: 'none', encryptFor: await poolCertificate(s.poolId) }), request.relayState));
  });
});

describe('IdP-initiated SAML sign-in', () => {
  let metadataServer: Server;
  let metadataUrl: string;
  beforeAll(async () => {
    // The provider's metadata served over HTTP, for MetadataURL.
    metadataServer = createServer((_request, response) => response.setHeader('content-type', 'application/xml').end(idp.metadata));
    await new Promise<void>((resolve) => metadataServer.listen(0, '127.0.0.1', resolve));
    metadataUrl = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}/metadata`;
  });
  afterAll(() => new Promise<void>((resolve) => metadataServer.close(() => resolve())));

  const relayStateFor = (s: Setup) =>
    new URLSearchParams({ client_id: s.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid email', identity_provider: 'MySAML', state: 'app-state' }).toString();

  it('signs in with an unsolicited response when IDPInit is "true", once', async () => {
    const s = await setUp({ IDPInit: 'true', MetadataURL: metadataUrl });
    const response = await responseFor(s, undefined);
    const callback = await postToAcs(s, response, relayStateFor(s));
    const tokens = await redeem(s, callback.searchParams.get('code')!);
    expect(claimsOf(tokens.id_token)['cognito:username']).toBe('MySAML_alice@example.com');
    expectRefused(await postToAcs(s, response, relayStateFor(s)));
  });

  it('refuses an unsolicited response when IDPInit is not set', async () => {
    const s = await setUp();
    expectRefused(await postToAcs(s, await responseFor(s, undefined), relayStateFor(s)));
  });

  it('refuses an unsolicited response that claims to answer a request', async () => {
    const s = await setUp({ IDPInit: 'true' });
    expectRefused(await postToAcs(s, await responseFor(s, { id: '_some-request' }), relayStateFor(s)));
  });
});

describe('SAML sign-out (IDPSignout)', () => {
  /** A SAML sign-in: answers the browser's cookies. */
  async function signIn(s: Setup): Promise<string> {
    const request = await startSignIn(s);
    const { callback, cookies } = await postToAcsWithCookies(s, await responseFor(s, request), request.relayState);
    expect(callback.searchParams.get('code')).toBeTruthy();
    return cookies;
  }
  const logout = (s: Setup, cookies: string) =>
    fetch(`${t.url}/${s.poolId}/logout?${new URLSearchParams({ client_id: s.clientId, logout_uri: SIGNED_OUT })}`, { redirect: 'manual', headers: { cookie: cookies } });
  const stillSignedIn = async (s: Setup, cookies: string) => {
    const response = await fetch(authorizeUrl(s, {}), { redirect: 'manual', headers: { cookie: cookies } });
    return new URL(response.headers.get('location')!, t.url).searchParams.has('code');
  };

  it('sends a signed LogoutRequest to the IdP and returns to the app from its LogoutResponse', async () => {
    const s = await setUp({ IDPSignout: 'true' });
    const cookies = await signIn(s);
    expect(await stillSignedIn(s, cookies)).toBe(true);
    // 1. /logout ends the session and sends the browser to the IdP's sign-out.
    const response = await logout(s, cookies);
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    expect(location.startsWith(`${idp.sloUrl}?`)).toBe(true);
    const request = readLogoutRequest(location);
    expect(request).toMatchObject({ issuer: s.audience, destination: idp.sloUrl, nameId: 'alice@example.com' });
    expect(request.sessionIndex).toBeTruthy();
    const { Certificate } = await t.cognito.send(new GetSigningCertificateCommand({ UserPoolId: s.poolId }));
    expect(request.signatureValid(`-----BEGIN CERTIFICATE-----\n${Certificate}\n-----END CERTIFICATE-----\n`)).toBe(true);
    expect(await stillSignedIn(s, cookies)).toBe(false);
    // 2. The IdP's answer at /saml2/logout sends the browser on to the app's sign-out URL.
    const sloReturn = `${t.url}/${s.poolId}/saml2/logout`;
    const answer = await fetch(`${sloReturn}?${logoutResponseQuery(idp, { inResponseTo: request.id, destination: sloReturn, relayState: request.relayState })}`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(SIGNED_OUT);
  });

  it('refuses a LogoutResponse that answers another request, is signed by another key or reports a failure', async () => {
    const s = await setUp({ IDPSignout: 'true' });
    const request = readLogoutRequest((await logout(s, await signIn(s))).headers.get('location')!);
    const sloReturn = `${t.url}/${s.poolId}/saml2/logout`;
    const base = { inResponseTo: request.id, destination: sloReturn, relayState: request.relayState };
    for (const options of [
      { ...base, inResponseTo: '_another-request' },
      { ...base, signingKey: createTestIdp() },
      { ...base, status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' },
      { ...base, relayState: 'forged' },
    ]) {
      const answer = await fetch(`${sloReturn}?${logoutResponseQuery(idp, options)}`, { redirect: 'manual' });
      expect(answer.status).toBe(400);
    }
  });

  it('signs out locally only when IDPSignout is not set', async () => {
    const s = await setUp();
    const cookies = await signIn(s);
    const response = await logout(s, cookies);
    expect(response.headers.get('location')).toBe(SIGNED_OUT);
    expect(await stillSignedIn(s, cookies)).toBe(false);
  });
});

describe('SAML responses shaped to pass as someone else', () => {
  /** Mallory's signed response, and an unsigned assertion naming alice to smuggle in with it. */
  const wrappingParts = async (s: Setup, request: { id: string }) => {
    const signed = await responseFor(s, request, { nameId: 'mallory@example.com' });
    const forged = Buffer.from(await responseFor(s, request, { sign: 'none' }), 'base64').toString('utf8');
    return { signed, forgedAssertion: /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(forged)![0] };
  };

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
    const { signed, forgedAssertion } = await wrappingParts(s, request);
    for (const place of ['before', 'after'] as const) {
      const wrapped = rewrite(signed, (xml) => xml.replace(/<saml:Assertion[\s\S]*<\/saml:Assertion>/, (a) => (place === 'before' ? forgedAssertion + a : a + forgedAssertion)));
      expectRefused(await postToAcs(s, wrapped, (await startSignIn(s)).relayState));
    }
  });

  it('refuses a signed assertion hidden in an extension with a forged one in its place', async () => {
    const s = await setUp();
    const request = await startSignIn(s);
    const { signed, forgedAssertion } = await wrappingParts(s, request);
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
    const s = await setUp({}, 'MySAML', [], { WriteAttributes: ['name'] });
    const request = await startSignIn(s);
    expectRefused(await postToAcs(s, await responseFor(s, request), request.relayState));
    expect((await t.cognito.send(new ListUsersCommand({ UserPoolId: s.poolId }))).Users).toEqual([]);
    // With email writable the same sign-in goes through.
    const allowed = await setUp({}, 'MySAML', [], { WriteAttributes: ['name', 'email'] });
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
