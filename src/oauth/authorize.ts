// GET /oauth2/authorize: validates the request, then sends the browser to the identity provider it
// names (saml.ts for SAML, identity-providers.ts for the others), or signs a returning user in from the Hosted UI session (unless
// prompt=login), or sends the browser to the sign-in page with the same parameters
// (domain/authorization.ts answers the client).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { findHostedSession } from '../domain/hosted-sessions.js';
import { finishAuthorization } from '../domain/authorization.js';
import { readSessionCookie } from '../web/session-cookie.js';
import { OAuthError } from '../cognito/oauth-errors.js';
import { clientIdInQuery, requirePoolContext } from '../web/pool-context.js';
import { authorizeQueryString, pickAuthorizeParameters, validateAuthorizeRequest } from '../domain/authorize-request.js';
import { samlAuthnRedirect } from '../domain/federation/saml.js';
import { assertionConsumerUrl } from './saml.js';
import { redirectToProvider } from './identity-providers.js';

export function authorizeRoute(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const context = await requirePoolContext(deps, request, clientIdInQuery);
    const { pool, basePath } = context;
    const parameters = pickAuthorizeParameters(request.query);
    const authorization = await validateAuthorizeRequest(deps, pool, parameters);
    // identity_provider / idp_identifier: straight to that provider, whatever session the browser has here.
    const provider = authorization.identityProvider;
    if (provider?.type === 'SAML') return reply.redirect(await samlAuthnRedirect(deps, pool, provider, authorization, assertionConsumerUrl(request, context)));
    if (provider) return redirectToProvider(deps, request, reply, context, authorization);
    const existing = authorization.prompt === 'login' ? undefined : await findHostedSession(deps, pool, readSessionCookie(request, context));
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
