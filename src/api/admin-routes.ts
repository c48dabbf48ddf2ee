// Operator routes beside the API, authenticated with the admin access key as HTTP Basic
// (access key id : secret access key): the outbox, for tests and developers, and the metrics.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { isAdminKey } from '../domain/admin-keys.js';

function isAdminBasicAuth(deps: Deps, request: FastifyRequest): boolean {
  const header = request.headers.authorization;
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return isAdminKey(deps, decoded.slice(0, colon), decoded.slice(colon + 1));
}

export async function adminRoutesPlugin(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get<{ Querystring: { poolId?: string; username?: string; limit?: string } }>('/_gatehouse/outbox', async (request, reply) => {
    if (!isAdminBasicAuth(deps, request)) {
      return reply.code(401).header('www-authenticate', 'Basic realm="gatehouse"').send({ message: 'Admin credentials required' });
    }
    const limit = Math.min(Math.max(Number(request.query.limit ?? 50) || 50, 1), 1000);
    const messages = await deps.store.outbox.list({ poolId: request.query.poolId, username: request.query.username, limit });
    return reply.header('cache-control', 'no-store').send({ messages });
  });
  // Prometheus scrapes with basic_auth; metrics.port serves the same without it.
  app.get('/metrics', async (request, reply) => {
    if (!isAdminBasicAuth(deps, request)) {
      return reply.code(401).header('www-authenticate', 'Basic realm="gatehouse"').send({ message: 'Admin credentials required' });
    }
    const { contentType, body } = await deps.metrics.render();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}
