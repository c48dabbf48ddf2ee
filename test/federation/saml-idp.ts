// A SAML 2.0 identity provider for the tests: its metadata, a reader for the AuthnRequests the
// pool sends (HTTP-Redirect binding, signature checked with the pool's certificate), and Responses
// built as an IdP builds them, signed with xml-crypto and encrypted with xml-encryption. Each
// part can be made wrong (unsigned, another key, expired, another audience …) to test refusals.
import { createSign, createVerify, randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import xmlenc from 'xml-encryption';
import { createSelfSignedCertificate, pemBody } from '../../src/crypto/certificate.js';

export interface TestIdp {
  entityId: string;
  ssoUrl: string;
  sloUrl: string;
  certificatePem: string;
  privateKeyPem: string;
  metadata: string;
}

export function createTestIdp(entityId = 'https://idp.example.test/saml', base = 'https://idp.example.test'): TestIdp {
  const { certificatePem, privateKeyPem } = createSelfSignedCertificate('idp.example.test', new Date(Date.now() - 3600_000), 5);
  const ssoUrl = `${base}/sso`;
  const sloUrl = `${base}/slo`;
  const metadata = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${pemBody(certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sloUrl}"/>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ssoUrl}/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  return { entityId, ssoUrl, sloUrl, certificatePem, privateKeyPem, metadata };
}

export interface ReceivedAuthnRequest {
  id: string;
  issuer: string;
  acsUrl: string;
  destination: string;
  relayState: string;
  /** Whether the redirect carried a signature; `signatureValid` checks it against a certificate. */
  signed: boolean;
  sigAlg?: string;
  signatureValid(certificatePem: string): boolean;
  xml: string;
}

const attribute = (xml: string, element: string, name: string): string | undefined =>
  new RegExp(`<(?:\\w+:)?${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];

/** Reads the AuthnRequest from the redirect to the IdP's SSO URL, as an IdP does. */
export function readAuthnRequest(location: string): ReceivedAuthnRequest {
  const url = new URL(location);
  const raw = url.search.slice(1).split('&');
  const rawParameter = (name: string) => raw.find((p) => p.startsWith(`${name}=`));
  const samlRequest = url.searchParams.get('SAMLRequest');
  if (!samlRequest) throw new Error(`no SAMLRequest in ${location}`);
  const xml = inflateRawSync(Buffer.from(samlRequest, 'base64')).toString('utf8');
  const signature = url.searchParams.get('Signature');
  const sigAlg = url.searchParams.get('SigAlg') ?? undefined;
  return {
    id: attribute(xml, 'AuthnRequest', 'ID')!,
    acsUrl: attribute(xml, 'AuthnRequest', 'AssertionConsumerServiceURL')!,
    destination: attribute(xml, 'AuthnRequest', 'Destination')!,
    issuer: /<(?:\w+:)?Issuer[^>]*>([^<]*)</.exec(xml)![1],
    relayState: url.searchParams.get('RelayState') ?? '',
    signed: signature !== null,
    sigAlg,
    // SAML bindings §3.4.4.1: the signature covers the raw query parameters in this order.
    signatureValid(certificatePem) {
      if (!signature) return false;
      const signedText = ['SAMLRequest', 'RelayState', 'SigAlg'].map(rawParameter).filter(Boolean).join('&');
      return createVerify('RSA-SHA256').update(signedText).verify(certificatePem, signature, 'base64');
    },
    xml,
  };
}

export interface ResponseOptions {
  acsUrl: string;
  audience: string;
  nameId: string;
  inResponseTo?: string;
  attributes?: Record<string, string | string[]>;
  /** Which element carries the signature (default: the assertion). */
  sign?: 'assertion' | 'response' | 'none';
  /** Sign with this key instead of the IdP's (a forger's). */
  signingKey?: { certificatePem: string; privateKeyPem: string };
  /** Encrypt the assertion for this certificate (the pool's). */
  encryptFor?: string;
  issuer?: string;
  assertionId?: string;
  /** The validity window, relative to now in milliseconds (default -60 s … +5 min). */
  notBeforeMs?: number;
  notOnOrAfterMs?: number;
  /** Change the assertion after it was signed (tampering). */
  tamper?: (xml: string) => string;
}

const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function sign(xml: string, elementXPath: string, issuerXPath: string, key: { certificatePem: string; privateKeyPem: string }): string {
  const signer = new SignedXml({ privateKey: key.privateKeyPem, publicCert: key.certificatePem });
  signer.addReference({
    xpath: elementXPath,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  signer.canonicalizationAlgorithm = 'http://www.w3.org/2001/10/xml-exc-c14n#';
  signer.signatureAlgorithm = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
  signer.computeSignature(xml, { location: { reference: issuerXPath, action: 'after' } });
  return signer.getSignedXml();
}

function encrypt(xml: string, certificatePem: string): Promise<string> {
  return new Promise((resolve, reject) => {
    xmlenc.encrypt(xml, {
      rsa_pub: certificatePem, pem: certificatePem,
      encryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
      keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
      warnInsecureAlgorithm: false,
    }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** A base64 SAMLResponse for the POST binding. */
export async function buildResponse(idp: TestIdp, options: ResponseOptions): Promise<string> {
  const issuer = options.issuer ?? idp.entityId;
  const key = options.signingKey ?? idp;
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${options.inResponseTo}"` : '';
  const notBefore = iso(options.notBeforeMs ?? -60_000);
  const notOnOrAfter = iso(options.notOnOrAfterMs ?? 5 * 60_000);
  const attributes = Object.entries(options.attributes ?? {}).map(([name, value]) =>
    `<saml:Attribute Name="${escapeXml(name)}">${[value].flat().map((v) => `<saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('');
  let assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${options.assertionId ?? `_a${randomUUID()}`}" Version="2.0" IssueInstant="${iso(0)}">`
    + `<saml:Issuer>${escapeXml(issuer)}</saml:Issuer>`
    + `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${escapeXml(options.nameId)}</saml:NameID>`
    + `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${notOnOrAfter}" Recipient="${escapeXml(options.acsUrl)}"${inResponseTo}/></saml:SubjectConfirmation></saml:Subject>`
    + `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`
    + `<saml:AuthnStatement AuthnInstant="${iso(0)}" SessionIndex="_s${randomUUID()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
    + (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '')
    + `</saml:Assertion>`;
  const mode = options.sign ?? 'assertion';
  if (mode === 'assertion') assertion = sign(assertion, "/*[local-name(.)='Assertion']", "/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", key);
  if (options.tamper) assertion = options.tamper(assertion);
  if (options.encryptFor) assertion = `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${await encrypt(assertion, options.encryptFor)}</saml:EncryptedAssertion>`;
  let response = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${iso(0)}" Destination="${escapeXml(options.acsUrl)}"${inResponseTo}>`
    + `<saml:Issuer>${escapeXml(issuer)}</saml:Issuer>`
    + `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`
    + assertion
    + `</samlp:Response>`;
  if (mode === 'response') response = sign(response, "/*[local-name(.)='Response']", "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", key);
  return Buffer.from(response).toString('base64');
}

export interface ReceivedLogoutRequest {
  id: string;
  issuer: string;
  destination: string;
  nameId: string;
  sessionIndex?: string;
  relayState: string;
  signatureValid(certificatePem: string): boolean;
}

/** Reads the LogoutRequest from the redirect to the IdP's SingleLogoutService. */
export function readLogoutRequest(location: string): ReceivedLogoutRequest {
  const url = new URL(location);
  const raw = url.search.slice(1).split('&');
  const rawParameter = (name: string) => raw.find((p) => p.startsWith(`${name}=`));
  const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
  const signature = url.searchParams.get('Signature');
  return {
    id: attribute(xml, 'LogoutRequest', 'ID')!,
    destination: attribute(xml, 'LogoutRequest', 'Destination')!,
    issuer: /<(?:\w+:)?Issuer[^>]*>([^<]*)</.exec(xml)![1],
    nameId: /<(?:\w+:)?NameID[^>]*>([^<]*)</.exec(xml)![1],
    sessionIndex: /<(?:\w+:)?SessionIndex[^>]*>([^<]*)</.exec(xml)?.[1],
    relayState: url.searchParams.get('RelayState') ?? '',
    signatureValid(certificatePem) {
      if (!signature) return false;
      const signedText = ['SAMLRequest', 'RelayState', 'SigAlg'].map(rawParameter).filter(Boolean).join('&');
      return createVerify('RSA-SHA256').update(signedText).verify(certificatePem, signature, 'base64');
    },
  };
}

/** The query of the IdP's LogoutResponse (HTTP-Redirect binding), signed with the IdP's key unless told otherwise. */
export function logoutResponseQuery(idp: TestIdp, options: { inResponseTo: string; destination: string; relayState: string; signingKey?: { privateKeyPem: string } | null; status?: string }): string {
  const status = options.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success';
  const xml = `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_l${randomUUID()}" Version="2.0" IssueInstant="${iso(0)}" Destination="${escapeXml(options.destination)}" InResponseTo="${options.inResponseTo}">`
    + `<saml:Issuer>${escapeXml(idp.entityId)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${status}"/></samlp:Status></samlp:LogoutResponse>`;
  const parts = [
    `SAMLResponse=${encodeURIComponent(deflateRawSync(xml).toString('base64'))}`,
    `RelayState=${encodeURIComponent(options.relayState)}`,
  ];
  const key = options.signingKey === undefined ? idp : options.signingKey;
  if (!key) return parts.join('&');
  parts.push(`SigAlg=${encodeURIComponent('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}`);
  const signature = createSign('RSA-SHA256').update(parts.join('&')).sign(key.privateKeyPem, 'base64');
  return `${parts.join('&')}&Signature=${encodeURIComponent(signature)}`;
}
