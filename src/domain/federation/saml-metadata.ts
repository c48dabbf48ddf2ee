// A SAML provider's metadata (identity-providers.ts keeps the document): its entity id, the
// certificates it signs with, and where its single sign-on and sign-out services are.
import { DOMParser } from '@xmldom/xmldom';
import type { IdentityProviderRecord } from '../../store/store.js';
import { providerSamlMetadata } from '../identity-providers.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export interface IdpMetadata {
  entityId: string;
  /** Base64 DER of each signing certificate: an assertion signed by any of them is accepted. */
  signingCertificates: string[];
  ssoRedirectUrl?: string;
  sloRedirectUrl?: string;
}

export class SamlMetadataError extends Error {}

/** The provider's metadata as configured (MetadataFile, or what MetadataURL served then). */
export function loadIdpMetadata(provider: IdentityProviderRecord): IdpMetadata {
  const document = providerSamlMetadata(provider);
  if (!document) throw new SamlMetadataError(`provider ${provider.name} has no metadata`);
  return parseIdpMetadata(document);
}

export function parseIdpMetadata(xml: string): IdpMetadata {
  const errors: string[] = [];
  const document = new DOMParser({ errorHandler: { error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) } })
    .parseFromString(xml, 'text/xml');
  const entity = document?.documentElement;
  if (errors.length || !entity || entity.namespaceURI !== MD || entity.localName !== 'EntityDescriptor') {
    throw new SamlMetadataError('the metadata is not a SAML EntityDescriptor');
  }
  const entityId = entity.getAttribute('entityID');
  const idp = Array.from(entity.getElementsByTagNameNS(MD, 'IDPSSODescriptor'))[0];
  if (!entityId || !idp) throw new SamlMetadataError('the metadata names no identity provider');
  const signingCertificates = Array.from(idp.getElementsByTagNameNS(MD, 'KeyDescriptor'))
    // A KeyDescriptor without `use` serves both signing and encryption.
    .filter((key) => (key.getAttribute('use') || 'signing') === 'signing')
    .flatMap((key) => Array.from(key.getElementsByTagNameNS(DS, 'X509Certificate')))
    .map((certificate) => (certificate.textContent ?? '').replace(/\s+/g, ''))
    .filter(Boolean);
  if (signingCertificates.length === 0) throw new SamlMetadataError('the metadata has no signing certificate');
  const redirectLocation = (service: string) => Array.from(idp.getElementsByTagNameNS(MD, service))
    .find((element) => element.getAttribute('Binding') === REDIRECT_BINDING)?.getAttribute('Location') ?? undefined;
  return { entityId, signingCertificates, ssoRedirectUrl: redirectLocation('SingleSignOnService'), sloRedirectUrl: redirectLocation('SingleLogoutService') };
}
