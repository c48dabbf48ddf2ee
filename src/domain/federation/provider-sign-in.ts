// Sign-in through an OpenID Connect provider or a social one (Google, Facebook, LoginWithAmazon,
// Sign in with Apple — OAuth 2.0 / OIDC variants): the redirect to the provider, then, when the
// browser comes back to /oauth2/idpresponse, the code exchanged at the provider's token endpoint,
// the ID token verified (OIDC, Google, Apple), the user's attributes read, and the federated user
// signed in. The endpoints are the ones stored in the provider's ProviderDetails (the social types'
// built-in ones, OIDC's discovered ones).
import { createHash } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { ClientRecord, IdentityProviderRecord, PoolRecord, UserRecord } from '../../store/store.js';
import type { AuthorizeRequest } from '../authorize-request.js';
import { newOpaqueToken } from '../../crypto/random.js';
import { constantTimeEqual } from '../../crypto/digest.js';
import { signEs256Jwt, verifyProviderJwt } from '../../tokens/provider-jwt.js';
import { fetchProviderJson, ProviderError, providerKeys } from './provider-http.js';
import { federatedSignIn } from './federated-user.js';
import { providerDetails, providerEndpoints } from './providers.js';
import { sealPendingSignIn, type PendingSignIn } from './pending-sign-in.js';

export { ProviderError } from './provider-http.js';

