// GET /logout (Cognito): ends the Hosted UI session (cookie cleared and the session deleted on
// the server), then either
// - client_id + logout_uri (exactly one of the client's LogoutURLs) → redirect there, or
// - client_id + redirect_uri (one of its CallbackURLs) + response_type → back to the sign-in page.
// Anything else is an error page, never a redirect. Refresh tokens are not revoked (Cognito).
// After a SAML sign-in from a provider with IDPSignout "true", the browser goes to the provider's
// sign-out first, and on from /saml2/logout.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { endHostedSession } from '../domain/hosted-sessions.js';
import { clearSessionCookie, readSessionCookie } from '../web/session-cookie.js';
import { invalidRequest } from '../cognito/oauth-errors.js';
import { couldBeClientId } from '../cognito/shapes.js';
import { clientIdInQuery, requirePoolContext } from '../web/pool-context.js';
import { authorizeQueryString, pickAuthorizeParameters } from '../domain/authorize-request.js';
import { samlLogoutRedirect } from '../domain/federation/saml-logout.js';
import { clearSamlSignInCookie, readSamlSignInCookie, singleLogoutReturnUrl } from './saml.js';

export function logoutRoute(deps: Deps) {
  return async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const context = await requirePoolContext(deps, request, clientIdInQuery);
    const { pool, basePath } = context;
    /** Ends the Hosted UI session; answers where to go: the SAML provider's sign-out, or `target`. */
    const signOutBrowser = async (target: string): Promise<string> => {
      const samlSignIn = readSamlSignInCookie(request, context);
      if (samlSignIn) clearSamlSignInCookie(deps, request, reply, context);
      const id = readSessionCookie(request, context);
      if (!id) return target;
      await endHostedSession(deps, id);
      clearSessionCookie(deps, request, reply, context);
      return (await samlLogoutRedirect(deps, pool, samlSignIn, id, target, singleLogoutReturnUrl(request, context))) ?? target;
    };
    const query = request.query ?? {};
    const clientId = typeof query.client_id === 'string' ? query.client_id : undefined;
    if (!clientId) throw invalidRequest('client_id is required.');
    const client = couldBeClientId(clientId) ? await deps.store.clients.find(clientId) : undefined;
    if (!client || client.poolId !== pool.id) throw invalidRequest('The app client does not exist in this user pool.');
    const logoutUri = typeof query.logout_uri === 'string' ? query.logout_uri : undefined;
    if (logoutUri !== undefined) {
      if (!((client.config.LogoutURLs ?? []) as string[]).includes(logoutUri)) throw invalidRequest('logout_uri is not registered for this app client.');
      return reply.redirect(await signOutBrowser(logoutUri));
    }
    const parameters = pickAuthorizeParameters(query);
    if (!parameters.redirect_uri || !parameters.response_type) throw invalidRequest('logout_uri, or redirect_uri and response_type, are required.');
    if (!((client.config.CallbackURLs ?? []) as string[]).includes(parameters.redirect_uri)) throw invalidRequest('redirect_uri is not registered for this app client.');
    return reply.redirect(await signOutBrowser(`${basePath}/login?${authorizeQueryString(parameters)}`));
  };
}
