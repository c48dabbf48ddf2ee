// POST /saml2/idpresponse, the pool's SAML assertion consumer service (domain/federation/saml.ts
// checks the response); and where it is, for the AuthnRequests /oauth2/authorize sends.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { completeSamlSignIn } from '../domain/federation/saml.js';
import { finishAuthorization } from '../domain/authorization.js';
import { startHostedSession, endHostedSession, SESSION_TTL_SECONDS } from '../domain/hosted-sessions.js';
import { requirePoolContext, type PoolContext } from '../web/pool-context.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../web/session-cookie.js';
import { singleValued } from '../web/form.js';

/**
 * The ACS URL on the host the browser uses. At the server's own origin a pool is named by its path
 * there (the provider's POST names no app client).
 */
export function assertionConsumerUrl(request: FastifyRequest, context: PoolContext): string {
  const base = context.sharedOrigin ? `/${context.pool.id}` : context.basePath;
  return `${request.protocol}://${request.host}${base}/saml2/idpresponse`;
}

export function samlResponseRoute(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const context = await requirePoolContext(deps, request);
    const { pool } = context;
    const { authorization, user } = await completeSamlSignIn(deps, pool, singleValued(request.body), assertionConsumerUrl(request, context));
    // The browser is signed in to the Hosted UI too (a new session: no fixation of an older one).
    const previous = readSessionCookie(request, context);
    if (previous) {
      await endHostedSession(deps, previous);
      clearSessionCookie(deps, request, reply, context);
    }
    const { id, session } = await startHostedSession(deps, pool, user);
    setSessionCookie(deps, request, reply, context, id, SESSION_TTL_SECONDS);
    return reply.redirect(await finishAuthorization(deps, pool, authorization, user, session.authTime));
  };
}
