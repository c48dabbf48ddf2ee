// Sign-in through an OpenID Connect provider or a social one (Google, Facebook, LoginWithAmazon,
// Sign in with Apple — OAuth 2.0 / OIDC variants): the redirect to the provider, then, when the
// browser comes back to /oauth2/idpresponse, the code exchanged at the provider's token endpoint,
// the ID token verified (OIDC, Google, Apple), the user's attributes read, and the federated user
// signed in. The endpoints are the ones stored in the provider's ProviderDetails (the social types'
// built-in ones included), or discovered from oidc_issuer when an OIDC provider names none.
import { createHash } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { ClientRecord, IdentityProviderRecord, PoolRecord, UserRecord } from '../../store/store.js';
import type { AuthorizeRequest } from '../authorize-request.js';
import { newOpaqueToken } from '../../crypto/random.js';
import { constantTimeEqual } from '../../crypto/digest.js';
import { signEs256Jwt, verifyProviderJwt } from '../../tokens/provider-jwt.js';
import { discoverIssuer, fetchProviderJson, ProviderError, providerKeys } from './provider-http.js';
import { federatedSignIn } from './federated-user.js';
import { providerDetails } from './providers.js';
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
  /** How the client authenticates at the token endpoint. */
  tokenAuth: 'post' | 'basic' | 'get';
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The provider's endpoints: from ProviderDetails, else (OIDC) from its discovery document. */
async function endpointsOf(deps: Deps, provider: IdentityProviderRecord, details: Record<string, string>): Promise<Endpoints> {
  let discovered: Record<string, unknown> = {};
  const issuer = text(details.oidc_issuer);
  const needsDiscovery = !details.authorize_url || !details.token_url || (ID_TOKEN_TYPES.has(provider.type) && !details.jwks_uri);
  if (provider.type === 'OIDC' && issuer && needsDiscovery) discovered = await discoverIssuer(issuer, deps.clock.now());
  const authorizeUrl = text(details.authorize_url) ?? text(discovered.authorization_endpoint);
  const tokenUrl = text(details.token_url) ?? text(discovered.token_endpoint);
  if (!authorizeUrl || !tokenUrl) throw new ProviderError(`The identity provider ${provider.name} has no authorization or token endpoint.`);
  const methods = Array.isArray(discovered.token_endpoint_auth_methods_supported) ? discovered.token_endpoint_auth_methods_supported : undefined;
  // client_secret_post unless the provider says it only takes HTTP Basic; Facebook's is a GET.
  const tokenAuth = details.token_request_method === 'GET' ? 'get' : methods && !methods.includes('client_secret_post') && methods.includes('client_secret_basic') ? 'basic' : 'post';
  return {
    authorizeUrl, tokenUrl, tokenAuth,
    attributesUrl: text(details.attributes_url) ?? text(discovered.userinfo_endpoint),
    jwksUri: text(details.jwks_uri) ?? text(discovered.jwks_uri),
    issuer: issuer ?? text(discovered.issuer),
  };
}

const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/**
 * Where to send the browser to sign in with `provider`, and the sealed state the provider hands
 * back. `binding`: the browser's binding value; `callbackUrl`: this pool's /oauth2/idpresponse.
 */
export async function startProviderSignIn(
  deps: Deps, pool: PoolRecord, authorization: AuthorizeRequest, provider: IdentityProviderRecord, callbackUrl: string, binding: string,
): Promise<string> {
  const details = await providerDetails(deps, provider);
  const endpoints = await endpointsOf(deps, provider, details);
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
  if (endpoints.tokenAuth === 'get') {
    const url = new URL(endpoints.tokenUrl);
    for (const [name, value] of Object.entries({ ...parameters, client_secret: secret ?? '' })) url.searchParams.set(name, value);
    return fetchProviderJson(url.toString(), 'token endpoint');
  }
  if (endpoints.tokenAuth === 'basic') {
    const basic = Buffer.from(`${encodeURIComponent(details.client_id)}:${encodeURIComponent(secret ?? '')}`).toString('base64');
    return fetchProviderJson(endpoints.tokenUrl, 'token endpoint', { form: parameters, headers: { authorization: `Basic ${basic}` } });
  }
  return fetchProviderJson(endpoints.tokenUrl, 'token endpoint', { form: { ...parameters, ...(secret && { client_secret: secret }) } });
}

/** Google's ID tokens name their issuer with or without the scheme. */
function issuerMatches(provider: IdentityProviderRecord, expected: string, actual: unknown): boolean {
  if (actual === expected) return true;
  return provider.type === 'Google' && (actual === 'accounts.google.com' || actual === 'https://accounts.google.com') && expected.endsWith('accounts.google.com');
}

/** Verifies the provider's ID token: signature (its JWKS), iss, aud, exp and our nonce. */
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
  if (audience.length > 1 && claims.azp !== undefined && claims.azp !== details.client_id) throw new ProviderError('Bad id_token authorized party');
  const seconds = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < seconds) throw new ProviderError('The id_token has expired');
  if (typeof claims.iat === 'number' && claims.iat - CLOCK_SKEW_S > seconds) throw new ProviderError('The id_token was issued in the future');
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
  const method = details.attributes_request_method === 'POST' ? 'POST' : 'GET';
  return fetchProviderJson(url, 'user info endpoint', { method, headers: { authorization: `Bearer ${accessToken}` } });
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
export async function completeProviderSignIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, provider: IdentityProviderRecord, pending: PendingSignIn, code: string,
): Promise<UserRecord> {
  const details = await providerDetails(deps, provider);
  const endpoints = await endpointsOf(deps, provider, details);
  const tokens = await exchangeCode(deps, provider, details, endpoints, pending, code);
  const accessToken = text(tokens.access_token);
  if (!accessToken) throw new ProviderError('The identity provider returned no access_token.');
  const idToken = ID_TOKEN_TYPES.has(provider.type) ? await verifyIdToken(deps, provider, details, endpoints, pending, tokens.id_token) : undefined;
  const userInfo = await readAttributes(provider, details, endpoints, accessToken, idToken ?? {});
  // OIDC: the user info must be about the user the ID token names.
  if (idToken && userInfo.sub !== undefined && userInfo.sub !== idToken.sub) throw new ProviderError('The user info does not match the id_token.');
  const providerUserId = providerUserIdOf(provider, idToken, userInfo);
  const claims: Record<string, unknown> = {
    ...(idToken ?? {}), ...userInfo,
    // Cognito: a provider's tokens may be mapped into (2048-character) custom attributes.
    access_token: accessToken, ...(typeof tokens.id_token === 'string' && { id_token: tokens.id_token }),
  };
  const tokenResponse = Object.fromEntries(Object.entries(tokens).filter(([name]) => name !== 'refresh_token'));
  return federatedSignIn(deps, pool, client, provider, {
    providerUserId, claims, issuer: null,
    raw: { tokenResponse, idToken: idToken ?? {}, userInfo },
  });
}
