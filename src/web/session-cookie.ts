// The browser's side of the Hosted UI sign-in session (domain/hosted-sessions.ts): the `cognito`
// cookie, scoped to the pool's path, holding the session's random id.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearCookie, readCookie, setCookie, type CookieDeps } from './cookies.js';

const SESSION_COOKIE = 'cognito';

export const readSessionCookie = (request: FastifyRequest): string | undefined => readCookie(request, SESSION_COOKIE);

export function setSessionCookie(deps: CookieDeps, request: FastifyRequest, reply: FastifyReply, basePath: string, id: string, maxAgeSeconds: number): void {
  setCookie(deps, request, reply, SESSION_COOKIE, id, { path: basePath || '/', maxAgeSeconds });
}

export const clearSessionCookie = (deps: CookieDeps, request: FastifyRequest, reply: FastifyReply, basePath: string): void =>
  clearCookie(deps, request, reply, SESSION_COOKIE, basePath || '/');
