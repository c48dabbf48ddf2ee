// A console route: a method, a path under /admin, and a handler given the console context.
// Every route needs a signed-in session (and, for POST, the session's CSRF token) unless `public`.
import type { FastifyReply } from 'fastify';
import type { ConsoleContext } from './context.js';

export interface ConsoleRoute {
  method: 'GET' | 'POST';
  /** Under /admin, with Fastify parameters: '/pools/:poolId/clients'. */
  path: string;
  /** Reachable without a session (the sign-in page only). Public POSTs check their own CSRF. */
  public?: boolean;
  handler(ctx: ConsoleContext): Promise<FastifyReply>;
}

export const defineRoutes = (routes: ConsoleRoute[]): ConsoleRoute[] => routes;

/**
 * Only a console path goes into the sign-in page's `next` (never another site, nor out of /admin:
 * no '..', and no '.%2e' or '%2e%2e', which browsers resolve as '..' too).
 */
export const safeNext = (path: string | undefined): string | undefined => {
  // Dot segments matter only in the path: a query string may carry a name such as `..`.
  const pathOnly = path?.split('?')[0] ?? '';
  return path && /^\/admin(\/[\w\-./%]*)?(\?[\w\-.=&%+]*)?$/.test(path) && !path.includes('//') && !pathOnly.includes('..') && !/%2e/i.test(pathOnly) ? path : undefined;
};
