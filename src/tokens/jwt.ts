// Compact RS256 JWTs signed and verified with node:crypto key objects: on the hot path this is
// several times faster than going through WebCrypto.
import { sign, verify } from 'node:crypto';
import type { KeyService, SigningKey } from './keys.js';
import { deepFreeze } from '../deep-freeze.js';

export type Claims = Record<string, unknown>;

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export function signJwt(claims: Claims, key: SigningKey): string {
  // Cognito's header is exactly {"kid","alg"} with no typ.
  const head = b64url(JSON.stringify({ kid: key.kid, alg: 'RS256' }));
  const body = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), key.privateKey);
  return `${head}.${body}.${signature.toString('base64url')}`;
}

export interface VerifiedJwt {
  readonly poolId: string;
  readonly claims: Readonly<Claims>;
}

/**
 * The kid of an RS256 header segment, or undefined for any other header. Our tokens carry one of a
 * handful of header segments (one per key), so their parse is remembered; the map is bounded and
 * only ever holds well-formed RS256 headers, whatever a caller sends.
 */
const headerKids = new Map<string, string>();
const HEADER_CACHE_SIZE = 1000;
function headerKid(head: string): string | undefined {
  const cached = headerKids.get(head);
  if (cached !== undefined) return cached;
  let header: { kid?: unknown; alg?: unknown };
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!header || header.alg !== 'RS256' || typeof header.kid !== 'string') return undefined;
  if (headerKids.size >= HEADER_CACHE_SIZE) headerKids.clear();
  headerKids.set(head, header.kid);
  return header.kid;
}

/**
 * Tokens whose signature this process has already verified, per key service. A signature over a
 * given string never stops being valid (keys never change once written), so the RSA check need not
 * run again each time an app presents the same access token; everything that can change (expiry,
 * the session's revocation, the user's state) is still judged on every request by the caller.
 * Only successes are kept, at most VERIFIED_CACHE_SIZE per key service, oldest out first.
 */
const verifiedTokens = new WeakMap<KeyService, Map<string, VerifiedJwt>>();
const VERIFIED_CACHE_SIZE = 4096;

/**
 * Checks structure, algorithm and signature; expiry and claims are the caller's to judge. The
 * result is frozen (it may be the remembered one).
 */
export async function verifyJwt(token: string, keys: KeyService): Promise<VerifiedJwt | undefined> {
  if (typeof token !== 'string' || token.length > 16_384) return undefined;
  let verified = verifiedTokens.get(keys);
  if (!verified) {
    verified = new Map();
    verifiedTokens.set(keys, verified);
  }
  const known = verified.get(token);
  if (known) return known;
  const result = await verifySignature(token, keys);
  if (result) {
    // Shared by every request that presents the token again, so nobody may change it.
    deepFreeze(result);
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, result);
  }
  return result;
}

async function verifySignature(token: string, keys: KeyService): Promise<VerifiedJwt | undefined> {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, signature] = parts;
  const kid = headerKid(head);
  if (kid === undefined) return undefined;
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!claims || typeof claims !== 'object') return undefined;
  const key = await keys.publicKey(kid);
  if (!key) return undefined;
  // UTF-8 (never latin1, which would truncate non-ASCII characters to bytes of signed text).
  const signed = Buffer.from(token.slice(0, head.length + 1 + body.length), 'utf8');
  const ok = verify('sha256', signed, key.key, Buffer.from(signature, 'base64url'));
  return ok ? { poolId: key.poolId, claims } : undefined;
}
