// The development provider's authorization request (OIDC Core §3.1.2.1), checked on the page's GET
// and again on each of its posts (the form posts back to the same query string):
// - client_id is the configured client and redirect_uri an accepted one (redirect-uris.ts); until
//   both hold, errors render a page, never a redirect;
// - then errors go back to the redirect URI with the state: response_type must be `code`, scope must
//   hold `openid` (unknown scopes are dropped), PKCE is S256 only, prompt=none cannot be met;
// - no parameter may be repeated.
import type { Deps } from '../domain/deps.js';
import { OAuthError, invalidRequest, type OAuthErrorOptions } from '../cognito/oauth-errors.js';
import { isValidChallenge } from '../crypto/pkce.js';
import { isAcceptedRedirectUri } from './redirect-uris.js';

export const SCOPES = ['openid', 'email', 'profile'];
const MAX_STATE_LENGTH = 2048;
const MAX_NONCE_LENGTH = 512;

export interface DevIdpAuthorization {
  clientId: string;
  redirectUri: string;
  /** The granted scopes, space-separated. */
  scope: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
}

function parameters(query: unknown): { values: Record<string, string>; repeated?: string } {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value)) return { values, repeated: name };
    if (typeof value === 'string' && value !== '') values[name] = value;
  }
  return { values };
}

export async function validateAuthorization(deps: Pick<Deps, 'config' | 'store' | 'baseUrl'>, query: unknown): Promise<DevIdpAuthorization> {
  const { values, repeated } = parameters(query);
  if (repeated) throw invalidRequest(`${repeated} must not be repeated.`);
  const { client_id: clientId, redirect_uri: redirectUri, state } = values;
  if (!clientId) throw invalidRequest('client_id is required.');
  if (clientId !== deps.config.devIdp.clientId) throw new OAuthError('invalid_client', `The development identity provider knows no client ${clientId}; its client id is devIdp.clientId.`);
  if (!redirectUri) throw invalidRequest('redirect_uri is required.');
  if (!(await isAcceptedRedirectUri(deps, redirectUri))) {
    throw invalidRequest("redirect_uri is neither this server's own /oauth2/idpresponse nor listed in devIdp.redirectUris.");
  }

  const back: OAuthErrorOptions = { redirect: { uri: redirectUri, state: state?.slice(0, MAX_STATE_LENGTH), fragment: false } };
  if (values.response_type !== 'code') throw new OAuthError('unsupported_response_type', 'response_type must be code.', back);
  const requested = (values.scope ?? '').split(' ').filter(Boolean);
  if (!requested.includes('openid')) throw new OAuthError('invalid_scope', 'scope must include openid.', back);
  if (state && state.length > MAX_STATE_LENGTH) throw invalidRequest(`state must be at most ${MAX_STATE_LENGTH} characters.`, back);
  if (values.nonce && values.nonce.length > MAX_NONCE_LENGTH) throw invalidRequest(`nonce must be at most ${MAX_NONCE_LENGTH} characters.`, back);
  const { code_challenge: codeChallenge, code_challenge_method: method } = values;
  if (codeChallenge === undefined && method !== undefined) throw invalidRequest('code_challenge_method needs a code_challenge.', back);
  if (codeChallenge !== undefined) {
    if (method !== 'S256') throw invalidRequest('code_challenge_method must be S256.', back);
    if (!isValidChallenge(codeChallenge)) throw invalidRequest('code_challenge must be 43 base64url characters.', back);
  }
  // Signing in always takes the page: there is no session to reuse.
  if ((values.prompt ?? '').split(' ').includes('none')) throw new OAuthError('login_required', 'The development identity provider always shows its page.', back);
  return {
    clientId,
    redirectUri,
    scope: SCOPES.filter((scope) => requested.includes(scope)).join(' '),
    ...(state && { state }),
    ...(values.nonce && { nonce: values.nonce }),
    ...(codeChallenge && { codeChallenge }),
  };
}
