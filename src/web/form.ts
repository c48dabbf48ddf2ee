// application/x-www-form-urlencoded bodies for the OAuth endpoints and Hosted UI forms.
import type { FastifyInstance } from 'fastify';
import { WebRequestError } from './errors.js';

export type FormBody = Record<string, string | string[]>;

export function addFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const form: FormBody = {};
    for (const [name, value] of new URLSearchParams(body as string)) {
      // PostgreSQL cannot hold U+0000 in text: a form with one is refused here, not by a failed query.
      if (name.includes('\u0000') || value.includes('\u0000')) return done(new WebRequestError('The form must not contain the character U+0000.'), undefined);
      const previous = form[name];
      form[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    done(null, form);
  });
}

/** The form as single values; a repeated parameter is invalid (RFC 6749 §3.1, §3.2). */
export function singleValued(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [name, value] of Object.entries(body as FormBody)) {
    if (Array.isArray(value)) throw new WebRequestError(`${name} must not be repeated.`);
    if (value !== '') out[name] = value;
  }
  return out;
}
