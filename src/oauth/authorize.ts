// GET /oauth2/authorize: validates the request, then sends the browser to the identity provider it
// names (saml.ts for SAML, identity-providers.ts for the others), or signs a returning user in from the Hosted UI session (unless
// prompt=login; with a provider named, a session from that provider), or sends the browser to the sign-in page with the same parameters
// (domain/authorization.ts answers the client).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { reusableHostedSession } from '../domain/hosted-sessions.js';
import { withRequestContext } from '../domain/risk/request-context.js';
import { finishAuthorization } from '../domain/authorization.js';
import { readSessionCookie } from '../web/session-cookie.js';
import { OAuthError } from '../cognito/oauth-errors.js';
import { clientIdInQuery, requirePoolContext } from '../web/pool-context.js';
import { authorizeQueryString, pickAuthorizeParameters, validateAuthorizeRequest } from '../domain/authorize-request.js';
import { samlAuthnRedirect } from '../domain/federation/saml.js';
import { assertionConsumerUrl } from './saml.js';
import { redirectToProvider } from './identity-providers.js';
import { identitiesOf } from '../domain/federation/identities.js';
import type { UserRecord } from '../store/store.js';

/**
 * Whether a session of `user` counts as a sign-in through `source` (a provider's name, COGNITO, or
 * undefined for any). The session keeps no record of how it began; the user tells: a federated
 * user signed in through its provider, a linked user through a provider the same user comes back
 * from, and only a user of the pool's own through COGNITO.
 */
function sessionFrom(user: UserRecord, source: string | undefined): boolean {
  if (source === undefined) return true;
  if (source === 'COGNITO') return user.status !== 'EXTERNAL_PROVIDER';
  return identitiesOf(user.attributes).some((entry) => entry.providerName === source);
}

export function authorizeRoute(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const context = await requirePoolContext(deps, request, clientIdInQuery);
    const { pool, basePath } = context;
    const parameters = pickAuthorizeParameters(request.query);
    const authorization = await validateAuthorizeRequest(deps, pool, parameters);
    // Cognito: identity_provider / idp_identifier choose where the user signs in, so the browser's
    // session resumes only when it came from there (COGNITO: a user of the pool's own, not a
    // federated one); otherwise the browser goes to the provider (or the sign-in page).
    const provider = authorization.identityProvider;
    // The session's reuse records the browser's address and device (its latest activity).
    const browserDeps = withRequestContext(deps, request.ip, request.headers['user-agent']);
    const session = authorization.prompt === 'login' ? undefined : await reusableHostedSession(browserDeps, pool, authorization.client.id, readSessionCookie(request, context));
    const existing = session && sessionFrom(session.user, parameters.identity_provider === 'COGNITO' ? 'COGNITO' : provider?.name) ? session : undefined;
    if (existing) {
      return reply.redirect(await finishAuthorization(browserDeps, pool, authorization, existing.user, existing.session.authTime, existing.session.sessionId ?? undefined));
    }
    if (authorization.prompt === 'none') {
      throw new OAuthError('login_required', 'The user is not signed in.', {
        redirect: { uri: authorization.redirectUri, state: authorization.state, fragment: authorization.responseType === 'token' },
      });
    }
    if (provider?.type === 'SAML') return reply.redirect(await samlAuthnRedirect(deps, pool, provider, authorization, assertionConsumerUrl(request, context), context.sharedOrigin));
    if (provider) return redirectToProvider(deps, request, reply, context, authorization);
    return reply.redirect(`${basePath}/login?${authorizeQueryString(parameters)}`);
  };
}
