// The demo app's client side of OpenID Connect: ID token checks and the authorize URL (pure logic,
// keys generated here, no server).
import { describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, sign, type JsonWebKey } from 'node:crypto';
import { authorizeUrl, KeySet, logoutUrl, newPendingSignIn, SignInError, verifyIdToken } from '../../apps/demo/src/oidc.js';
import { demoConfigFromEnv, DemoConfigError, type DemoConfig } from '../../apps/demo/src/config.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), kid: 'k1', alg: 'RS256', use: 'sig' };

const config: DemoConfig = demoConfigFromEnv({
  COGNITO_DOMAIN: 'https://demo.auth.eu-west-1.amazoncognito.com',
  COGNITO_REGION: 'eu-west-1',
  COGNITO_USER_POOL_ID: 'eu-west-1_Example1',
  COGNITO_CLIENT_ID: 'client123',
});
const now = Date.now();
const base = { iss: config.issuer, aud: 'client123', token_use: 'id', exp: Math.floor(now / 1000) + 3600, nonce: 'the-nonce', sub: 'abc' };

function jwt(claims: Record<string, unknown>, options: { kid?: string; key?: typeof privateKey; alg?: string } = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'k1' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), options.key ?? privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}
const keys = () => new KeySet(() => `${config.issuer}/.well-known/jwks.json`, async () => ({ keys: [jwk] }));

describe('the demo app as an OpenID Connect client', () => {
  it('defaults to Amazon Cognito\'s issuer without an endpoint, and to <endpoint>/<poolId> with one', () => {
    expect(config.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example1');
    const local = demoConfigFromEnv({ COGNITO_DOMAIN: 'http://127.0.0.1:9229/us-east-1_X', COGNITO_USER_POOL_ID: 'us-east-1_X', COGNITO_CLIENT_ID: 'c', COGNITO_ENDPOINT: 'http://127.0.0.1:9229/' });
    expect(local.issuer).toBe('http://127.0.0.1:9229/us-east-1_X');
    expect(local.callbackUrl).toBe('http://localhost:3000/callback');
    expect(() => demoConfigFromEnv({ COGNITO_CLIENT_ID: 'c' })).toThrow(DemoConfigError);
    expect(() => demoConfigFromEnv({ COGNITO_DOMAIN: 'x', COGNITO_USER_POOL_ID: 'p', COGNITO_CLIENT_ID: 'c', DEMO_FLOW: 'hybrid' })).toThrow(/code or implicit/);
  });

  it('asks for the code with an S256 challenge of the verifier, state and nonce; the implicit flow for tokens', () => {
    const pending = newPendingSignIn('code');
    const url = new URL(authorizeUrl(config, pending));
    expect(`${url.origin}${url.pathname}`).toBe('https://demo.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code', client_id: 'client123', state: pending.state, nonce: pending.nonce,
      code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'), code_challenge_method: 'S256',
    });
    const implicit = new URL(authorizeUrl(config, newPendingSignIn('implicit')));
    expect(implicit.searchParams.get('response_type')).toBe('token');
    expect(implicit.searchParams.has('code_challenge')).toBe(false);
    expect(new URL(logoutUrl(config)).search).toBe(`?client_id=client123&logout_uri=${encodeURIComponent('http://localhost:3000/')}`);
  });

  it('accepts a well-signed ID token for this client and sign-in', async () => {
    await expect(verifyIdToken(config, keys(), jwt(base), 'the-nonce', now)).resolves.toMatchObject({ sub: 'abc' });
  });

  it.each([
    ['another key', jwt(base, { key: other.privateKey }), /signature/],
    ['an unknown kid', jwt(base, { kid: 'k2' }), /unknown key/],
    ['alg none', `${Buffer.from('{"alg":"none","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify(base)).toString('base64url')}.`, /RS256/],
    ['another issuer', jwt({ ...base, iss: 'https://evil.example.com/x' }), /issued by/],
    ['another audience', jwt({ ...base, aud: 'other-client' }), /another app client/],
    ['an access token', jwt({ ...base, token_use: 'access' }), /not an ID token/],
    ['an expired token', jwt({ ...base, exp: Math.floor(now / 1000) - 3600 }), /expired/],
    ['another nonce', jwt({ ...base, nonce: 'replayed' }), /nonce/],
    ['no nonce', jwt({ ...base, nonce: undefined }), /nonce/],
    ['garbage', 'not-a-jwt', /not a JWT/],
  ])('refuses an ID token with %s', async (_case, token, message) => {
    const error = await verifyIdToken(config, keys(), token, 'the-nonce', now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as Error).message).toMatch(message);
  });
});
