// The demo app's client side of OpenID Connect: its settings, the authorize URL, and the token
// checks it asks of aws-jwt-verify (keys generated here; the JWKS is served from memory, no server).
import { describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, sign, type JsonWebKey } from 'node:crypto';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { authorizeUrl, logoutUrl, newPendingSignIn, SignInError } from '../../apps/demo/src/oidc.js';
import { demoConfigFromEnv, DemoConfigError, type DemoConfig } from '../../apps/demo/src/config.js';
import { createTokenVerifier } from '../../apps/demo/src/token-verifier.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), kid: 'k1', alg: 'RS256', use: 'sig' };

const config: DemoConfig = demoConfigFromEnv({
  COGNITO_DOMAIN: 'https://demo.auth.eu-west-1.amazoncognito.com',
  COGNITO_REGION: 'eu-west-1',
  COGNITO_USER_POOL_ID: 'eu-west-1_Example1',
  COGNITO_CLIENT_ID: 'client123',
});
const COGNITO_ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example1';
const now = Date.now();
const base = { iss: COGNITO_ISSUER, aud: 'client123', token_use: 'id', exp: Math.floor(now / 1000) + 3600, nonce: 'the-nonce', sub: 'abc' };
const accessBase = { iss: COGNITO_ISSUER, client_id: 'client123', token_use: 'access', exp: Math.floor(now / 1000) + 3600, sub: 'abc' };

function jwt(claims: Record<string, unknown>, options: { kid?: string; key?: typeof privateKey; alg?: string } = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'k1' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), options.key ?? privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The verifier the app builds from `settings`, reading the JWKS from memory; `fetched` lists the URIs it asked for. */
function verifierFor(settings: DemoConfig) {
  const fetched: string[] = [];
  const jwksCache = new SimpleJwksCache({
    fetcher: { fetch: async (uri: string) => (fetched.push(uri), new TextEncoder().encode(JSON.stringify({ keys: [jwk] })).buffer as ArrayBuffer) },
  });
  return { verifier: createTokenVerifier(settings, { jwksCache }), fetched };
}

