// GET|POST /oauth2/userInfo (OIDC Core §5.3): Bearer access token from the OAuth endpoints with
// `openid`; answers the user's attributes the client may read, narrowed by scope as Cognito does:
// openid alone → everything readable; with profile/email/phone → those groups only.
// `sub` and `username` always, and a federated user's `identities` (the attribute's JSON string)
// whatever the scopes, as Cognito answers it. Errors per RFC 6750 §3 with WWW-Authenticate.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { CognitoError } from '../cognito/errors.js';
import { authenticateAccessToken } from '../domain/access-token.js';
import { readableBy } from '../domain/attributes.js';
import { OAuthError } from '../cognito/oauth-errors.js';
import { requirePoolContext, type ClientNaming } from '../web/pool-context.js';

const PROFILE = new Set([
  'name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture',
  'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at',
]);
const EMAIL = new Set(['email', 'email_verified']);
const PHONE = new Set(['phone_number', 'phone_number_verified']);

const bearerError = (status: number, error: string, description: string) =>
  new OAuthError(error, description, { status, headers: { 'www-authenticate': `Bearer error="${error}", error_description="${description}"` } });

const bearerRequired = () => new OAuthError('invalid_request', 'Bearer access token required.', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
const invalidToken = () => bearerError(401, 'invalid_token', 'Access token is invalid, expired or revoked.');

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header && /^bearer /i.test(header) ? header.slice(7).trim() : undefined;
}

/**
 * At the server's own origin the access token names the pool by its client_id claim, read
 * unverified: it only chooses which pool's keys then verify the token.
 */
const clientIdOfAccessToken: ClientNaming = {
  clientIdOf(request) {
    const token = bearerToken(request);
    if (token === undefined) return undefined;
    let claims: { client_id?: unknown } | undefined;
    try {
      if (token.length <= 16_384) claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    } catch {
      claims = undefined;
    }
    if (typeof claims?.client_id !== 'string') throw invalidToken();
    return claims.client_id;
  },
  missing: bearerRequired,
  unknown: invalidToken,
};

export function visibleClaims(scopes: string[]): (name: string) => boolean {
  const narrowing = ['profile', 'email', 'phone'].filter((s) => scopes.includes(s));
  if (narrowing.length === 0) return () => true;
  return (name) =>
    (scopes.includes('profile') && (PROFILE.has(name) || name.startsWith('custom:'))) ||
    (scopes.includes('email') && EMAIL.has(name)) ||
    (scopes.includes('phone') && PHONE.has(name));
}

export function userInfoRoute(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { pool } = await requirePoolContext(deps, request, clientIdOfAccessToken);
    const token = bearerToken(request);
    if (token === undefined) throw bearerRequired();
    let context;
    try {
      context = await authenticateAccessToken(deps, token, { requireAdminScope: false });
    } catch (error) {
      if (error instanceof CognitoError && error.status < 500) throw invalidToken();
      throw error;
    }
    if (context.poolId !== pool.id) throw bearerError(401, 'invalid_token', 'Access token is not from this user pool.');
    const scopes = String(context.claims.scope ?? '').split(' ');
    if (!scopes.includes('openid')) throw bearerError(403, 'insufficient_scope', 'The access token lacks the openid scope.');
    const client = await deps.store.clients.find(context.clientId);
    const readable = readableBy(client);
    const visible = visibleClaims(scopes);
    const body: Record<string, string> = { sub: context.user.sub };
    for (const [name, value] of Object.entries(context.user.attributes)) {
      if (readable(name) && visible(name) && name !== 'identities') body[name] = value;
    }
    const identities = context.user.attributes.identities;
    if (identities !== undefined) body.identities = identities;
    body.username = context.user.username;
    return reply.header('cache-control', 'no-store').send(body);
  };
}
