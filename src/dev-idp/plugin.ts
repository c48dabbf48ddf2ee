// The development identity provider: a small OpenID Connect provider served at /_dev-idp on the
// server's own origin when devIdp.enabled is set (config/load.ts keeps it on loopback), so a pool
// can register it as an ordinary OIDC provider and "Sign in with …" works with no real provider.
// It signs in anyone who types a name and an email: unsafe for production, and it says so on
// every page and in the log.
// Pages (/, /authorize) answer errors as pages, or redirects once the redirect URI is verified;
// the back-channel endpoints (discovery, JWKS, token, userinfo) answer JSON per RFC 6749 §5.2.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { OAuthError, withParameters } from '../cognito/oauth-errors.js';
import { WebRequestError } from '../web/errors.js';
import { addFormParser } from '../web/form.js';
import { newCssNonce, sendPage, setSecurityHeaders } from '../web/headers.js';
import { SCOPES } from './authorization-request.js';
import { authorizeRoutes } from './authorize.js';
import { createDevIdp, DEV_IDP_PATH, type DevIdp } from './provider.js';
import { tokenRoute } from './token.js';
import { userInfoRoute } from './userinfo.js';
import { aboutView, devIdpErrorView } from './views.js';

/** What a failure on a page may tell the browser: its own OAuth or form error, else nothing specific. */
function describeError(error: FastifyError | Error, request: FastifyRequest): { status: number; error: string; description: string } {
  if (error instanceof OAuthError) return { status: error.status, error: error.error, description: error.description };
  if (error instanceof WebRequestError) return { status: error.status, error: 'invalid_request', description: error.message };
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status: 400, error: 'invalid_request', description: 'The request could not be read.' };
  request.log.error({ err: error }, 'unhandled error in the development identity provider');
  return { status: 500, error: 'server_error', description: 'An internal error occurred.' };
}

function pageErrorHandler(idp: DevIdp) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    // RFC 9207: the issuer goes back with errors too, so the app knows who answered.
    if (error instanceof OAuthError && error.redirect) {
      const { uri, state } = error.redirect;
      return reply.redirect(withParameters(uri, { error: error.error, error_description: error.description, state, iss: idp.issuer() }, false));
    }
    const { status, description } = describeError(error, request);
    const cssNonce = newCssNonce();
    return sendPage(reply, devIdpErrorView(cssNonce, description), cssNonce, status);
  };
}

function jsonErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const described = describeError(error, request);
  const headers = error instanceof OAuthError ? error.headers : {};
  return reply.code(described.status).headers({ ...headers, 'cache-control': 'no-store' }).send({ error: described.error, error_description: described.description });
}

function discovery(idp: DevIdp) {
  const issuer = idp.issuer();
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: SCOPES,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'email', 'email_verified', 'name', 'phone_number'],
    authorization_response_iss_parameter_supported: true,
  };
}

export async function devIdpPlugin(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const idp = createDevIdp(deps);
  deps.log.warn(`THE DEVELOPMENT IDENTITY PROVIDER IS ON at ${DEV_IDP_PATH}/: it signs in anyone who types a name and an email, without a password. UNSAFE FOR PRODUCTION: set devIdp.enabled to false outside development.`);
  addFormParser(app);
  app.addHook('onRequest', async (_request, reply) => setSecurityHeaders(reply));

  await app.register(async (pages) => {
    pages.setErrorHandler(pageErrorHandler(idp));
    pages.get('/', async (_request, reply) => {
      const cssNonce = newCssNonce();
      return sendPage(reply, aboutView({ cssNonce, issuer: idp.issuer(), clientId: deps.config.devIdp.clientId, endpoint: deps.baseUrl() }), cssNonce);
    });
    const authorize = authorizeRoutes(deps, idp);
    pages.get('/authorize', authorize.get);
    pages.post('/authorize', authorize.post);
  });

  await app.register(async (api) => {
    api.setErrorHandler(jsonErrorHandler);
    api.get('/.well-known/openid-configuration', async () => discovery(idp));
    api.get('/.well-known/jwks.json', async () => idp.jwks());
    api.post('/token', tokenRoute(deps, idp));
    const userInfo = userInfoRoute(idp);
    api.get('/userinfo', userInfo);
    api.post('/userinfo', userInfo);
  });
}
