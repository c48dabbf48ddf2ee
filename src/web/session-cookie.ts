// The browser's side of the Hosted UI sign-in session (domain/hosted-sessions.ts): a cookie, scoped
// to the pool's path, holding the session's random id. At the server's own origin, where every pool
// shares the host and the paths, the cookie is named after its pool, so one pool's sign-in neither
// reaches nor ends another's.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearCookie, readCookie, setCookie, type CookieDeps } from './cookies.js';

const SESSION_COOKIE = 'cognito';

/** Where a pool's sessions live in this browser: the pool, its pages' base path, and whether its origin is shared. */
export interface SessionScope {
  pool: { id: string };
  basePath: string;
  sharedOrigin: boolean;
}

const cookieName = (scope: SessionScope): string => (scope.sharedOrigin ? `${SESSION_COOKIE}-${scope.pool.id}` : SESSION_COOKIE);

export const readSessionCookie = (request: FastifyRequest, scope: SessionScope): string | undefined => readCookie(request, cookieName(scope));

export function setSessionCookie(deps: CookieDeps, request: FastifyRequest, reply: FastifyReply, scope: SessionScope, id: string, maxAgeSeconds: number): void {
  setCookie(deps, request, reply, cookieName(scope), id, { path: scope.basePath || '/', maxAgeSeconds });
}

export const clearSessionCookie = (deps: CookieDeps, request: FastifyRequest, reply: FastifyReply, scope: SessionScope): void =>
  clearCookie(deps, request, reply, cookieName(scope), scope.basePath || '/');
