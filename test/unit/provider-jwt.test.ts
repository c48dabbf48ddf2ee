// Verifying identity providers' ID tokens against their JWKS: the algorithms providers use, the
// key chosen by kid, and the tokens that must never pass (alg none, HMAC, another key, edited claims).
import { describe, expect, it } from 'vitest';
import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { signEs256Jwt, verifyProviderJwt, type Jwk } from '../../src/tokens/provider-jwt.js';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const CLAIMS = { iss: 'https://idp.example.com', sub: 'u1', aud: 'client' };

function token(header: Record<string, unknown>, signer: (data: Buffer) => Buffer, claims: Record<string, unknown> = CLAIMS): string {
  const data = `${b64(header)}.${b64(claims)}`;
  return `${data}.${signer(Buffer.from(data)).toString('base64url')}`;
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = (key: KeyObject, kid: string): Jwk => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig' });
const KEYS = [jwk(rsa.publicKey, 'rsa'), jwk(ec.publicKey, 'ec')];

describe('verifyProviderJwt', () => {
  it('accepts RS256, PS256 and ES256 tokens signed by a published key', () => {
    expect(verifyProviderJwt(token({ alg: 'RS256', kid: 'rsa' }, (d) => sign('sha256', d, rsa.privateKey)), KEYS)).toEqual(CLAIMS);
    const pss = (d: Buffer) => sign('sha256', d, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    expect(verifyProviderJwt(token({ alg: 'PS256', kid: 'rsa' }, pss), KEYS)).toEqual(CLAIMS);
    expect(verifyProviderJwt(token({ alg: 'ES256' }, (d) => sign('sha256', d, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' })), KEYS)).toEqual(CLAIMS);
  });

  it('refuses alg none, an HMAC keyed with the public key, another key and edited claims', () => {
    expect(verifyProviderJwt(`${b64({ alg: 'none' })}.${b64(CLAIMS)}.`, KEYS)).toBeUndefined();
    const hmacKey = JSON.stringify(KEYS[0]);
    expect(verifyProviderJwt(token({ alg: 'HS256', kid: 'rsa' }, (d) => createHmac('sha256', hmacKey).update(d).digest()), KEYS)).toBeUndefined();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(verifyProviderJwt(token({ alg: 'RS256', kid: 'rsa' }, (d) => sign('sha256', d, other)), KEYS)).toBeUndefined();
    const good = token({ alg: 'RS256', kid: 'rsa' }, (d) => sign('sha256', d, rsa.privateKey));
    const [head, , signature] = good.split('.');
    expect(verifyProviderJwt(`${head}.${b64({ ...CLAIMS, sub: 'admin' })}.${signature}`, KEYS)).toBeUndefined();
    // A kid the set does not hold: no other key is tried.
    expect(verifyProviderJwt(token({ alg: 'RS256', kid: 'gone' }, (d) => sign('sha256', d, rsa.privateKey)), KEYS)).toBeUndefined();
    expect(verifyProviderJwt('not.a.jwt', KEYS)).toBeUndefined();
  });

  it('refuses an ECDSA token whose key is on another curve than its algorithm names', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const keys = [jwk(p384.publicKey, 'p384')];
    const es = (digest: string) => (d: Buffer) => sign(digest, d, { key: p384.privateKey, dsaEncoding: 'ieee-p1363' });
    expect(verifyProviderJwt(token({ alg: 'ES384', kid: 'p384' }, es('sha384')), keys)).toEqual(CLAIMS);
    expect(verifyProviderJwt(token({ alg: 'ES256', kid: 'p384' }, es('sha256')), keys)).toBeUndefined();
  });

  it("signs Apple's ES256 client secret so that the public key verifies it", () => {
    const pem = ec.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const secret = signEs256Jwt({ iss: 'TEAM', sub: 'com.example.app' }, pem, 'ec');
    expect(JSON.parse(Buffer.from(secret.split('.')[0], 'base64url').toString())).toEqual({ alg: 'ES256', kid: 'ec' });
    expect(verifyProviderJwt(secret, KEYS)).toEqual({ iss: 'TEAM', sub: 'com.example.app' });
  });
});
