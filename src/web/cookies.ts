// Reading and writing the Hosted UI's cookies (no dependency needed for three cookies).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.js';

/** What cookies need to know: whether the server is reached over https. */
export type CookieDeps = { config: Config };

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9._~-]{1,4096}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Secure when the page was reached over https (directly or per the configured public URL). */
function isHttps(deps: CookieDeps, request: FastifyRequest): boolean {
  return request.protocol === 'https' || (deps.config.server.publicUrl?.startsWith('https:') ?? false);
}

export function setCookie(
  deps: CookieDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  options: { path: string; maxAgeSeconds?: number; sameSite?: 'Lax' | 'Strict' | 'None' },
): void {
  const https = isHttps(deps, request);
  // Browsers drop a SameSite=None cookie that is not Secure: over plain http it stays Lax.
  const sameSite = options.sameSite === 'None' && !https ? 'Lax' : options.sameSite ?? 'Lax';
  const parts = [`${name}=${value}`, `Path=${options.path || '/'}`, 'HttpOnly', `SameSite=${sameSite}`];
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  if (https) parts.push('Secure');
  const previous = reply.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  reply.header('set-cookie', [...list, parts.join('; ')]);
}

export const clearCookie = (deps: CookieDeps, request: FastifyRequest, reply: FastifyReply, name: string, path: string, sameSite?: 'Lax' | 'Strict'): void =>
  setCookie(deps, request, reply, name, '', { path, maxAgeSeconds: 0, sameSite });
