// CSRF protection for every Hosted UI form: a double-submit token. The XSRF-TOKEN cookie
// (HttpOnly, SameSite=Lax, scoped to the pool's path) holds a random value that each form repeats
// in its `_csrf` field; a post without both, or with different values, is refused.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../crypto/digest.js';
import { newOpaqueToken } from '../crypto/random.js';
import { readCookie, setCookie, type CookieDeps } from './cookies.js';
import { WebRequestError } from './errors.js';

const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_FIELD = '_csrf';

/** The browser's token, minting (and setting) one when it has none. */
export function csrfToken(deps: CookieDeps, request: FastifyRequest, reply: FastifyReply, basePath: string): string {
  const existing = readCookie(request, CSRF_COOKIE);
  if (existing && existing.length >= 32) return existing;
  const token = newOpaqueToken();
  setCookie(deps, request, reply, CSRF_COOKIE, token, { path: basePath || '/' });
  return token;
}

export function checkCsrf(request: FastifyRequest, form: Record<string, string>): void {
  const cookie = readCookie(request, CSRF_COOKIE);
  const field = form[CSRF_FIELD];
  if (!cookie || !field || !constantTimeEqual(cookie, field)) {
    throw new WebRequestError('This form has expired or was not sent from this site. Go back and try again.', 403);
  }
}
