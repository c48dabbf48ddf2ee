// JWTs of other issuers: the ID tokens identity providers sign (checked against the provider's
// JWKS) and the ES256 client secret Sign in with Apple wants from its clients.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Claims } from './jwt.js';

export interface Jwk {
  kty?: string;
  kid?: string;
  use?: string;
  alg?: string;
  [member: string]: unknown;
}

/** The algorithms accepted from a provider: node:crypto's digest and signature encoding for each. */
const ALGORITHMS: Record<string, { digest: string; kty: string; pss?: boolean; crv?: string }> = {
  RS256: { digest: 'sha256', kty: 'RSA' },
  RS384: { digest: 'sha384', kty: 'RSA' },
  RS512: { digest: 'sha512', kty: 'RSA' },
  PS256: { digest: 'sha256', kty: 'RSA', pss: true },
  // Each ECDSA algorithm names its curve (RFC 7518 §3.4): a key on another curve is not its key.
  ES256: { digest: 'sha256', kty: 'EC', crv: 'P-256' },
  ES384: { digest: 'sha384', kty: 'EC', crv: 'P-384' },
};

const MAX_TOKEN_LENGTH = 16_384;

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function publicKey(jwk: Jwk): KeyObject | undefined {
  try {
    return createPublicKey({ key: jwk as never, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/**
 * The claims of `token` when its signature verifies with one of `keys` (by kid when the header names
 * one), under an asymmetric algorithm; undefined otherwise. Claims are the caller's to judge.
 */
export function verifyProviderJwt(token: string, keys: Jwk[]): Claims | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, signature] = parts;
  const header = parseSegment(head);
  const algorithm = typeof header?.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
  if (!header || !algorithm) return undefined;
  const candidates = keys.filter((key) =>
    key.kty === algorithm.kty && (algorithm.crv === undefined || key.crv === algorithm.crv) && (key.use === undefined || key.use === 'sig') && (key.alg === undefined || key.alg === header.alg)
    && (typeof header.kid !== 'string' || key.kid === header.kid));
  const data = Buffer.from(`${head}.${body}`);
  const signed = Buffer.from(signature, 'base64url');
  for (const jwk of candidates) {
    const key = publicKey(jwk);
    if (!key) continue;
    const options = algorithm.kty === 'EC'
      ? { key, dsaEncoding: 'ieee-p1363' as const }
      : algorithm.pss ? { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 } : key;
    if (verify(algorithm.digest, data, options as never, signed)) return parseSegment(body);
  }
  return undefined;
}

/** An ES256 JWT signed with a PKCS#8 PEM (Sign in with Apple's client secret). */
export function signEs256Jwt(claims: Claims, privateKeyPem: string, kid: string): string {
  const head = Buffer.from(JSON.stringify({ alg: 'ES256', kid })).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const key = createPrivateKey(privateKeyPem);
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), { key, dsaEncoding: 'ieee-p1363' });
  return `${head}.${body}.${signature.toString('base64url')}`;
}
