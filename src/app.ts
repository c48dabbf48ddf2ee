// Builds the Fastify application from its dependencies; never listens (tests and main do).
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Deps } from './domain/deps.js';
import { createApiHttpHandler } from './api/http.js';
import { apiFirstServerFactory } from './http-server.js';
import { wellKnownPlugin } from './oauth/well-known.js';
import { adminRoutesPlugin } from './api/admin-routes.js';
import { oauthPlugin } from './oauth/plugin.js';
import { createHostedUiState, hostedUiPlugin } from './hosted-ui/plugin.js';
import { adminConsolePlugin } from './admin-console/plugin.js';
import { lazyChildLogger, requestIdOf } from './request-logger.js';
import { recordRequest } from './request-metrics.js';
import { healthPlugin } from './health.js';
import { welcomePlugin } from './welcome.js';
import { devIdpPlugin } from './dev-idp/plugin.js';
import { DEV_IDP_PATH } from './dev-idp/provider.js';
import { userImportUploadPlugin } from './api/user-import-upload.js';

declare module 'fastify' {
  interface FastifyInstance {
    markReady(): void;
  }
}

export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  // Request lines are logged at debug only: at info they would dominate a busy server's output.
  const logRequests = deps.log.level === 'debug' || deps.log.level === 'trace';
  const trustedProxies = deps.config.server.trustProxy?.split(',').map((a) => a.trim()).filter(Boolean);
  let closing = false;
  const app = Fastify({
    loggerInstance: deps.log,
    logController: new LogController({ disableRequestLogging: !logRequests }),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: deps.config.server.bodyLimitBytes,
    // Only the configured proxies may speak for the client: anyone else could forge X-Forwarded-For
    // to escape the per-address sign-in limits.
    ...(trustedProxies && { trustProxy: trustedProxies }),
    // Bound every request: a slow or stalled client cannot hold a connection forever.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
    genReqId: requestIdOf,
    // The JSON API is answered beside Fastify, not through it (see api/http.ts).
    serverFactory: apiFirstServerFactory({
      api: createApiHttpHandler(deps, { logRequests }),
      trustedProxies,
      isClosing: () => closing,
      onArrival: () => deps.store.requestArrived(),
    }),
  });
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // 503 until main has finished starting (store migrated, declared pools applied).
  let ready = false;
  app.decorate('markReady', () => {
    ready = true;
  });
  // The hooks below run for what Fastify answers, not for the JSON API (POST / and its preflight),
  // which http-server.ts hands to api/http.ts before Fastify sees it: a hook every request needs
  // must be mirrored there. (The API stores nothing of the URL, so %00 needs no check there.)
  // PostgreSQL cannot hold U+0000 in text: a path or query string with one (%00) is a 400, answered
  // in each surface's own shape by its error handler, never a failed query.
  // A callback hook, not an async one: it runs on every request and needs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done(request.url.includes('%00') ? Object.assign(new Error('The request URL contains %00.'), { statusCode: 400 }) : undefined);
  });
  app.addHook('onResponse', (request, reply, done) => {
    recordRequest(deps.metrics, request, reply);
    done();
  });
  await app.register(healthPlugin, { deps, isStarted: () => ready });
  await app.register(welcomePlugin, { deps });
  await app.register(wellKnownPlugin, { deps });
  await app.register(adminRoutesPlugin, { deps });
  await app.register(userImportUploadPlugin, { deps });
  // The admin console owns /admin; the Hosted UI below owns /login, /oauth2/… and /<poolId>/….
  await app.register(adminConsolePlugin, { deps, prefix: '/admin' });
  // Off unless configured; its fixed path wins over the /<poolId>/… routes below (static before parametric).
  if (deps.config.devIdp.enabled) await app.register(devIdpPlugin, { deps, prefix: DEV_IDP_PATH });
  // A pool's domain, twice: by Host (<prefix>.<baseDomain> or a custom domain) at the root, and
  // under /<poolId> on any host. The rate limiter is shared by both.
  const hostedUiState = createHostedUiState(deps);
  for (const prefix of ['', '/:poolId']) {
    await app.register(oauthPlugin, { deps, prefix });
    await app.register(hostedUiPlugin, { deps, state: hostedUiState, prefix });
  }
  return app;
}
