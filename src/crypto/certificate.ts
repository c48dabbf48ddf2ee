// Self-signed X.509 certificates (the pool's SAML signing certificate): an RSA-2048 key from
// node:crypto, the certificate itself built and signed (sha256WithRSA) by node-forge, as node has
// no API to issue one.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface CertificateAndKey {
  certificatePem: string;
  privateKeyPem: string;
}

export function createSelfSignedCertificate(commonName: string, now: Date, validYears: number): CertificateAndKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial: the top bit cleared so DER does not read it as negative.
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  certificate.serialNumber = serial.toString('hex');
  certificate.validity.notBefore = now;
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + validYears);
  certificate.validity.notAfter = notAfter;
  const subject = [{ name: 'commonName', value: commonName }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(certificate), privateKeyPem };
}

/** The certificate's DER in base64, without the PEM armour. */
export const pemBody = (pem: string): string =>
  pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
