// A one-time notice across a post-redirect-get ("User pool created."): a short-lived cookie
// (HttpOnly, SameSite=Strict, Path=/admin) read and cleared by the next page rendered.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { clearCookie, readCookie, setCookie } from '../web/cookies.js';
import { CONSOLE_PATH } from './session.js';

const FLASH_COOKIE = 'gatehouse_admin_notice';

export function setFlash(deps: Deps, request: FastifyRequest, reply: FastifyReply, notice: string): void {
  setCookie(deps, request, reply, FLASH_COOKIE, Buffer.from(notice.slice(0, 300), 'utf8').toString('base64url'), { path: CONSOLE_PATH, maxAgeSeconds: 60, sameSite: 'Strict' });
}

export function takeFlash(deps: Deps, request: FastifyRequest, reply: FastifyReply): string | undefined {
  const value = readCookie(request, FLASH_COOKIE);
  if (value === undefined) return undefined;
  clearCookie(deps, request, reply, FLASH_COOKIE, CONSOLE_PATH, 'Strict');
  return Buffer.from(value, 'base64url').toString('utf8') || undefined;
}
