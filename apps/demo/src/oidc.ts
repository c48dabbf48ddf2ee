// The OAuth 2.0 / OpenID Connect client side: PKCE, the authorize and sign-out URLs, and the
// token endpoint (the code exchange and the refresh). token-verifier.ts checks what it returns.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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
  /** The access token's lifetime, as the token endpoint says (`expires_in`). */
  expiresInSeconds?: number;
}

/** POST /oauth2/token (client secret by HTTP Basic when set); `refused` names what was refused. */
async function tokenRequest(config: DemoConfig, form: URLSearchParams, refused: string): Promise<TokenSet> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (config.clientSecret) {
    const encode = (value: string) => encodeURIComponent(value);
    headers.authorization = `Basic ${Buffer.from(`${encode(config.clientId)}:${encode(config.clientSecret)}`).toString('base64')}`;
  } else {
    form.set('client_id', config.clientId);
  }
  const response = await fetch(`${config.hostedUiUrl}/oauth2/token`, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(10_000) });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new SignInError(`the token endpoint refused the ${refused} (${String(body.error ?? response.status)})`);
  if (typeof body.access_token !== 'string' || typeof body.id_token !== 'string') throw new SignInError('the token endpoint returned no access token or ID token');
  return {
    accessToken: body.access_token,
    idToken: body.id_token,
    ...(typeof body.refresh_token === 'string' && { refreshToken: body.refresh_token }),
    ...(typeof body.expires_in === 'number' && { expiresInSeconds: body.expires_in }),
  };
}

/** The code and the PKCE verifier for the sign-in's tokens. */
export function exchangeCode(config: DemoConfig, code: string, verifier: string): Promise<TokenSet> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: config.callbackUrl, code_verifier: verifier });
  return tokenRequest(config, form, 'code');
}

/**
 * The refresh token for new access and ID tokens of the same sign-in. Cognito answers without a
 * refresh token unless the client rotates them; then the new one replaces the old.
 */
export function refreshTokens(config: DemoConfig, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(config, new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }), 'refresh token');
}
