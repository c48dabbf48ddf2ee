// GET /oauth2/authorize: validates the request, then either signs a returning user in from the
// Hosted UI session (unless prompt=login) or sends the browser to the sign-in page with the same
// parameters. finishAuthorization answers the client: a code (response_type=code) or tokens in
// the fragment (implicit), at the verified redirect URI.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import { newUuid } from '../crypto/random.js';
import { sha256Hex } from '../crypto/digest.js';
import { issueTokens } from '../tokens/issue.js';
import { findHostedSession } from '../hosted-ui/session.js';
import { OAuthError } from './errors.js';
import { clientIdInQuery, requirePoolContext } from './pool-context.js';
import { authorizeQueryString, pickAuthorizeParameters, validateAuthorizeRequest, type AuthorizeRequest } from './authorize-request.js';
import { sweepNowAndThen } from '../domain/sweep.js';

/** Cognito: authorization codes live 5 minutes and are single use. */
export const CODE_TTL_MS = 5 * 60_000;
/** Used codes are kept a day past expiry so a late replay still revokes what the code issued. */
const CODE_KEEP_MS = 24 * 3600_000;
/** About one issuance in this many also deletes long-expired codes: no background job needed. */
const SWEEP_ONE_IN = 50;

function withParameters(uri: string, parameters: Record<string, string | undefined>, fragment: boolean): string {
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

/** Issues the code or the implicit tokens for a signed-in user; answers the URL to redirect to. */
export async function finishAuthorization(deps: Deps, pool: PoolRecord, request: AuthorizeRequest, user: UserRecord, authTime: number): Promise<string> {
  const { client, redirectUri, state } = request;
  if (request.responseType === 'code') {
    const code = newUuid();
    const now = deps.clock.now();
    await sweepNowAndThen(deps, SWEEP_ONE_IN, 'authorization codes', () => deps.store.authorizationCodes.deleteExpired(now - CODE_KEEP_MS));
    await deps.store.authorizationCodes.insert({
      codeHash: sha256Hex(code), poolId: pool.id, clientId: client.id, sub: user.sub, redirectUri,
      scopes: request.scopes.join(' '), nonce: request.nonce ?? null, codeChallenge: request.codeChallenge ?? null,
      authTime, createdAt: now, expiresAt: now + CODE_TTL_MS, consumedAt: null, issuedOriginJti: null,
    });
    return withParameters(redirectUri, { code, state }, false);
  }
  const tokens = await issueTokens(deps, {
    pool, client, user, scopes: request.scopes, nonce: request.nonce, oauth: true,
    withIdToken: request.scopes.includes('openid'), withRefreshToken: false,
    newSession: { originJti: newUuid(), authTime },
  });
  return withParameters(redirectUri, {
    ...(tokens.IdToken && { id_token: tokens.IdToken }),
    access_token: tokens.AccessToken, token_type: 'Bearer', expires_in: String(tokens.ExpiresIn), state,
  }, true);
}

export function authorizeRoute(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const context = await requirePoolContext(deps, request, clientIdInQuery);
    const { pool, basePath } = context;
    const parameters = pickAuthorizeParameters(request.query);
    const authorization = await validateAuthorizeRequest(deps, pool, parameters);
    const existing = authorization.prompt === 'login' ? undefined : await findHostedSession(deps, request, context);
    if (existing) {
      return reply.redirect(await finishAuthorization(deps, pool, authorization, existing.user, existing.session.authTime));
    }
    if (authorization.prompt === 'none') {
      throw new OAuthError('login_required', 'The user is not signed in.', {
        redirect: { uri: authorization.redirectUri, state: authorization.state, fragment: authorization.responseType === 'token' },
      });
    }
    return reply.redirect(`${basePath}/login?${authorizeQueryString(parameters)}`);
  };
}
