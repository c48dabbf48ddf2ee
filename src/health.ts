// GET /health answers whether the process is up (liveness: 200 once started); GET /health/ready
// whether it can serve requests, which needs the store (readiness: 503 while the database cannot
// be reached, so a load balancer sends no traffic that would only get InternalErrorException).
import type { FastifyInstance } from 'fastify';
import type { Deps } from './deps.js';

/** A readiness probe answers within this, even when the database does not. */
const STORE_CHECK_MS = 2000;

export async function healthPlugin(app: FastifyInstance, { deps, isStarted }: { deps: Deps; isStarted: () => boolean }): Promise<void> {
  app.get('/health', async (_request, reply) => (isStarted() ? { status: 'ok' } : reply.code(503).send({ status: 'starting' })));
  app.get('/health/ready', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!isStarted()) return reply.code(503).send({ status: 'starting' });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        deps.store.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${STORE_CHECK_MS} ms`)), STORE_CHECK_MS))),
      ]);
      return { status: 'ready', store: deps.store.dialect };
    } catch (error) {
      // The reason goes to the log only: the probe is unauthenticated.
      deps.log.warn({ err: error }, 'readiness check: the store cannot be reached');
      return reply.code(503).send({ status: 'unavailable', store: deps.store.dialect });
    } finally {
      clearTimeout(timer);
    }
  });
}