/** The provider types this flow signs in with (SAML has its own). */
export const OAUTH_PROVIDER_TYPES = new Set(['OIDC', 'Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);

/** Types whose sign-in returns an ID token to verify. */
const ID_TOKEN_TYPES = new Set(['OIDC', 'Google', 'SignInWithApple']);

/** Accepted difference between our clock and the provider's when judging exp and iat. */
const CLOCK_SKEW_S = 300;

interface Endpoints {
  authorizeUrl: string;
  tokenUrl: string;
  attributesUrl?: string;
  jwksUri?: string;
  issuer?: string;
  /** Facebook's token request is a GET; the others POST with client_secret_post. */
  tokenRequestMethod: 'GET' | 'POST';
  attributesRequestMethod: 'GET' | 'POST';
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The provider's endpoints as ProviderDetails keeps them (OIDC's discovered when the provider was configured). */
function endpointsOf(provider: IdentityProviderRecord): Endpoints {
  const stored = providerEndpoints(provider);
  const authorizeUrl = text(stored.authorizeUrl);
  const tokenUrl = text(stored.tokenUrl);
  if (!authorizeUrl || !tokenUrl) throw new ProviderError(`The identity provider ${provider.name} has no authorization or token endpoint.`);
  return { ...stored, authorizeUrl, tokenUrl };
}

const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/**
 * Where to send the browser to sign in with `provider`, and the sealed state the provider hands
 * back. `binding`: the browser's binding value; `callbackUrl`: this pool's /oauth2/idpresponse.
 */
export async function startProviderSignIn(
  deps: Deps, pool: PoolRecord, authorization: AuthorizeRequest, provider: IdentityProviderRecord, callbackUrl: string, binding: string,
): Promise<string> {
  const details = providerDetails(deps, provider);
  const endpoints = endpointsOf(provider);
  const nonce = ID_TOKEN_TYPES.has(provider.type) ? newOpaqueToken() : undefined;
  const codeVerifier = newOpaqueToken(48);
  const { state } = sealPendingSignIn(deps, {
    poolId: pool.id, clientId: authorization.client.id, providerName: provider.name, parameters: authorization.parameters,
    callbackUrl, nonce, codeVerifier,
  }, binding);
  const url = new URL(endpoints.authorizeUrl);
  const query: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: details.client_id,
    redirect_uri: callbackUrl,
    scope: details.authorize_scopes,
    state,
    nonce,
    code_challenge: pkceChallenge(codeVerifier),
    code_challenge_method: 'S256',
    // Apple: asking for the name or email requires the answer as a form post.
    response_mode: provider.type === 'SignInWithApple' && details.authorize_scopes?.trim() ? 'form_post' : undefined,
  };
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(name, value);
  return url.toString();
}

/** Sign in with Apple: the client secret is a short-lived ES256 JWT made with the team's key. */
function appleClientSecret(deps: Deps, details: Record<string, string>): string {
  const iat = Math.floor(deps.clock.now() / 1000);
  return signEs256Jwt({ iss: details.team_id, iat, exp: iat + 300, aud: 'https://appleid.apple.com', sub: details.client_id }, details.private_key, details.key_id);
}

async function exchangeCode(deps: Deps, provider: IdentityProviderRecord, details: Record<string, string>, endpoints: Endpoints, pending: PendingSignIn, code: string): Promise<Record<string, unknown>> {
  const secret = provider.type === 'SignInWithApple' ? appleClientSecret(deps, details) : details.client_secret;
  const parameters: Record<string, string> = {
    grant_type: 'authorization_code', code, redirect_uri: pending.callbackUrl, client_id: details.client_id,
    ...(pending.codeVerifier && { code_verifier: pending.codeVerifier }),
  };
  if (endpoints.tokenRequestMethod === 'GET') {
    const url = new URL(endpoints.tokenUrl);
    for (const [name, value] of Object.entries({ ...parameters, client_secret: secret ?? '' })) url.searchParams.set(name, value);
    return fetchProviderJson(url.toString(), 'token endpoint');
  }
  return fetchProviderJson(endpoints.tokenUrl, 'token endpoint', { form: { ...parameters, ...(secret && { client_secret: secret }) } });
}

/** Google's ID tokens name their issuer with or without the scheme. */
function issuerMatches(provider: IdentityProviderRecord, expected: string, actual: unknown): boolean {
  if (actual === expected) return true;
  return provider.type === 'Google' && (actual === 'accounts.google.com' || actual === 'https://accounts.google.com') && expected.endsWith('accounts.google.com');
}

/** Verifies the provider's ID token: signature (its JWKS), iss, aud, exp, iat, nbf and our nonce. */
async function verifyIdToken(deps: Deps, provider: IdentityProviderRecord, details: Record<string, string>, endpoints: Endpoints, pending: PendingSignIn, token: unknown): Promise<Record<string, unknown>> {
  if (typeof token !== 'string') throw new ProviderError('The identity provider returned no id_token.');
  if (!endpoints.jwksUri) throw new ProviderError(`The identity provider ${provider.name} has no jwks_uri.`);
  const now = deps.clock.now();
  let claims = verifyProviderJwt(token, await providerKeys(endpoints.jwksUri, now));
  // A key the provider rotated in since the set was kept: fetch the set once more.
  if (!claims) claims = verifyProviderJwt(token, await providerKeys(endpoints.jwksUri, now, true));
  if (!claims) throw new ProviderError('Invalid id_token signature');
  if (endpoints.issuer && !issuerMatches(provider, endpoints.issuer, claims.iss)) throw new ProviderError(`Bad id_token issuer ${String(claims.iss)}`);
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audience.includes(details.client_id)) throw new ProviderError('Bad id_token audience');
  // The authorized party, when named, must be us too: a token issued to another client that lists us among its audiences is not ours.
  if (claims.azp !== undefined && claims.azp !== details.client_id) throw new ProviderError('Bad id_token authorized party');
  const seconds = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < seconds) throw new ProviderError('The id_token has expired');
  if (typeof claims.iat === 'number' && claims.iat - CLOCK_SKEW_S > seconds) throw new ProviderError('The id_token was issued in the future');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf - CLOCK_SKEW_S > seconds)) throw new ProviderError('The id_token is not valid yet');
  if (pending.nonce && (typeof claims.nonce !== 'string' || !constantTimeEqual(claims.nonce, pending.nonce))) throw new ProviderError('Bad id_token nonce');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new ProviderError('The id_token has no sub');
  return claims;
}

/**
 * The user's attributes from the provider's attributes_url. Facebook's and Google's URLs end in a
 * field list the mapped claims are added to (attributes_url_add_attributes).
 */
