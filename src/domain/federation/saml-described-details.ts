// What Describe adds to a SAML provider's ProviderDetails, as Cognito shows it: the provider's
// HTTP-Redirect sign-in and sign-out services from its metadata (when it has them), and the
// certificate the provider encrypts assertions to (the pool's, base64 DER on one line). Cognito
// shows ActiveEncryptionCertificate for every SAML provider, encrypted responses or not.
import type { Deps } from '../deps.js';
import type { IdentityProviderRecord } from '../../store/store.js';
import { pemBody } from '../../crypto/certificate.js';
import { loadIdpMetadata, SamlMetadataError } from './saml-metadata.js';
import { poolSpCertificate } from './sp-certificate.js';

export async function samlDescribedDetails(deps: Deps, provider: IdentityProviderRecord): Promise<Record<string, string>> {
  if (provider.type !== 'SAML') return {};
  const details: Record<string, string> = {
    ActiveEncryptionCertificate: pemBody((await poolSpCertificate(deps, provider.poolId)).certificatePem),
  };
  try {
    const metadata = loadIdpMetadata(provider);
    if (metadata.ssoRedirectUrl) details.SSORedirectBindingURI = metadata.ssoRedirectUrl;
    if (metadata.sloRedirectUrl) details.SLORedirectBindingURI = metadata.sloRedirectUrl;
  } catch (error) {
    // Metadata that no longer parses shows no services; the sign-in reports it.
    if (!(error instanceof SamlMetadataError)) throw error;
  }
  return details;
}
