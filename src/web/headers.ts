// Security headers on every OAuth and Hosted UI response: no framing (clickjacking of the
// sign-in form), no sniffing, no referrer (codes and states live in URLs), no caching; a CSP
// that allows only the page's own nonce-tagged stylesheet, and no script but the passkey pages'
// one, tagged with the same nonce. (No form-action:
// Chrome applies it to the redirect after the sign-in post, which goes to the app's callback.)
import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { Html } from './html.js';
import { errorView } from './layout.js';

const BASE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

export function setSecurityHeaders(reply: FastifyReply): void {
  reply.headers({
    'x-frame-options': 'DENY',
    'content-security-policy': BASE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    pragma: 'no-cache',
  });
}

export const newCssNonce = (): string => randomBytes(16).toString('base64');

/**
 * Sends a page rendered with `cssNonce`; the CSP admits that stylesheet and nothing else.
 * `script`: the page also carries one inline script tagged with the same nonce (the passkey pages).
 */
export function sendPage(reply: FastifyReply, page: Html, cssNonce: string, status = 200, options: { script?: boolean } = {}): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', `${BASE_CSP}; style-src 'nonce-${cssNonce}'; img-src 'self' data:${options.script ? `; script-src 'nonce-${cssNonce}'` : ''}`)
    .header('content-type', 'text/html; charset=utf-8')
    .send(page.value);
}

export function sendErrorPage(reply: FastifyReply, status: number, description: string): FastifyReply {
  const nonce = newCssNonce();
  return sendPage(reply, errorView(nonce, description), nonce, status);
}