async function readAttributes(provider: IdentityProviderRecord, details: Record<string, string>, endpoints: Endpoints, accessToken: string, known: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!endpoints.attributesUrl) return {};
  let url = endpoints.attributesUrl;
  const mapped = [...new Set(Object.values(provider.attributeMapping ?? {}))].filter((claim) => claim !== 'access_token' && claim !== 'id_token');
  if (provider.type === 'Facebook') {
    url += [...new Set(['id', ...mapped])].join(',');
  } else if (provider.type === 'Google') {
    // Cognito asks Google's people API only for what the ID token did not tell.
    const missing = mapped.filter((claim) => !(claim in known));
    if (missing.length === 0) return {};
    if (details.attributes_url_add_attributes === 'true') url += missing.join(',');
  }
  return fetchProviderJson(url, 'user info endpoint', { method: endpoints.attributesRequestMethod, headers: { authorization: `Bearer ${accessToken}` } });
}

/** The provider's own id of the user: `sub`, Facebook's `id`, Login with Amazon's `user_id`. */
function providerUserIdOf(provider: IdentityProviderRecord, idToken: Record<string, unknown> | undefined, attributes: Record<string, unknown>): string {
  const raw = provider.type === 'Facebook' ? attributes.id : provider.type === 'LoginWithAmazon' ? attributes.user_id : idToken?.sub ?? attributes.sub;
  const id = typeof raw === 'number' ? String(raw) : raw;
  if (typeof id !== 'string' || id === '') throw new ProviderError('The identity provider did not identify the user.');
  return id;
}

/**
 * The browser came back from the provider with `code`: exchanges it, checks what the provider
 * answered, and signs the federated user in (federated-user.ts).
 */
/**
 * Sign in with Apple sends the user's name once, at the first sign-in, in the form it posts back
 * (`user`: {"name":{"firstName","lastName"},"email"}); Cognito maps it as firstName and lastName.
 */
function appleUser(posted: string | undefined): Record<string, unknown> {
  if (!posted || posted.length > 4096) return {};
  try {
    const user = JSON.parse(posted);
    const name = user && typeof user === 'object' ? user.name : undefined;
    return {
      ...(typeof name?.firstName === 'string' && { firstName: name.firstName }),
      ...(typeof name?.lastName === 'string' && { lastName: name.lastName }),
    };
  } catch {
    return {};
  }
}

export async function completeProviderSignIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, provider: IdentityProviderRecord, pending: PendingSignIn, code: string, appleUserForm?: string,
): Promise<UserRecord> {
  const details = providerDetails(deps, provider);
  const endpoints = endpointsOf(provider);
  const tokens = await exchangeCode(deps, provider, details, endpoints, pending, code);
  const accessToken = text(tokens.access_token);
  if (!accessToken) throw new ProviderError('The identity provider returned no access_token.');
  const idToken = ID_TOKEN_TYPES.has(provider.type) ? await verifyIdToken(deps, provider, details, endpoints, pending, tokens.id_token) : undefined;
  const userInfo = await readAttributes(provider, details, endpoints, accessToken, idToken ?? {});
  // OIDC: the user info must be about the user the ID token names.
  if (idToken && userInfo.sub !== undefined && userInfo.sub !== idToken.sub) throw new ProviderError('The user info does not match the id_token.');
  const providerUserId = providerUserIdOf(provider, idToken, userInfo);
  const claims: Record<string, unknown> = {
    ...(idToken ?? {}), ...userInfo, ...(provider.type === 'SignInWithApple' && appleUser(appleUserForm)),
    // Cognito: a provider's tokens may be mapped into (2048-character) custom attributes.
    access_token: accessToken, ...(typeof tokens.id_token === 'string' && { id_token: tokens.id_token }),
  };
  const tokenResponse = Object.fromEntries(Object.entries(tokens).filter(([name]) => name !== 'refresh_token'));
  return federatedSignIn(deps, pool, client, provider, {
    providerUserId, claims, issuer: null,
    raw: { tokenResponse, idToken: idToken ?? {}, userInfo },
  });
}
