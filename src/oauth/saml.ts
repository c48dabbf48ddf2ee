// The pool's SAML endpoints (domain/federation/saml.ts and saml-logout.ts check the messages):
// POST /saml2/idpresponse, the assertion consumer service; GET /saml2/logout, where the provider's
// LogoutResponse returns. And where they are, for the messages /oauth2/authorize and /logout send.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { completeSamlSignIn } from '../domain/federation/saml.js';
import { completeSamlLogout, sealSamlSignIn } from '../domain/federation/saml-logout.js';
import { finishAuthorization } from '../domain/authorization.js';
import { cookieSecondsOf, renewHostedSession } from '../domain/hosted-sessions.js';
import { withRequestContext } from '../domain/risk/request-context.js';
import { requirePoolContext, type PoolContext } from '../web/pool-context.js';
import { readSessionCookie, setSessionCookie } from '../web/session-cookie.js';
import { clearCookie, readCookie, setCookie } from '../web/cookies.js';
import { singleValued } from '../web/form.js';

/**
 * A SAML endpoint's URL on the host the browser uses. At the server's own origin a pool is named by
 * its path there (the provider's messages name no app client).
 */
function samlEndpointUrl(request: FastifyRequest, context: PoolContext, path: string): string {
  const base = context.sharedOrigin ? `/${context.pool.id}` : context.basePath;
  return `${request.protocol}://${request.host}${base}/saml2/${path}`;
}

export const assertionConsumerUrl = (request: FastifyRequest, context: PoolContext) => samlEndpointUrl(request, context, 'idpresponse');
export const singleLogoutReturnUrl = (request: FastifyRequest, context: PoolContext) => samlEndpointUrl(request, context, 'logout');

/** The browser's sealed record of its SAML sign-in (NameID, SessionIndex), for the sign-out. */
const signInCookieName = (context: PoolContext) => (context.sharedOrigin ? `saml-sign-in-${context.pool.id}` : 'saml-sign-in');
export const readSamlSignInCookie = (request: FastifyRequest, context: PoolContext) => readCookie(request, signInCookieName(context));
export const clearSamlSignInCookie = (deps: Deps, request: FastifyRequest, reply: FastifyReply, context: PoolContext) =>
  clearCookie(deps, request, reply, signInCookieName(context), context.basePath || '/');

export function samlResponseRoute(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const context = await requirePoolContext(deps, request);
    const { pool } = context;
    const { authorization, user, signIn, sharedOrigin } = await completeSamlSignIn(deps, pool, singleValued(request.body), assertionConsumerUrl(request, context));
    // The browser is signed in to the Hosted UI too (a new session: no fixation of an older one),
    // where the sign-in began: a sign-in started at the server's own origin (whose ACS is under
    // /<poolId> all the same) keeps its session there, for /oauth2/authorize and /logout.
    const scope: PoolContext = sharedOrigin ? { pool, basePath: '', sharedOrigin: true } : context;
    const browserDeps = withRequestContext(deps, request.ip, request.headers['user-agent']);
    const { id, session } = await renewHostedSession(browserDeps, pool, user, authorization.client.id, readSessionCookie(request, scope));
    setSessionCookie(deps, request, reply, scope, id, cookieSecondsOf(session));
    setCookie(deps, request, reply, signInCookieName(scope), sealSamlSignIn(deps, pool.id, signIn, id), { path: scope.basePath || '/', maxAgeSeconds: cookieSecondsOf(session) });
    return reply.redirect(await finishAuthorization(browserDeps, pool, authorization, user, session.authTime, session.sessionId ?? undefined));
  };
}

export function samlLogoutRoute(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const context = await requirePoolContext(deps, request);
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    return reply.redirect(await completeSamlLogout(deps, context.pool, singleValued(request.query), rawQuery));
  };
}
