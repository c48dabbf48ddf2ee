// The OAuth error family (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3). `redirectable` stays false until
// the client and its redirect URI are verified: before that an error renders a page, never a
// redirect (an open redirector otherwise). oauth/plugin.ts and web/browser-errors.ts turn them into bytes.
import { CognitoError } from './errors.js';

export interface OAuthErrorOptions {
  status?: number;
  /** Where the error may be sent back to (authorize only): the verified redirect URI and state. */
  redirect?: { uri: string; state?: string; fragment: boolean };
  /** Extra response headers (WWW-Authenticate). */
  headers?: Record<string, string>;
}

export class OAuthError extends Error {
  readonly status: number;
  readonly redirect?: OAuthErrorOptions['redirect'];
  readonly headers: Record<string, string>;
  constructor(readonly error: string, readonly description: string, options: OAuthErrorOptions = {}) {
    super(description);
    this.name = 'OAuthError';
    this.status = options.status ?? 400;
    this.redirect = options.redirect;
    this.headers = options.headers ?? {};
  }

  get redirectable(): boolean {
    return this.redirect !== undefined;
  }
}

export const invalidRequest = (description: string, options?: OAuthErrorOptions) => new OAuthError('invalid_request', description, options);
export const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);

/**
 * A request beyond its pool's request-rate quota. What Cognito's OAuth endpoints answer is not
 * documented: `temporarily_unavailable` is OAuth's registered code for a server that cannot take the
 * request for now (RFC 6749 §4.1.2.1), 429 is HTTP's status for a rate limit (RFC 6585 §4), and
 * the budgets refill every second.
 */
export const tooManyRequests = (options: OAuthErrorOptions = {}) =>
  new OAuthError('temporarily_unavailable', 'Too many requests', { status: 429, headers: { 'retry-after': '1' }, ...options });

/** Domain errors met on the token endpoint: a refused credential is invalid_grant, a bad value invalid_request, a spent quota 429. */
export function fromCognito(error: CognitoError): OAuthError {
  if (error.type === 'InvalidParameterException') return invalidRequest(error.message);
  if (error.type === 'TooManyRequestsException') return tooManyRequests();
  if (error.status >= 500) return new OAuthError('server_error', 'An internal error occurred.', { status: 500 });
  return invalidGrant(error.message);
}

/** `uri` with `parameters` added to its query, or as its fragment (implicit flow). */
export function withParameters(uri: string, parameters: Record<string, string | undefined>, fragment: boolean): string {
  const entries = Object.entries(parameters).filter((e): e is [string, string] => e[1] !== undefined);
  const url = new URL(uri);
  if (fragment) {
    url.hash = new URLSearchParams(entries).toString();
  } else {
    for (const [name, value] of entries) url.searchParams.append(name, value);
  }
  return url.toString();
}

export function errorRedirect(error: OAuthError): string {
  const { uri, state, fragment } = error.redirect!;
  return withParameters(uri, { error: error.error, error_description: error.description, state }, fragment);
}
