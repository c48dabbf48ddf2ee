// Refresh tokens in Cognito's outward shape: a compact JWE (five segments), here `dir` + A256GCM
// under a key derived from the key-encryption key. Clients treat them as opaque; the server never
// trusts the content either: the SHA-256 of the whole token finds its stored record, which is what
// decides validity, expiry and revocation. The encrypted payload names pool, client, user and
// session for operators, and carries 256 random bits so every token is unguessable on its own.
// Only once a long-expired token's record has been deleted is the payload read (readRefreshToken),
// to answer "expired" as Cognito does rather than "invalid".
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What the refresh-token format needs: the key-encryption key its key is derived from. */
type Deps = { secrets: { keyEncryptionKey: Buffer } };

const HEADER = Buffer.from(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'dir' })).toString('base64url');
const keys = new WeakMap<Buffer, Buffer>();

function refreshKey(keyEncryptionKey: Buffer): Buffer {
  let key = keys.get(keyEncryptionKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', keyEncryptionKey, Buffer.alloc(0), 'gatehouse refresh-token v1', 32));
    keys.set(keyEncryptionKey, key);
  }
  return key;
}

export interface RefreshTokenContent {
  poolId: string;
  clientId: string;
  username: string;
  originJti: string;
  authTime: number;
  iat: number;
  exp: number;
}

export function mintRefreshToken(deps: Deps, content: RefreshTokenContent): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', refreshKey(deps.secrets.keyEncryptionKey), iv);
  // RFC 7516 §5.1: the additional authenticated data is the ASCII of the encoded protected header.
  cipher.setAAD(Buffer.from(HEADER, 'ascii'));
  const payload = JSON.stringify({
    pool: content.poolId, client: content.clientId, username: content.username, origin_jti: content.originJti,
    auth_time: content.authTime, jti: randomBytes(32).toString('base64url'), iat: content.iat, exp: content.exp,
  });
  const ciphertext = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
  // `dir` has no encrypted key: the second segment is empty, as RFC 7516 prescribes.
  return [HEADER, '', iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The sealed content of one of our refresh tokens; undefined for anything else (forged, altered, another key). */
export function readRefreshToken(deps: Deps, token: string): { poolId: string; clientId: string; exp: number } | undefined {
  const [header, encryptedKey, iv, ciphertext, tag] = token.split('.');
  if (header !== HEADER || encryptedKey !== '' || !iv || !ciphertext || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', refreshKey(deps.secrets.keyEncryptionKey), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(HEADER, 'ascii'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const payload = JSON.parse(Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8'));
    if (typeof payload.pool !== 'string' || typeof payload.client !== 'string' || typeof payload.exp !== 'number') return undefined;
    return { poolId: payload.pool, clientId: payload.client, exp: payload.exp };
  } catch {
    return undefined;
  }
}
