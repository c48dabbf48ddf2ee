// The pool as a SAML 2.0 service provider (entity id `urn:amazon:cognito:sp:<poolId>`, assertion
// consumer service `<Hosted UI>/saml2/idpresponse`, POST binding):
// - SP-initiated: an AuthnRequest to the provider's SSO service (HTTP-Redirect binding), signed
//   with the pool's certificate when RequestSigningAlgorithm is rsa-sha256; the authorization
//   request travels in RelayState, sealed, with the AuthnRequest's id;
// - the response: signed by a certificate of the provider's metadata (the Response or the
//   Assertion), decrypted when EncryptedResponses is on, issued by the provider's entity id, for
//   our audience and ACS URL, in its validity window, in response to our request (SP-initiated),
//   and each assertion used once;
// - IdP-initiated (only with IDPInit "true"): RelayState carries /oauth2/authorize's parameters.
import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { Deps } from '../deps.js';
import type { IdentityProviderRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { OAuthError, invalidRequest } from '../../cognito/oauth-errors.js';
import { CognitoError } from '../../cognito/errors.js';
import { pickAuthorizeParameters, validateAuthorizeRequest, type AuthorizeParameters, type AuthorizeRequest } from '../authorize-request.js';
import { useOnce } from '../single-use.js';
import { federatedSignIn } from './federated-user.js';
import { findProvider } from './providers.js';
import { loadIdpMetadata, SamlMetadataError, type IdpMetadata } from './saml-metadata.js';
import { poolSpCertificate } from './sp-certificate.js';
import { admitFederatedSignIn } from '../quotas/pool-admission.js';

const RELAY_STATE_PURPOSE = 'saml-relay-state';
/** How long the browser may stay at the provider before the pending request expires. */
const PENDING_TTL_MS = 15 * 60_000;
/** Clock difference tolerated between the provider and us on NotBefore / NotOnOrAfter. */
const CLOCK_SKEW_MS = 60_000;
/** How long an assertion id is remembered when the assertion states no NotOnOrAfter. */
const ASSERTION_MEMORY_MS = 24 * 3600_000;
/** Cognito: /saml2/idpresponse accepts SAML responses of up to 100,000 characters. */
const MAX_SAML_RESPONSE_LENGTH = 100_000;
const NAME_ID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';

export const spEntityId = (poolId: string): string => `urn:amazon:cognito:sp:${poolId}`;

/** What a SAML sign-in received that its sign-out must name. */
export interface SamlSignInRecord {
  provider: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
}

interface PendingSignIn {
  provider: string;
  requestId: string;
  parameters: AuthorizeParameters;
  expiresAt: number;
  /** Started at the server's own origin (/oauth2/authorize?client_id=…): the session belongs there too. */
  sharedOrigin?: boolean;
}

const relayPurpose = (poolId: string) => `${RELAY_STATE_PURPOSE}:${poolId}`;

function providerMetadata(provider: IdentityProviderRecord, authorization: AuthorizeRequest): IdpMetadata {
  try {
    return loadIdpMetadata(provider);
  } catch (error) {
    if (!(error instanceof SamlMetadataError)) throw error;
    throw new OAuthError('invalid_request', `The metadata of identity provider ${provider.name} could not be read.`, { redirect: redirectOf(authorization) });
  }
}

const redirectOf = (authorization: AuthorizeRequest) => ({ uri: authorization.redirectUri, state: authorization.state, fragment: authorization.responseType === 'token' });

/** The URL that sends the browser to the provider with a (signed) AuthnRequest. */
export async function samlAuthnRedirect(
  deps: Deps, pool: PoolRecord, provider: IdentityProviderRecord, authorization: AuthorizeRequest, acsUrl: string, sharedOrigin = false,
): Promise<string> {
  const metadata = providerMetadata(provider, authorization);
  if (!metadata.ssoRedirectUrl) {
    throw new OAuthError('invalid_request', `Identity provider ${provider.name} has no HTTP-Redirect sign-in service.`, { redirect: redirectOf(authorization) });
  }
  const certificate = await poolSpCertificate(deps, pool.id);
  // An XML id must not start with a digit.
  const requestId = `_${randomBytes(20).toString('hex')}`;
  const pending: PendingSignIn = {
    provider: provider.name, requestId, parameters: authorization.parameters, expiresAt: deps.clock.now() + PENDING_TTL_MS, ...(sharedOrigin && { sharedOrigin }),
  };
  const relayState = deps.sealer.seal(JSON.stringify(pending), relayPurpose(pool.id));
  const saml = new SAML({
    issuer: spEntityId(pool.id),
    callbackUrl: acsUrl,
    entryPoint: metadata.ssoRedirectUrl,
    idpCert: metadata.signingCertificates,
    generateUniqueId: () => requestId,
    identifierFormat: NAME_ID_UNSPECIFIED,
    disableRequestedAuthnContext: true,
    ...(provider.details.RequestSigningAlgorithm === 'rsa-sha256' && { privateKey: certificate.privateKeyPem, signatureAlgorithm: 'sha256' as const }),
  });
  return saml.getAuthorizeUrlAsync(relayState, undefined, {});
}

/**
 * Knows only the one request id this response may answer (node-saml asks it). The value is when
 * the request was made, which node-saml ages: "now", since the sealed RelayState's expiry rules.
 */
export const expectingOnly = (requestId: string | undefined): CacheProvider => ({
  saveAsync: async () => null,
  getAsync: async (key) => (requestId !== undefined && key === requestId ? new Date().toISOString() : null),
  removeAsync: async () => null,
});

interface ResponseContext {
  provider: IdentityProviderRecord;
  authorization: AuthorizeRequest;
  /** SP-initiated: the AuthnRequest's id, which InResponseTo must name. */
  requestId?: string;
  sharedOrigin?: boolean;
}

function openPendingSignIn(deps: Deps, pool: PoolRecord, relayState: string): PendingSignIn | undefined {
  try {
    return JSON.parse(deps.sealer.open(relayState, relayPurpose(pool.id))) as PendingSignIn;
  } catch {
    // Not a RelayState we sealed: an IdP-initiated sign-in (or a forgery, refused below).
    return undefined;
  }
}

async function responseContext(deps: Deps, pool: PoolRecord, relayState: string): Promise<ResponseContext> {
  const pending = openPendingSignIn(deps, pool, relayState);
  if (pending) {
    if (pending.expiresAt < deps.clock.now()) throw invalidRequest('The sign-in request expired; sign in again.');
    const authorization = await validateAuthorizeRequest(deps, pool, pending.parameters);
    const provider = await findProvider(deps, pool.id, pending.provider);
    if (!provider || provider.type !== 'SAML') throw new OAuthError('invalid_request', 'The identity provider no longer exists.', { redirect: redirectOf(authorization) });
    return { provider, authorization, requestId: pending.requestId, sharedOrigin: pending.sharedOrigin === true };
  }
  // Cognito: an IdP-initiated RelayState holds the parameters the app would give /oauth2/authorize.
  const authorization = await validateAuthorizeRequest(deps, pool, pickAuthorizeParameters(Object.fromEntries(new URLSearchParams(relayState))));
  const provider = authorization.identityProvider;
  const fail = (description: string) => new OAuthError('invalid_request', description, { redirect: redirectOf(authorization) });
  if (!provider || provider.type !== 'SAML') throw fail('RelayState names no SAML identity provider of this user pool.');
  if (provider.details.IDPInit !== 'true') throw fail('IdP-initiated sign-in is not enabled for this identity provider.');
  return { provider, authorization };
}

/** An element of the assertion as node-saml parsed it (xml2js): attributes in `$`, children by name. */
type XmlNode = { $?: Record<string, string> } & Record<string, unknown>;
const children = (node: XmlNode | undefined, name: string): XmlNode[] => (node?.[name] as XmlNode[] | undefined) ?? [];

const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** The Response element of a SAML response document, as a parser reads it. */
function responseElement(responseXml: string): Element {
  const response = new DOMParser({ errorHandler: () => undefined }).parseFromString(responseXml, 'text/xml')?.documentElement;
  if (!response || response.namespaceURI !== PROTOCOL_NS || response.localName !== 'Response') throw new Error('the document is not a SAML Response');
  return response;
}

/** The Response's Destination (either quote, any prefix); undefined when it has none. */
function responseDestination(responseXml: string): string | undefined {
  const response = responseElement(responseXml);
  return response.hasAttribute('Destination') ? response.getAttribute('Destination')! : undefined;
}

/** Whether the Response's assertions are all encrypted (and there is one). */
function onlyEncryptedAssertions(responseXml: string): boolean {
  const assertions = Array.from(responseElement(responseXml).childNodes)
    .filter((node): node is Element => node.nodeType === 1 && (node as Element).namespaceURI === ASSERTION_NS)
    .map((element) => element.localName);
  return assertions.includes('EncryptedAssertion') && !assertions.includes('Assertion');
}

/**
 * What node-saml leaves to the service provider: the issuer, the Response's Destination and the
 * bearer confirmation's Recipient (our ACS URL), the assertion's id for single use.
 */
function checkAddressing(profile: Profile, metadata: IdpMetadata, acsUrl: string): { assertionId: string; expiresAt?: number } {
  if (profile.issuer !== metadata.entityId) throw new Error('the assertion was not issued by the provider in the metadata');
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode } | undefined)?.Assertion;
  const assertionId = assertion?.$?.ID;
  if (!assertion || !assertionId) throw new Error('the assertion has no ID');
  const confirmations = children(children(assertion, 'Subject')[0], 'SubjectConfirmation')
    .filter((c) => c.$?.Method === 'urn:oasis:names:tc:SAML:2.0:cm:bearer')
    .flatMap((c) => children(c, 'SubjectConfirmationData'));
  const recipients = confirmations.map((data) => data.$?.Recipient);
  if (!recipients.includes(acsUrl)) throw new Error('the assertion is not for this assertion consumer service');
  const destination = responseDestination(profile.getSamlResponseXml?.() ?? '');
  if (destination !== undefined && destination !== acsUrl) throw new Error('the response is not for this assertion consumer service');
  const notOnOrAfter = confirmations.map((data) => data.$?.NotOnOrAfter).find(Boolean);
  const expiresAt = notOnOrAfter ? Date.parse(notOnOrAfter) : undefined;
  return { assertionId, expiresAt: Number.isFinite(expiresAt) ? expiresAt : undefined };
}

