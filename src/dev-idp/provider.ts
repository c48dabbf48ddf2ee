// What the development identity provider is: its issuer (a fixed path on the server's own origin),
// its RS256 signing key and the subject it gives each email. The key is kept, sealed, with the
// pools' signing keys under an owner no pool id can take (every process sharing the store serves
// the same JWKS; a restart keeps it); the subject is derived from the key-encryption key, so the
// same person signs in with the same sub everywhere.
import { createHmac, createPublicKey, hkdfSync, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Deps } from '../domain/deps.js';
import { signJwt, type Claims } from '../tokens/jwt.js';

/** The key owner in the pools' key table: pool ids are `<region>_<id>`, never this. */
const KEY_OWNER = '_dev-idp';

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
  /** Every key of the provider (two processes starting together may each have made one). */
  jwks(): Promise<{ keys: unknown[] }>;
  /** The stable sub of the person with this email (case does not matter). */
  subjectOf(email: string): string;
  sign(claims: Claims): Promise<string>;
  /** The claims of a JWT this provider signed, unexpired; undefined for anything else. */
  verify(token: string): Promise<Claims | undefined>;
}

const derive = (keyEncryptionKey: Buffer, purpose: string): Buffer =>
  Buffer.from(hkdfSync('sha256', keyEncryptionKey, Buffer.alloc(0), `gatehouse dev idp ${purpose} v1`, 32));

export function createDevIdp(deps: Pick<Deps, 'secrets' | 'baseUrl' | 'clock' | 'keys' | 'store'>): DevIdp {
  const subjectKey = derive(deps.secrets.keyEncryptionKey, 'subject');
  let key: Promise<DevIdpKey> | undefined;

  async function loadKey(): Promise<DevIdpKey> {
    let signing;
    try {
      signing = await deps.keys.signingKey(KEY_OWNER, 'id');
    } catch {
      // First use on this store: made once (two processes racing make two keys; both stay in the JWKS).
      await deps.keys.createPoolKeys(KEY_OWNER);
      signing = await deps.keys.signingKey(KEY_OWNER, 'id');
    }
    const publicKey = createPublicKey(signing.privateKey);
    const jwk = publicKey.export({ format: 'jwk' });
    return { kid: signing.kid, privateKey: signing.privateKey, publicKey, publicJwk: { kty: 'RSA', alg: 'RS256', use: 'sig', kid: signing.kid, n: jwk.n, e: jwk.e } };
  }
  const signingKey = () => (key ??= loadKey().catch((error) => {
    key = undefined;
    throw error;
  }));
  const issuer = () => `${deps.baseUrl()}${DEV_IDP_PATH}`;

  return {
    issuer,
    signingKey,
    subjectOf(email) {
      const hex = createHmac('sha256', subjectKey).update(email.trim().toLowerCase()).digest('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    },
    jwks: async () => {
      await signingKey();
      // The key table keeps an ID and an access key per owner; this provider signs with the ID one.
      const keys = await deps.store.keys.listForPool(KEY_OWNER);
      return { keys: keys.filter((k) => k.tokenUse === 'id').map((k) => k.publicJwk) };
    },
    async sign(claims) {
      return signJwt(claims, await signingKey());
    },
    async verify(token) {
      const parts = token.length <= 16_384 ? token.split('.') : [];
      if (parts.length !== 3) return undefined;
      let header: { alg?: unknown; kid?: unknown };
      let claims: Claims;
      try {
        header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
        claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      if (header?.alg !== 'RS256' || typeof header.kid !== 'string' || !claims || typeof claims !== 'object') return undefined;
      const known = await deps.keys.publicKey(header.kid);
      if (known?.poolId !== KEY_OWNER) return undefined;
      const publicKey = known.key;
      const signed = Buffer.from(`${parts[0]}.${parts[1]}`, 'utf8');
      if (!verify('sha256', signed, publicKey, Buffer.from(parts[2], 'base64url'))) return undefined;
      if (claims.iss !== issuer() || typeof claims.exp !== 'number' || claims.exp * 1000 <= deps.clock.now()) return undefined;
      return claims;
    },
  };
}
