// Operator routes beside the API, authenticated with the admin access key as HTTP Basic
// (access key id : secret access key). Today: the outbox, for tests and developers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from './deps.js';
import { constantTimeEqual } from './crypto/digest.js';

export function isAdminBasicAuth(deps: Deps, request: FastifyRequest): boolean {
  const header = request.headers.authorization;
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return isAdminKey(deps, decoded.slice(0, colon), decoded.slice(colon + 1));
}

/** Whether `id` and `secret` are one of the admin access keys (compared in constant time). */
export const isAdminKey = (deps: Deps, id: string, secret: string): boolean =>
  deps.secrets.adminKeys.some((k) => constantTimeEqual(k.accessKeyId, id) && constantTimeEqual(k.secretAccessKey, secret));

export async function adminRoutesPlugin(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get<{ Querystring: { poolId?: string; username?: string; limit?: string } }>('/_gatehouse/outbox', async (request, reply) => {
    if (!isAdminBasicAuth(deps, request)) {
      return reply.code(401).header('www-authenticate', 'Basic realm="gatehouse"').send({ message: 'Admin credentials required' });
    }
    const limit = Math.min(Math.max(Number(request.query.limit ?? 50) || 50, 1), 1000);
    const messages = await deps.store.outbox.list({ poolId: request.query.poolId, username: request.query.username, limit });
    return reply.header('cache-control', 'no-store').send({ messages });
  });
}