/** The attributes of the assertion as claims for AttributeMapping (multi-valued ones as arrays). */
function attributeClaims(profile: Profile): Record<string, unknown> {
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const claims: Record<string, unknown> = Object.create(null);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) claims[name] = value;
  }
  return claims;
}

/**
 * POST /saml2/idpresponse: checks the SAML response against the provider and the pending request,
 * then signs the provider's user in (federatedSignIn). Answers the authorization request to finish.
 */
export async function completeSamlSignIn(
  deps: Deps, pool: PoolRecord, form: { SAMLResponse?: string; RelayState?: string }, acsUrl: string,
): Promise<{ authorization: AuthorizeRequest; user: UserRecord; signIn: SamlSignInRecord; sharedOrigin: boolean }> {
  const { SAMLResponse: samlResponse, RelayState: relayState } = form;
  if (!samlResponse || samlResponse.length > MAX_SAML_RESPONSE_LENGTH) throw invalidRequest('Invalid samlResponse or relayState from identity provider.');
  if (!relayState) throw invalidRequest('Invalid samlResponse or relayState from identity provider.');
  const { provider, authorization, requestId, sharedOrigin = false } = await responseContext(deps, pool, relayState);
  // Counted before the signature is checked or the request and assertion are spent: beyond the
  // rate, the same response may be posted again.
  admitFederatedSignIn(deps, pool.id, redirectOf(authorization));
  const refuse = (cause?: unknown) => Object.assign(
    new OAuthError('invalid_request', 'Invalid samlResponse or relayState from identity provider.', { redirect: redirectOf(authorization) }), { cause });
  const metadata = providerMetadata(provider, authorization);
  const responseXml = Buffer.from(samlResponse, 'base64').toString('utf8');
  // SAML has no use for a DTD; one lets the signature check and the reading of the assertion
  // (two XML parsers) see different documents.
  if (/<!DOCTYPE/i.test(responseXml)) throw refuse(new Error('the response declares a document type'));
  const encrypted = provider.details.EncryptedResponses === 'true';
  if (encrypted) {
    let onlyEncrypted: boolean;
    try {
      onlyEncrypted = onlyEncryptedAssertions(responseXml);
    } catch (error) {
      throw refuse(error);
    }
    if (!onlyEncrypted) throw refuse(new Error('the assertion is not encrypted'));
  }
  const certificate = encrypted ? await poolSpCertificate(deps, pool.id) : undefined;
  const saml = new SAML({
    issuer: spEntityId(pool.id),
    audience: spEntityId(pool.id),
    callbackUrl: acsUrl,
    idpCert: metadata.signingCertificates,
    // Either the Response or the Assertion must carry a valid signature.
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    validateInResponseTo: requestId ? ValidateInResponseTo.always : ValidateInResponseTo.ifPresent,
    cacheProvider: expectingOnly(requestId),
    ...(certificate && { decryptionPvk: certificate.privateKeyPem }),
  });
  let profile: Profile;
  let checked: { assertionId: string; expiresAt?: number };
  try {
    const result = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    if (!result.profile) throw new Error('the response carries no assertion');
    profile = result.profile;
    checked = checkAddressing(profile, metadata, acsUrl);
  } catch (error) {
    deps.log.info({ provider: provider.name, reason: (error as Error).message }, 'SAML response refused');
    throw refuse(error);
  }
  if (!profile.nameID) throw refuse(new Error('the assertion has no NameID'));
  const now = deps.clock.now();
  if (requestId && !(await useOnce(deps, `saml-request:${pool.id}:${requestId}`, now + PENDING_TTL_MS))) throw refuse(new Error('the sign-in request was used already'));
  const assertionExpiresAt = Math.max(checked.expiresAt ?? now + ASSERTION_MEMORY_MS, now) + CLOCK_SKEW_MS;
  if (!(await useOnce(deps, `saml-assertion:${pool.id}:${metadata.entityId}:${checked.assertionId}`, assertionExpiresAt))) {
    throw refuse(new Error('the assertion was used already'));
  }
  let user: UserRecord;
  try {
    user = await federatedSignIn(deps, pool, authorization.client, provider, {
      providerUserId: profile.nameID,
      claims: attributeClaims(profile),
      issuer: metadata.entityId,
      raw: { samlResponse: attributeClaims(profile) },
    });
  } catch (error) {
    // Cognito sends what the pool refused (an attribute, a disabled user, a trigger) back to the app as invalid_request.
    if (error instanceof CognitoError && error.status < 500) throw new OAuthError('invalid_request', error.message, { redirect: redirectOf(authorization) });
    throw error;
  }
  const signIn: SamlSignInRecord = { provider: provider.name, nameId: profile.nameID, nameIdFormat: profile.nameIDFormat, sessionIndex: profile.sessionIndex };
  return { authorization, user, signIn, sharedOrigin };
}
