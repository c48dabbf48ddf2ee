// The demo web app: sign in through the Hosted UI, show the user's attributes, sign out for real.
// It talks to the identity server only over HTTP (OAuth endpoints + the Cognito API through the
// AWS SDK), so it runs unchanged against Amazon Cognito.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { CognitoIdentityProviderClient, GetUserCommand, GlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { DemoConfig } from './config.js';
import { authorizeUrl, exchangeCode, logoutUrl, newPendingSignIn, randomToken, sameString, SignInError } from './oidc.js';
import { createSessionTokens, type SignedIn } from './session-tokens.js';
import { clearedCookie, COOKIE, readCookie, sessionCookie, SessionStore, type Session } from './sessions.js';
import { createTokenVerifier } from './token-verifier.js';
import { errorView, homeView, implicitView, secureView } from './views.js';

export interface DemoApp {
  app: FastifyInstance;
  config: Readonly<DemoConfig>;
}

export interface DemoAppOptions {
  logger?: boolean;
  /** The app's clock (tests move it forward to outlive an access token). */
  now?: () => number;
}

const MAX_TOKEN_FIELD = 16_384;

/** The app, complete and ready to listen: it is built from its whole config, never filled in later. */
export async function createDemoApp(config: DemoConfig, options: DemoAppOptions = {}): Promise<DemoApp> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 64 * 1024 });
  const now = options.now ?? Date.now;
  const sessions = new SessionStore();
  const tokens = createSessionTokens(config, createTokenVerifier(config), now);
  // GetUser and GlobalSignOut are public operations: the access token is the only credential.
  const cognito = new CognitoIdentityProviderClient({ region: config.region, ...(config.endpoint && { endpoint: config.endpoint }), maxAttempts: 2 });
  app.addHook('onClose', async () => cognito.destroy());

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // Anything unexpected (the identity server unreachable, …): a page, not a stack trace.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) console.error(`demo: ${request.method} ${request.url.split('?')[0]}: ${error.message}`);
    const message = status === 500 ? 'Something went wrong while talking to the identity server. Try again in a moment.' : 'The request could not be understood.';
    return html(reply, status, errorView(status === 500 ? 'Something went wrong' : 'Bad request', message, { signIn: status === 500 }));
  });

  const secure = () => config.appUrl.startsWith('https://');
  const hostedUiOrigin = new URL(config.hostedUiUrl).origin;
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cache-control', 'no-store');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${hostedUiOrigin}; frame-ancestors 'none'; base-uri 'none'`);
    }
  });

  const sessionOf = (request: FastifyRequest): { id?: string; session?: Session } => {
    const id = readCookie(request.headers.cookie, COOKIE);
    return { id, session: sessions.get(id, now()) };
  };
  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const fail = (reply: FastifyReply, status: number, title: string, message: string) => html(reply, status, errorView(title, message));
  const signedIn = (reply: FastifyReply, session: SignedIn) => {
    const id = sessions.create(session, now());
    return reply.header('set-cookie', sessionCookie(id, secure())).redirect('/secure', 303);
  };
  // POSTs come from our own pages only (SameSite=Lax already keeps the cookie off cross-site posts).
  const crossSite = (request: FastifyRequest) => {
    const origin = request.headers.origin;
    return (origin !== undefined && origin !== 'null' && origin !== new URL(config.appUrl).origin) || request.headers['sec-fetch-site'] === 'cross-site';
  };

  app.get('/', async (request, reply) => html(reply, 200, homeView(Boolean(sessionOf(request).session?.tokens), config.flow)));

  app.get('/login', async (request, reply) => {
    sessions.delete(sessionOf(request).id);
    const pending = newPendingSignIn(config.flow);
    const id = sessions.create({ pending }, now());
    return reply.header('set-cookie', sessionCookie(id, secure())).redirect(authorizeUrl(config, pending), 302);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/callback', async (request, reply) => {
    const { id, session } = sessionOf(request);
    const pending = session?.pending;
    if (pending?.flow === 'implicit' && Object.keys(request.query).length === 0) {
      const nonce = randomToken(16);
      reply.header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
      return html(reply, 200, implicitView(nonce));
    }
    const { code, state, error, error_description: description } = request.query;
    if (error) return fail(reply, 400, 'Sign-in failed', `The Hosted UI answered ${error}${description ? `: ${description}` : ''}.`);
    if (!pending || pending.flow !== 'code' || typeof state !== 'string' || !sameString(state, pending.state)) {
      return fail(reply, 400, 'Sign-in failed', 'This sign-in was not started here, or has already been used (state mismatch).');
    }
    if (typeof code !== 'string' || code.length === 0 || code.length > 512) return fail(reply, 400, 'Sign-in failed', 'The Hosted UI returned no authorization code.');
    sessions.delete(id);
    try {
      return signedIn(reply, await tokens.accept(await exchangeCode(config, code, pending.verifier), { nonce: pending.nonce }));
    } catch (e) {
      if (e instanceof SignInError) return fail(reply, 400, 'Sign-in failed', `Sign-in failed: ${e.message}.`);
      throw e;
    }
  });

  // The implicit grant: the landing page posts the fragment's tokens here.
  app.post<{ Body: Record<string, string | undefined> }>('/callback', async (request, reply) => {
    if (crossSite(request)) return fail(reply, 403, 'Sign-in failed', 'Cross-site request refused.');
    const { id, session } = sessionOf(request);
    const pending = session?.pending;
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    if (body.error) return fail(reply, 400, 'Sign-in failed', `The Hosted UI answered ${body.error}${body.error_description ? `: ${body.error_description}` : ''}.`);
    if (!pending || pending.flow !== 'implicit' || typeof body.state !== 'string' || !sameString(body.state, pending.state)) {
      return fail(reply, 400, 'Sign-in failed', 'This sign-in was not started here, or has already been used (state mismatch).');
    }
    const { access_token: accessToken, id_token: idToken, expires_in: expiresIn } = body;
    if (!accessToken || !idToken || accessToken.length > MAX_TOKEN_FIELD || idToken.length > MAX_TOKEN_FIELD) {
      return fail(reply, 400, 'Sign-in failed', 'The Hosted UI returned no access token or ID token (is the openid scope allowed?).');
    }
    sessions.delete(id);
    try {
      const expiresInSeconds = Number(expiresIn);
      const implicitTokens = { accessToken, idToken, ...(Number.isInteger(expiresInSeconds) && expiresInSeconds > 0 && { expiresInSeconds }) };
      return signedIn(reply, await tokens.accept(implicitTokens, { nonce: pending.nonce }));
    } catch (e) {
      if (e instanceof SignInError) return fail(reply, 400, 'Sign-in failed', `Sign-in failed: ${e.message}.`);
      throw e;
    }
  });

  app.get('/secure', async (request, reply) => {
    const { id, session } = sessionOf(request);
    if (!session?.tokens) return fail(reply, 401, 'Not signed in', 'This page shows the signed-in user\'s attributes: sign in first.');
    try {
      const user = await tokens.withAccessToken(session, (accessToken) => cognito.send(new GetUserCommand({ AccessToken: accessToken })));
      const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
      return html(reply, 200, secureView(
        { email: attribute('email'), phone: attribute('phone_number'), username: user.Username ?? '' },
        { claims: session.claims ?? {}, accessExpiresAt: session.accessExpiresAt, refreshable: Boolean(session.tokens.refreshToken) },
      ));
    } catch (e) {
      const refused = isClientFault(e) || e instanceof SignInError;
      if (refused) {
        // The tokens are no good any more (revoked, expired beyond refresh, user gone or disabled): forget them.
        sessions.delete(id);
        reply.header('set-cookie', clearedCookie(secure()));
        return fail(reply, 401, 'Your session has ended', `The identity server no longer accepts this session's tokens (${(e as Error).message}). Sign in again to continue.`);
      }
      console.error(`demo: GetUser failed: ${(e as Error).message}`);
      return html(reply, 502, errorView('Identity server unavailable', 'GetUser could not reach the identity server. Try again in a moment.', { signIn: false }));
    }
  });

  app.post('/logout', async (request, reply) => {
    if (crossSite(request)) return fail(reply, 403, 'Sign-out failed', 'Cross-site request refused.');
    const { id, session } = sessionOf(request);
    sessions.delete(id);
    reply.header('set-cookie', clearedCookie(secure()));
    if (session?.tokens) {
      // Revokes every token of this sign-in (with an access token refreshed if it has expired);
      // tokens the server already refuses are no reason to stop.
      await tokens.withAccessToken(session, (accessToken) => cognito.send(new GlobalSignOutCommand({ AccessToken: accessToken }))).catch((e: Error) => {
        if (!isClientFault(e) && !(e instanceof SignInError)) console.error(`demo: GlobalSignOut failed: ${e.message}`);
      });
    }
    // Ends the Hosted UI's own session too, so the next sign-in asks for the password.
    return reply.redirect(logoutUrl(config), 303);
  });

  return { app, config };
}

/** A Cognito error caused by the request (a refused token), not by the server or the network. */
const isClientFault = (error: unknown) => (error as { $fault?: string }).$fault === 'client';