describe('the demo app as an OpenID Connect client', () => {
  it('leaves the issuer to aws-jwt-verify without an endpoint, and expects <endpoint>/<poolId> with one', () => {
    expect(config.issuer).toBeUndefined();
    const local = demoConfigFromEnv({ COGNITO_DOMAIN: 'http://127.0.0.1:9229/us-east-1_X', COGNITO_USER_POOL_ID: 'us-east-1_X', COGNITO_CLIENT_ID: 'c', COGNITO_ENDPOINT: 'http://127.0.0.1:9229/' });
    expect(local.issuer).toBe('http://127.0.0.1:9229/us-east-1_X');
    expect(local.callbackUrl).toBe('http://localhost:3000/callback');
    expect(() => demoConfigFromEnv({ COGNITO_CLIENT_ID: 'c' })).toThrow(DemoConfigError);
    expect(() => demoConfigFromEnv({ COGNITO_DOMAIN: 'x', COGNITO_USER_POOL_ID: 'p', COGNITO_CLIENT_ID: 'c', DEMO_FLOW: 'hybrid' })).toThrow(/code or implicit/);
    expect(() => demoConfigFromEnv({ COGNITO_DOMAIN: 'x', COGNITO_USER_POOL_ID: 'p', COGNITO_CLIENT_ID: 'c', DEMO_PORT: '30oo' })).toThrow(/port number/);
    expect(() => demoConfigFromEnv({ COGNITO_DOMAIN: 'http://[::1', COGNITO_USER_POOL_ID: 'p', COGNITO_CLIENT_ID: 'c' })).toThrow(/COGNITO_DOMAIN must be an http\(s\) URL/);
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

  it('accepts well-signed tokens for this client, with Amazon Cognito\'s issuer and JWKS derived from the pool id', async () => {
    const { verifier, fetched } = verifierFor(config);
    await expect(verifier.idToken(jwt(base), { nonce: 'the-nonce' })).resolves.toMatchObject({ sub: 'abc' });
    await expect(verifier.accessToken(jwt(accessBase))).resolves.toMatchObject({ sub: 'abc', client_id: 'client123' });
    expect(new Set(fetched)).toEqual(new Set([`${COGNITO_ISSUER}/.well-known/jwks.json`]));
  });

  it('accepts Gatehouse\'s issuer <endpoint>/<poolId>, with its JWKS, and refuses Cognito\'s there', async () => {
    const local = demoConfigFromEnv({ COGNITO_DOMAIN: 'http://127.0.0.1:9229/us-east-1_X', COGNITO_USER_POOL_ID: 'us-east-1_X', COGNITO_CLIENT_ID: 'client123', COGNITO_ENDPOINT: 'http://127.0.0.1:9229' });
    const { verifier, fetched } = verifierFor(local);
    const iss = 'http://127.0.0.1:9229/us-east-1_X';
    await expect(verifier.idToken(jwt({ ...base, iss }), { nonce: 'the-nonce' })).resolves.toMatchObject({ iss });
    await expect(verifier.accessToken(jwt({ ...accessBase, iss }))).resolves.toMatchObject({ iss });
    await expect(verifier.accessToken(jwt({ ...accessBase, iss, client_id: 'other-client' }))).rejects.toThrow(/client/i);
    await expect(verifier.idToken(jwt(base), { nonce: 'the-nonce' })).rejects.toThrow(/issuer/i);
    expect(new Set(fetched)).toEqual(new Set([`${iss}/.well-known/jwks.json`]));
  });

  it('reads the keys from the endpoint when tokens carry an AWS-form issuer (Gatehouse with issuerMode aws)', async () => {
    const local = demoConfigFromEnv({
      COGNITO_DOMAIN: 'http://127.0.0.1:9229/eu-west-1_Example1', COGNITO_USER_POOL_ID: 'eu-west-1_Example1', COGNITO_CLIENT_ID: 'client123',
      COGNITO_ENDPOINT: 'http://127.0.0.1:9229', COGNITO_ISSUER: COGNITO_ISSUER,
    });
    const { verifier, fetched } = verifierFor(local);
    await expect(verifier.idToken(jwt(base), { nonce: 'the-nonce' })).resolves.toMatchObject({ iss: COGNITO_ISSUER });
    await expect(verifier.idToken(jwt({ ...base, iss: 'http://127.0.0.1:9229/eu-west-1_Example1' }), { nonce: 'the-nonce' })).rejects.toThrow(/issuer/i);
    expect(new Set(fetched)).toEqual(new Set(['http://127.0.0.1:9229/eu-west-1_Example1/.well-known/jwks.json']));
  });

  it('accepts a refreshed ID token (no nonce) for the same user only', async () => {
    const { verifier } = verifierFor(config);
    const refreshed = jwt({ ...base, nonce: undefined });
    await expect(verifier.idToken(refreshed, { sub: 'abc' })).resolves.toMatchObject({ sub: 'abc' });
    await expect(verifier.idToken(refreshed, { sub: 'someone-else' })).rejects.toThrow(/another user/);
  });

  it.each([
    ['another key', jwt(base, { key: other.privateKey }), /signature/i],
    ['an unknown kid', jwt(base, { kid: 'k2' }), /k2|kid/i],
    ['alg none', `${Buffer.from('{"alg":"none","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify(base)).toString('base64url')}.${jwt(base).split('.')[2]}`, /alg/i],
    ['another issuer', jwt({ ...base, iss: 'https://evil.example.com/x' }), /issuer/i],
    ['another audience', jwt({ ...base, aud: 'other-client' }), /client/i],
    ['an access token', jwt(accessBase), /token use|token_use/i],
    ['an expired token', jwt({ ...base, exp: Math.floor(now / 1000) - 3600 }), /expired/i],
    ['another nonce', jwt({ ...base, nonce: 'replayed' }), /nonce/],
    ['no nonce', jwt({ ...base, nonce: undefined }), /nonce/],
    ['garbage', 'not-a-jwt', /JWT/],
  ])('refuses an ID token with %s', async (_case, token, message) => {
    const error = await verifierFor(config).verifier.idToken(token, { nonce: 'the-nonce' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses an ID token where an access token is expected', async () => {
    const error = await verifierFor(config).verifier.accessToken(jwt(base)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as Error).message).toMatch(/token use|token_use/i);
  });
});
