// The browser's trip through an identity provider: /oauth2/authorize sends it to the provider
// (identity_provider, idp_identifier, or a button of the sign-in page), and the provider sends it
// back to /oauth2/idpresponse, which signs the federated user in and completes the app's
// authorization request. The state the provider carries is sealed and bound to this browser by the
// idp-binding cookie (domain/federation/pending-sign-in.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { AuthorizeRequest } from '../domain/authorize-request.js';
import { validateAuthorizeRequest } from '../domain/authorize-request.js';
import { finishAuthorization } from '../domain/authorization.js';
import { cookieSecondsOf, renewHostedSession } from '../domain/hosted-sessions.js';
import { withRequestContext } from '../domain/risk/request-context.js';
import { browserBinding, openPendingSignIn, PENDING_TTL_MS, spendPendingSignIn } from '../domain/federation/pending-sign-in.js';
import { completeProviderSignIn, OAUTH_PROVIDER_TYPES, ProviderError, startProviderSignIn } from '../domain/federation/provider-sign-in.js';
import { findProvider } from '../domain/federation/providers.js';
import { admitFederatedSignIn } from '../domain/quotas/pool-admission.js';
import { CognitoError } from '../cognito/errors.js';
import { OAuthError } from '../cognito/oauth-errors.js';
import { readCookie, setCookie } from '../web/cookies.js';
import { WebRequestError } from '../web/errors.js';
import { requirePoolContext, type PoolContext } from '../web/pool-context.js';
import { readSessionCookie, setSessionCookie } from '../web/session-cookie.js';
import { singleValued } from '../web/form.js';

const BINDING_COOKIE = 'idp-binding';

/** This pool's /oauth2/idpresponse as the browser reaches it: the redirect URI registered at the provider. */
function callbackUrl(deps: Deps, request: FastifyRequest, context: PoolContext): string {
  const https = request.protocol === 'https' || (deps.config.server.publicUrl?.startsWith('https:') ?? false);
  const origin = context.sharedOrigin ? deps.baseUrl() : `${https ? 'https' : 'http'}://${request.headers.host}`;
  return `${origin}${context.basePath}/oauth2/idpresponse`;
}

/** Sends the browser to the provider the authorization request names. */
export async function redirectToProvider(deps: Deps, request: FastifyRequest, reply: FastifyReply, context: PoolContext, authorization: AuthorizeRequest): Promise<FastifyReply> {
  const provider = authorization.identityProvider!;
  const redirect = { uri: authorization.redirectUri, state: authorization.state, fragment: authorization.responseType === 'token' };
  if (!OAUTH_PROVIDER_TYPES.has(provider.type)) throw new OAuthError('invalid_request', `Sign-in with ${provider.type} providers is not available.`, { redirect });
  const binding = browserBinding(readCookie(request, BINDING_COOKIE));
  // Sign in with Apple answers by a cross-site form post (response_mode=form_post), which carries
  // only SameSite=None cookies.
  const sameSite = provider.type === 'SignInWithApple' ? 'None' : 'Lax';
  setCookie(deps, request, reply, BINDING_COOKIE, binding, { path: context.basePath || '/', maxAgeSeconds: PENDING_TTL_MS / 1000, sameSite });
  try {
    return reply.redirect(await startProviderSignIn(deps, context.pool, authorization, provider, callbackUrl(deps, request, context), binding));
  } catch (error) {
    if (error instanceof ProviderError) throw new OAuthError('invalid_request', error.message, { redirect });
    throw error;
  }
}

const OAUTH_ERROR_CODE = /^[a-z_]{1,64}$/;

export function idpResponseRoute(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // Providers answer in the query, or (response_mode=form_post) in a form.
    const answer = request.method === 'POST' ? singleValued(request.body) : singleValued(request.query);
    const pending = openPendingSignIn(deps, answer.state, readCookie(request, BINDING_COOKIE));
    // Cognito: a response it cannot tie to a sign-in this browser started gets an error page, never a redirect.
    if (!pending) throw new WebRequestError('This sign-in has expired or was not started in this browser. Start again from the app.', 400);
    const context = await requirePoolContext(deps, request, {
      clientIdOf: () => pending.clientId,
      missing: () => new WebRequestError('The sign-in request names no app client.', 400),
      unknown: () => new WebRequestError('The app client of this sign-in no longer exists.', 400),
    });
    if (context.pool.id !== pending.poolId) throw new WebRequestError('This sign-in was started for another user pool.', 400);
    const authorization = await validateAuthorizeRequest(deps, context.pool, pending.parameters);
    const redirect = { uri: authorization.redirectUri, state: authorization.state, fragment: authorization.responseType === 'token' };
    // Counted before the state is spent or the provider's code redeemed: beyond the rate, the same answer may come again.
    admitFederatedSignIn(deps, context.pool.id, redirect);
    if (!(await spendPendingSignIn(deps, pending))) throw new WebRequestError('This sign-in response has been used already. Start again from the app.', 400);
    if (answer.error) {
      // The provider refused (the user cancelled, access_denied …): the app hears it, with its own state.
      const code = OAUTH_ERROR_CODE.test(answer.error) ? answer.error : 'invalid_request';
      throw new OAuthError(code, (answer.error_description ?? answer.error).slice(0, 512), { redirect });
    }
    if (!answer.code) throw new OAuthError('invalid_request', 'The identity provider returned no authorization code.', { redirect });
    const provider = await findProvider(deps, context.pool.id, pending.providerName);
    if (!provider) throw new OAuthError('invalid_request', 'The identity provider no longer exists.', { redirect });
    let user;
    try {
      user = await completeProviderSignIn(deps, context.pool, authorization.client, provider, pending, answer.code, answer.user);
    } catch (error) {
      // Cognito sends what went wrong (a provider's answer, an attribute, a trigger) back to the app as invalid_request.
      if (error instanceof ProviderError || (error instanceof CognitoError && error.status < 500)) throw new OAuthError('invalid_request', error.message, { redirect });
      throw error;
    }
    const browserDeps = withRequestContext(deps, request.ip, request.headers['user-agent']);
    const { id, session } = await renewHostedSession(browserDeps, context.pool, user, authorization.client.id, readSessionCookie(request, context));
    setSessionCookie(deps, request, reply, context, id, cookieSecondsOf(session));
    return reply.redirect(await finishAuthorization(browserDeps, context.pool, authorization, user, session.authTime, session.sessionId ?? undefined));
  };
}
