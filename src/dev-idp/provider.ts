// What the development identity provider is: its issuer (a fixed path on the server's own origin),
// its RS256 signing key and the subject it gives each email. Both are derived from the
// key-encryption key, so nothing is stored, every process that shares the key serves the same JWKS
// and signs the same person in with the same sub, and a restart changes neither.
import { createHash, createHmac, createPublicKey, hkdfSync, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Deps } from '../domain/deps.js';
import { deriveRsaKey } from '../crypto/derived-rsa.js';
import { signJwt, type Claims } from '../tokens/jwt.js';

/** Where the provider is served; its issuer is the public URL followed by this. */
export const DEV_IDP_PATH = '/_dev-idp';

/** Shown on its pages and at start: it signs in anyone, by design. */
export const UNSAFE_NOTICE = 'Development identity provider: it signs in anyone who types a name and an email, without a password. Unsafe for production.';

export interface DevIdpKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JsonWebKey;
}

export interface DevIdp {
  issuer(): string;
  signingKey(): Promise<DevIdpKey>;
  /** The stable sub of the person with this email (case does not matter). */
  subjectOf(email: string): string;
  sign(claims: Claims): Promise<string>;
  /** The claims of a JWT this provider signed, unexpired; undefined for anything else. */
  verify(token: string): Promise<Claims | undefined>;
}

const derive = (keyEncryptionKey: Buffer, purpose: string): Buffer =>
  Buffer.from(hkdfSync('sha256', keyEncryptionKey, Buffer.alloc(0), `gatehouse dev idp ${purpose} v1`, 32));

export function createDevIdp(deps: Pick<Deps, 'secrets' | 'baseUrl' | 'clock'>): DevIdp {
  const subjectKey = derive(deps.secrets.keyEncryptionKey, 'subject');
  let key: Promise<DevIdpKey> | undefined;

  const signingKey = () => (key ??= deriveRsaKey(derive(deps.secrets.keyEncryptionKey, 'signing key')).then((privateKey) => {
    const publicKey = createPublicKey(privateKey);
    const jwk = publicKey.export({ format: 'jwk' });
    const kid = createHash('sha256').update(jwk.n!).digest('base64url').slice(0, 22);
    return { kid, privateKey, publicKey, publicJwk: { kty: 'RSA', alg: 'RS256', use: 'sig', kid, n: jwk.n, e: jwk.e } };
  }));
  const issuer = () => `${deps.baseUrl()}${DEV_IDP_PATH}`;

  return {
    issuer,
    signingKey,
    subjectOf(email) {
      const hex = createHmac('sha256', subjectKey).update(email.trim().toLowerCase()).digest('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    },
    async sign(claims) {
      return signJwt(claims, await signingKey());
    },
    async verify(token) {
      const parts = token.length <= 16_384 ? token.split('.') : [];
      if (parts.length !== 3) return undefined;
      const { kid, publicKey } = await signingKey();
      let header: { alg?: unknown; kid?: unknown };
      let claims: Claims;
      try {
        header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
        claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      if (header?.alg !== 'RS256' || header.kid !== kid || !claims || typeof claims !== 'object') return undefined;
      const signed = Buffer.from(`${parts[0]}.${parts[1]}`, 'utf8');
      if (!verify('sha256', signed, publicKey, Buffer.from(parts[2], 'base64url'))) return undefined;
      if (claims.iss !== issuer() || typeof claims.exp !== 'number' || claims.exp * 1000 <= deps.clock.now()) return undefined;
      return claims;
    },
  };
}
