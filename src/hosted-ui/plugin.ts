// The Hosted UI: server-rendered sign-in, sign-up, confirmation, password reset and
// new-password pages for a pool's domain. Registered once per way of reaching a pool (by host,
// and under /<poolId>); every page carries the authorization request it will complete.
// Every page: security headers, a CSRF token on each form (checked before anything else on a
// post), errors through browserErrorHandler.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { clientIdInQuery, requirePoolContext } from '../web/pool-context.js';
import { pickAuthorizeParameters, validateAuthorizeRequest } from '../domain/authorize-request.js';
import { addFormParser, singleValued } from '../web/form.js';
import { OAuthError } from '../cognito/oauth-errors.js';
import { createPageContext, type HostedUiState, type Page } from './page.js';
import { checkCsrf, csrfToken } from '../web/csrf.js';
import { newCssNonce, sendErrorPage, setSecurityHeaders } from '../web/headers.js';
import { browserErrorHandler } from '../web/browser-errors.js';
import { createRateLimiter } from '../web/rate-limit.js';
import { withPasswordSource } from '../crypto/password.js';
import { withRequestContext } from '../domain/risk/request-context.js';
import { effectiveUiCustomization, logoPath } from '../domain/ui-customization.js';
import { loginPage } from './pages/login.js';
import { signUpPage } from './pages/signup.js';
import { confirmPage, resendCodePage } from './pages/confirm.js';
import { confirmForgotPasswordPage, forgotPasswordPage } from './pages/forgot-password.js';
import { newPasswordPage } from './pages/new-password.js';
import { mfaPage } from './pages/mfa.js';
import { managedLoginAssetRoute, managedLoginPage } from './managed-login.js';
import { signInCodePage } from './pages/sign-in-code.js';
import { passkeyPage } from './pages/passkey.js';
import { passkeyOfferPage } from './pages/passkey-offer.js';

const PAGES: readonly Page[] = [
  loginPage, signUpPage, confirmPage, resendCodePage, forgotPasswordPage, confirmForgotPasswordPage, newPasswordPage, mfaPage,
  signInCodePage, passkeyPage, passkeyOfferPage,
];

export const createHostedUiState = (deps: Deps): HostedUiState => ({
  signInLimiter: createRateLimiter(deps.clock, deps.config.hostedUi.signInAttemptsPerMinute),
});

export async function hostedUiPlugin(app: FastifyInstance, { deps, state }: { deps: Deps; state: HostedUiState }): Promise<void> {
  addFormParser(app);
  app.addHook('onRequest', async (_request, reply) => setSecurityHeaders(reply));
  app.setErrorHandler(browserErrorHandler);

  const handle = (page: Page, method: 'get' | 'post') => async (request: FastifyRequest, reply: FastifyReply) => {
    const { pool, basePath, sharedOrigin } = await requirePoolContext(deps, request, clientIdInQuery);
    const form = method === 'post' ? singleValued(request.body) : {};
    if (method === 'post') checkCsrf(request, form);
    const authorization = await validateAuthorizeRequest(deps, pool, pickAuthorizeParameters(request.query));
    // A client without COGNITO gets the sign-in page's provider buttons, and no form of the pool's own users.
    if (!authorization.allowsCognito && !(page === loginPage && method === 'get')) {
      throw new OAuthError('unauthorized_client', 'The app client does not support sign-in with the user pool.', {
        redirect: { uri: authorization.redirectUri, state: authorization.state, fragment: authorization.responseType === 'token' },
      });
    }
    const managed = await managedLoginPage(deps, request, pool, authorization.client.id, sharedOrigin ? `/${pool.id}` : basePath);
    const look = managed ? undefined : await effectiveUiCustomization(deps, pool.id, authorization.client.id);
    const context = createPageContext({
      // Password work (sign-in, sign-up, reset) counts against this client address and app client.
      deps: withRequestContext(withPasswordSource(deps, { address: request.ip, clientId: authorization.client.id }), request.ip, request.headers['user-agent']), state, request, reply, pool, basePath, sharedOrigin, authorization,
      csrf: csrfToken(deps, request, reply, basePath), cssNonce: newCssNonce(),
      // At the server's own origin the logo is linked by the pool's path: a pool-wide logo names no client.
      ui: managed ? managed.ui : look && { css: look.css ?? undefined, logoUrl: look.imageBase64 ? `${sharedOrigin ? `/${pool.id}` : basePath}${logoPath(look)}` : undefined },
      terms: managed?.terms,
    });
    return method === 'post' ? page.post!(context, form) : page.get!(context);
  };

  for (const page of PAGES) {
    if (page.get) app.get(`/${page.path}`, handle(page, 'get'));
    if (page.post) app.post(`/${page.path}`, handle(page, 'post'));
  }
  // The logo of SetUICustomization (same origin as the pages, so img-src 'self' admits it).
  app.get<{ Params: { clientId: string } }>('/ui/logo/:clientId', async (request, reply) => {
    const { pool } = await requirePoolContext(deps, request);
    const look = await deps.store.uiCustomizations.find(pool.id, request.params.clientId);
    if (!look?.imageBase64 || !look.imageType) return sendErrorPage(reply, 404, 'There is no logo here.');
    return reply.header('content-type', look.imageType).header('cache-control', 'public, max-age=3600').send(Buffer.from(look.imageBase64, 'base64'));
  });
  managedLoginAssetRoute(app, deps);
  app.get('/error', async (request, reply) => {
    await requirePoolContext(deps, request);
    return sendErrorPage(reply, 400, 'The sign-in request could not be completed.');
  });
}
