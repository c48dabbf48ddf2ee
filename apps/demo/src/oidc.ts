// The OAuth 2.0 / OpenID Connect client side, with node:crypto only: PKCE, the authorize URL,
// the code exchange and ID token validation against the pool's JWKS.
import { createHash, createPublicKey, randomBytes, timingSafeEqual, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { DemoConfig, Flow } from './config.js';

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const sameString = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** What the app remembers between sending the browser to the Hosted UI and its return. */
export interface PendingSignIn {
  flow: Flow;
  state: string;
  nonce: string;
  verifier: string;
}

export function newPendingSignIn(flow: Flow): PendingSignIn {
  return { flow, state: randomToken(), nonce: randomToken(), verifier: randomToken(48) };
}

export function authorizeUrl(config: DemoConfig, pending: PendingSignIn): string {
  const query = new URLSearchParams({
    response_type: pending.flow === 'code' ? 'code' : 'token',
    client_id: config.clientId,
    redirect_uri: config.callbackUrl,
    scope: config.scopes,
    state: pending.state,
    nonce: pending.nonce,
  });
  if (pending.flow === 'code') {
    query.set('code_challenge', createHash('sha256').update(pending.verifier).digest('base64url'));
    query.set('code_challenge_method', 'S256');
  }
  return `${config.hostedUiUrl}/oauth2/authorize?${query}`;
}

export function logoutUrl(config: DemoConfig): string {
  return `${config.hostedUiUrl}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUrl })}`;
}

export class SignInError extends Error {}

export interface TokenSet {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
}

/** POST /oauth2/token with the code and the PKCE verifier (client secret by HTTP Basic when set). */
export async function exchangeCode(config: DemoConfig, code: string, verifier: string): Promise<TokenSet> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: config.callbackUrl, code_verifier: verifier });
  if (config.clientSecret) {
    const encode = (value: string) => encodeURIComponent(value);
    headers.authorization = `Basic ${Buffer.from(`${encode(config.clientId)}:${encode(config.clientSecret)}`).toString('base64')}`;
  } else {
    form.set('client_id', config.clientId);
  }
  const response = await fetch(`${config.hostedUiUrl}/oauth2/token`, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(10_000) });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new SignInError(`the token endpoint refused the code (${String(body.error ?? response.status)})`);
  if (typeof body.access_token !== 'string' || typeof body.id_token !== 'string') throw new SignInError('the token endpoint returned no access token or ID token');
  return {
    accessToken: body.access_token,
    idToken: body.id_token,
    ...(typeof body.refresh_token === 'string' && { refreshToken: body.refresh_token }),
  };
}

export type Claims = Record<string, unknown>;

async function fetchJwks(url: string): Promise<{ keys: Array<JsonWebKey & { kid: string }> }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new SignInError(`the pool's keys could not be fetched (${response.status})`);
  return (await response.json()) as { keys: Array<JsonWebKey & { kid: string }> };
}

/** Caches a pool's signing keys by kid; fetches again (at most once a minute) for an unknown kid. */
export class KeySet {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  constructor(
    private readonly jwksUrl: () => string,
    private readonly load: (url: string) => Promise<{ keys: Array<JsonWebKey & { kid: string }> }> = fetchJwks,
  ) {}

  async key(kid: string): Promise<KeyObject | undefined> {
    if (!this.keys.has(kid) && Date.now() - this.fetchedAt > 60_000) await this.refresh();
    return this.keys.get(kid);
  }

  private async refresh(): Promise<void> {
    this.fetchedAt = Date.now();
    const { keys } = await this.load(this.jwksUrl());
    this.keys = new Map(keys.filter((k) => k.kty === 'RSA').map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })]));
  }
}

/** Checks an ID token's RS256 signature, issuer, audience, expiry, token_use and nonce. */
export async function verifyIdToken(config: DemoConfig, keys: KeySet, token: string, nonce: string, now = Date.now()): Promise<Claims> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new SignInError('the ID token is not a JWT');
  let header: { alg?: string; kid?: string };
  let claims: Claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new SignInError('the ID token cannot be decoded');
  }
  if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw new SignInError('the ID token is not signed with RS256');
  const key = await keys.key(header.kid);
  if (!key) throw new SignInError('the ID token is signed with an unknown key');
  if (!verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'))) {
    throw new SignInError('the ID token signature is invalid');
  }
  if (claims.iss !== config.issuer) throw new SignInError(`the ID token was issued by ${String(claims.iss)}, not ${config.issuer}`);
  if (claims.aud !== config.clientId) throw new SignInError('the ID token is for another app client');
  if (claims.token_use !== 'id') throw new SignInError('the token is not an ID token');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < now - 60_000) throw new SignInError('the ID token has expired');
  if (typeof claims.nonce !== 'string' || !sameString(claims.nonce, nonce)) throw new SignInError('the ID token nonce does not match this sign-in');
  return claims;
}
