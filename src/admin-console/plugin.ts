// The admin console, served under /admin: server-rendered pages, no script. Every route but the
// sign-in page needs a session (a GET without one goes to the sign-in page, a POST is refused);
// every POST carries the session's CSRF token. Changes go through the API's own operations
// (invoke.ts), so the console applies exactly the API's rules, and are audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { addFormParser } from '../web/form.js';
import { addMultipartParser } from '../web/multipart.js';
import { setSecurityHeaders } from '../web/headers.js';
import { createRateLimiter } from '../web/rate-limit.js';
import { CSRF_FIELD } from '../web/csrf.js';
import { createConsoleContext, type ConsoleState } from './context.js';
import { consoleErrorHandler, ConsoleRefusal, sendConsoleError } from './errors.js';
import { readForm } from './form.js';
import { findConsoleSession, isValidCsrf } from './session.js';
import { safeNext, type ConsoleRoute } from './route.js';
import { CONSOLE_ROUTES } from './routes.js';
import { isServerHostName } from '../config/server-host.js';

/** Failed console sign-ins accepted per client IP per minute. */
const SIGN_IN_FAILURES_PER_MINUTE = 10;

/** Whether the request came by a pool's domain (<prefix>.<baseDomain> or a custom domain). */
async function isPoolDomainHost(deps: Deps, request: FastifyRequest): Promise<boolean> {
  const hostname = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (hostname.endsWith(`.${deps.config.hostedUi.baseDomain}`)) return true;
  // The server's own name is never a pool's, whatever domain a pool was given.
  return hostname.includes('.') && !isServerHostName(deps, hostname) && (await deps.store.domains.find(hostname))?.custom === true;
}

export async function adminConsolePlugin(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  addFormParser(app);
  addMultipartParser(app);
  app.addHook('onRequest', async (request, reply) => {
    setSecurityHeaders(reply);
    // Not on a pool's Hosted UI domain: the console is the operator's, never the end users' site.
    if (await isPoolDomainHost(deps, request)) return sendConsoleError(reply, 404, 'There is no console page here.');
  });
  app.setErrorHandler(consoleErrorHandler);
  app.setNotFoundHandler((_request, reply) => sendConsoleError(reply, 404, 'There is no console page here.'));

  const state: ConsoleState = { signInFailures: createRateLimiter(deps.clock, SIGN_IN_FAILURES_PER_MINUTE) };

  const handle = (route: ConsoleRoute) => async (request: FastifyRequest, reply: FastifyReply) => {
    const form = readForm(route.method === 'POST' ? request.body : undefined);
    const session = await findConsoleSession(deps, request);
    if (!route.public) {
      if (!session) {
        if (route.method === 'GET') {
          const next = safeNext(request.url);
          return reply.redirect(`/admin/login${next && next !== '/admin' ? `?${new URLSearchParams({ next })}` : ''}`, 303);
        }
        throw new ConsoleRefusal(403, 'You are not signed in to the console (or your session has ended). Sign in and try again.');
      }
      if (route.method === 'POST' && !isValidCsrf(session, form.raw(CSRF_FIELD))) {
        throw new ConsoleRefusal(403, 'This form has expired or was not sent from the console. Go back, reload the page and try again.');
      }
    }
    return route.handler(createConsoleContext({ deps, state, request, reply, session, form }));
  };

  for (const route of CONSOLE_ROUTES) app.route({ method: route.method, url: route.path, handler: handle(route) });
}
