// Validates an authorization request (GET /oauth2/authorize, and again on every Hosted UI form
// that carries it), in an order that never redirects before the redirect URI is trusted:
// - client_id names an app client of this pool, else an error page;
// - redirect_uri equals one of its CallbackURLs exactly (no prefix, no normalisation), else an error page;
// - from here errors go back to redirect_uri: the client must be OAuth-enabled and allow the flow
//   (`code`, or `implicit` for response_type=token), scope ⊆ AllowedOAuthScopes (default: all of
//   them), PKCE S256 only, identity_provider / idp_identifier one of the client's
//   SupportedIdentityProviders.
import type { Deps } from './deps.js';
import type { ClientRecord, PoolRecord } from '../store/store.js';
import { OAuthError, invalidRequest } from '../cognito/oauth-errors.js';
import { couldBeClientId } from '../cognito/shapes.js';
import { isValidChallenge } from '../crypto/pkce.js';
import type { IdentityProviderRecord } from '../store/store.js';
import { findProvider, findProviderByIdentifier } from './federation/providers.js';

/** The parameters a sign-in carries from /oauth2/authorize through the Hosted UI pages. */
const AUTHORIZE_PARAMETERS = [
  'client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method',
  'identity_provider', 'idp_identifier', 'prompt',
] as const;

export type AuthorizeParameters = Partial<Record<(typeof AUTHORIZE_PARAMETERS)[number], string>>;

export interface AuthorizeRequest {
  client: ClientRecord;
  redirectUri: string;
  responseType: 'code' | 'token';
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  prompt?: string;
  /** The provider identity_provider or idp_identifier names: the browser goes straight there. */
  identityProvider?: IdentityProviderRecord;
  /** Whether the client signs users in with the pool's own accounts (COGNITO): the Hosted UI's forms. */
  allowsCognito: boolean;
  /** The original parameters, to carry through the pages. */
  parameters: AuthorizeParameters;
}

export function pickAuthorizeParameters(query: unknown): AuthorizeParameters {
  const out: AuthorizeParameters = {};
  if (!query || typeof query !== 'object') return out;
  for (const name of AUTHORIZE_PARAMETERS) {
    const value = (query as Record<string, unknown>)[name];
    // A repeated parameter is an error (RFC 6749 §3.1); it arrives as an array.
    if (Array.isArray(value)) throw invalidRequest(`${name} must not be repeated`);
    if (typeof value === 'string' && value !== '') out[name] = value;
  }
  return out;
}

export const authorizeQueryString = (parameters: AuthorizeParameters): string =>
  new URLSearchParams(Object.entries(parameters) as Array<[string, string]>).toString();

export async function validateAuthorizeRequest(deps: Deps, pool: PoolRecord, parameters: AuthorizeParameters): Promise<AuthorizeRequest> {
  const clientId = parameters.client_id;
  if (!clientId) throw invalidRequest('client_id is required.');
  const client = couldBeClientId(clientId) ? await deps.store.clients.find(clientId) : undefined;
  if (!client || client.poolId !== pool.id) throw new OAuthError('invalid_client', 'The app client does not exist in this user pool.');
  const redirectUri = parameters.redirect_uri;
  if (!redirectUri) throw invalidRequest('redirect_uri is required.');
  // Cognito: exact string match against CallbackURLs.
  if (!((client.config.CallbackURLs ?? []) as string[]).includes(redirectUri)) {
    throw invalidRequest('redirect_uri is not registered for this app client.');
  }

  const responseType = parameters.response_type;
  const redirect = { uri: redirectUri, state: parameters.state, fragment: responseType === 'token' };
  const fail = (error: string, description: string) => new OAuthError(error, description, { redirect });
  if (!client.config.AllowedOAuthFlowsUserPoolClient) throw fail('unauthorized_client', 'The app client is not enabled for OAuth flows.');
  if (!responseType) throw fail('invalid_request', 'response_type is required.');
  if (responseType !== 'code' && responseType !== 'token') throw fail('unsupported_response_type', 'response_type must be code or token.');
  const flows: string[] = client.config.AllowedOAuthFlows ?? [];
  if (!flows.includes(responseType === 'code' ? 'code' : 'implicit')) {
    throw fail('unauthorized_client', `The app client is not allowed the ${responseType === 'code' ? 'code' : 'implicit'} flow.`);
  }

  const allowed: string[] = client.config.AllowedOAuthScopes ?? [];
  const scopes = parameters.scope ? [...new Set(parameters.scope.split(' ').filter(Boolean))] : allowed;
  if (scopes.some((s) => !allowed.includes(s))) throw fail('invalid_scope', 'A requested scope is not allowed for this app client.');
  if (scopes.length === 0) throw fail('invalid_scope', 'No scope is allowed for this app client.');

  const challenge = parameters.code_challenge;
  const method = parameters.code_challenge_method;
  if (challenge === undefined && method !== undefined) throw fail('invalid_request', 'code_challenge is required with code_challenge_method.');
  if (challenge !== undefined) {
    if (method !== 'S256') throw fail('invalid_request', 'code_challenge_method must be S256.');
    if (!isValidChallenge(challenge)) throw fail('invalid_request', 'code_challenge is malformed.');
  }
  // A client that lists no provider is treated as COGNITO only.
  const listed: string[] = client.config.SupportedIdentityProviders ?? [];
  const allowsCognito = listed.length === 0 || listed.includes('COGNITO');
  let identityProvider: IdentityProviderRecord | undefined;
  const named = parameters.identity_provider;
  if (named === 'COGNITO') {
    if (!allowsCognito) throw fail('unauthorized_client', 'The app client does not support sign-in with the user pool.');
  } else if (named !== undefined) {
    identityProvider = listed.includes(named) ? await findProvider(deps, pool.id, named) : undefined;
    if (!identityProvider) throw fail('invalid_request', 'The identity provider is not enabled for this app client.');
  } else if (parameters.idp_identifier !== undefined) {
    const found = await findProviderByIdentifier(deps, pool.id, parameters.idp_identifier);
    if (!found || !listed.includes(found.name)) throw fail('invalid_request', 'The identity provider is not enabled for this app client.');
    identityProvider = found;
  }
  if (parameters.prompt !== undefined && !['none', 'login', 'select_account', 'consent'].includes(parameters.prompt)) {
    throw fail('invalid_request', 'prompt must be none, login, select_account or consent.');
  }
  if ((parameters.state?.length ?? 0) > 2048 || (parameters.nonce?.length ?? 0) > 2048) throw fail('invalid_request', 'state or nonce is too long.');

  return {
    client, redirectUri, responseType, scopes, state: parameters.state, nonce: parameters.nonce,
    codeChallenge: challenge, prompt: parameters.prompt, identityProvider, allowsCognito, parameters,
  };
}
