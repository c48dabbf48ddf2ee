// The OAuth 2.0 / OpenID Connect endpoints of a pool's domain. Registered once per way of
// reaching a pool (by host, and under /<poolId>). Errors: JSON per RFC 6749 §5.2 on the back-channel
// endpoints (token, revoke, userInfo); the browser endpoints (authorize, logout) redirect to a
// verified redirect URI or render the error page (web/browser-errors.ts).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { CognitoError } from '../cognito/errors.js';
import { OAuthError, fromCognito } from '../cognito/oauth-errors.js';
import { WebRequestError } from '../web/errors.js';
import { addFormParser } from '../web/form.js';
import { authorizeRoute } from './authorize.js';
import { tokenRoute } from './token.js';
import { userInfoRoute } from './userinfo.js';
import { revokeRoute } from './revoke.js';
import { logoutRoute } from './logout.js';
import { idpResponseRoute } from './identity-providers.js';
import { samlLogoutRoute, samlResponseRoute } from './saml.js';
import { setSecurityHeaders } from '../web/headers.js';
import { browserErrorHandler } from '../web/browser-errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Browser-facing route: errors redirect or render a page instead of JSON. */
    browser?: boolean;
  }
}

function oauthErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (request.routeOptions.config.browser) return browserErrorHandler(error, request, reply);
  let oauthError: OAuthError;
  if (error instanceof OAuthError) oauthError = error;
  else if (error instanceof WebRequestError) oauthError = new OAuthError('invalid_request', error.message, { status: error.status });
  else if (error instanceof CognitoError) oauthError = fromCognito(error);
  else if (typeof (error as FastifyError).statusCode === 'number' && (error as FastifyError).statusCode! < 500) {
    oauthError = new OAuthError('invalid_request', 'The request could not be read.');
  } else {
    request.log.error({ err: error }, 'unhandled error on an OAuth endpoint');
    oauthError = new OAuthError('server_error', 'An internal error occurred.', { status: 500 });
  }
  return reply
    .code(oauthError.status)
    .headers({ ...oauthError.headers, 'cache-control': 'no-store', pragma: 'no-cache' })
    .send({ error: oauthError.error, error_description: oauthError.description });
}

export async function oauthPlugin(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  addFormParser(app);
  app.addHook('onRequest', async (_request, reply) => setSecurityHeaders(reply));
  app.setErrorHandler(oauthErrorHandler);

  // Single-page apps (Amplify, oidc-client-ts) call the back-channel endpoints from the browser,
  // as they do Cognito's. They use no cookies, so any origin may call them.
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '86400' };
  for (const path of ['/oauth2/token', '/oauth2/userInfo', '/oauth2/revoke']) {
    app.options(path, async (_request, reply) => reply.headers(cors).code(204).send());
  }
  app.addHook('onSend', async (request, reply) => {
    if (!request.routeOptions.config.browser) reply.headers({ 'access-control-allow-origin': '*' });
  });

  app.get('/oauth2/authorize', { config: { browser: true } }, authorizeRoute(deps));
  app.get('/logout', { config: { browser: true } }, logoutRoute(deps));
  const idpResponse = idpResponseRoute(deps);
  app.get('/oauth2/idpresponse', { config: { browser: true } }, idpResponse);
  app.post('/oauth2/idpresponse', { config: { browser: true } }, idpResponse);
  app.post('/saml2/idpresponse', { config: { browser: true } }, samlResponseRoute(deps));
  app.get('/saml2/logout', { config: { browser: true } }, samlLogoutRoute(deps));
  app.post('/oauth2/token', tokenRoute(deps));
  const userInfo = userInfoRoute(deps);
  app.get('/oauth2/userInfo', userInfo);
  app.post('/oauth2/userInfo', userInfo);
  app.post('/oauth2/revoke', revokeRoute(deps));
}
