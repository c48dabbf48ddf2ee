import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt } from '../../src/tokens/jwt.js';
import type { KeyService } from '../../src/tokens/keys.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = { publicKey: async (kid: string) => (kid === 'k1' ? { poolId: 'pool-1', key: publicKey } : undefined) } as unknown as KeyService;
const token = signJwt({ sub: 'user-1', token_use: 'access' }, { kid: 'k1', privateKey });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('verifyJwt', () => {
  it('accepts a token signed by a known key, again and again', async () => {
    for (let i = 0; i < 3; i++) expect(await verifyJwt(token, keys)).toEqual({ poolId: 'pool-1', claims: { sub: 'user-1', token_use: 'access' } });
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const [head, , signature] = token.split('.');
    expect(await verifyJwt(`${head}.${b64({ sub: 'user-2', token_use: 'access' })}.${signature}`, keys)).toBeUndefined();
  });

  it('refuses a token whose header names another algorithm or an unknown key, even after a good one was seen', async () => {
    const [, body, signature] = token.split('.');
    expect(await verifyJwt(`${b64({ kid: 'k1', alg: 'none' })}.${body}.${signature}`, keys)).toBeUndefined();
    expect(await verifyJwt(`${b64({ kid: 'k2', alg: 'RS256' })}.${body}.${signature}`, keys)).toBeUndefined();
    expect(await verifyJwt(`${b64({ kid: 'k1', alg: 'RS256', x: 1 })}.${body}.${signature}`, keys)).toBeUndefined();
  });

  it('hands out the claims of a token seen before frozen, so no caller can change them for the next', async () => {
    const first = await verifyJwt(token, keys);
    expect(() => {
      (first!.claims as Record<string, unknown>).sub = 'changed';
    }).toThrow(TypeError);
    expect((await verifyJwt(token, keys))!.claims.sub).toBe('user-1');
  });

  it('does not take a token verified with one key service as verified by another', async () => {
    expect(await verifyJwt(token, keys)).toBeDefined();
    const otherKeys = { publicKey: async () => undefined } as unknown as KeyService;
    expect(await verifyJwt(token, otherKeys)).toBeUndefined();
  });

  it('refuses a token with non-ASCII characters slipped into a signed segment', async () => {
    const [head, body, signature] = token.split('.');
    // U+0179 has the low byte of "y": a check over truncated (latin1) bytes would not see the change.
    const altered = body.replace('y', '\u0179');
    expect(altered).not.toBe(body);
    expect(await verifyJwt(`${head}.${altered}.${signature}`, keys)).toBeUndefined();
  });
});
