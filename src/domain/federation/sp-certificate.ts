// The pool's SAML signing certificate: generated on first use, kept for the pool's life (Cognito:
// valid ten years). It signs AuthnRequests and LogoutRequests and decrypts encrypted assertions.
import type { Deps } from '../deps.js';
import { createSelfSignedCertificate } from '../../crypto/certificate.js';

const SEAL_PURPOSE = 'sp-certificate-key';
const VALID_YEARS = 10;

export interface SpCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

export async function poolSpCertificate(deps: Deps, poolId: string): Promise<SpCertificate> {
  let record = await deps.store.spCertificates.find(poolId);
  if (!record) {
    const created = createSelfSignedCertificate(`urn:amazon:cognito:sp:${poolId}`, new Date(deps.clock.now()), VALID_YEARS);
    // A concurrent first use may store its own certificate first: everyone reads back the one kept.
    await deps.store.spCertificates.insertIfAbsent({
      poolId, certificate: created.certificatePem, privateKeySealed: deps.sealer.seal(created.privateKeyPem, SEAL_PURPOSE), createdAt: deps.clock.now(),
    });
    record = await deps.store.spCertificates.find(poolId);
    if (!record) throw new Error(`the SAML certificate of pool ${poolId} was not stored`);
  }
  return { certificatePem: record.certificate, privateKeyPem: deps.sealer.open(record.privateKeySealed, SEAL_PURPOSE) };
}
