// The one place where errors on console routes become pages: a Cognito error (a pool that does
// not exist, a bad parameter met outside a form) is a message with its 4xx status, never a 500;
// a refused form (no session or CSRF token) is 403; anything unexpected is logged and shown
// generically.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../web/html.js';
import { newCssNonce, sendPage } from '../web/headers.js';
import { CognitoError } from '../cognito/errors.js';
import { WebRequestError } from '../web/errors.js';
import { consoleLayout } from './views/layout.js';

/** A console request refused before its handler ran (no session, wrong CSRF token). */
export class ConsoleRefusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Cognito errors that mean "no such thing": a 404 page. */
const NOT_FOUND = new Set(['ResourceNotFoundException', 'UserNotFoundException']);

export function sendConsoleError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const cssNonce = newCssNonce();
  const title = status === 404 ? 'Not found' : status === 403 ? 'Refused' : status >= 500 ? 'Something went wrong' : 'That did not work';
  const page = consoleLayout({ title, cssNonce, error: message }, html`<p><a href="/admin">Back to the console</a></p>`);
  return sendPage(reply, page, cssNonce, status);
}

export function consoleErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ConsoleRefusal) return sendConsoleError(reply, error.status, error.message);
  if (error instanceof WebRequestError) return sendConsoleError(reply, error.status, error.message);
  if (error instanceof CognitoError && error.status < 500) {
    return sendConsoleError(reply, NOT_FOUND.has(error.type) ? 404 : error.status, error.message);
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return sendConsoleError(reply, status, 'The request could not be read.');
  request.log.error({ err: error }, 'unhandled error on an admin console page');
  return sendConsoleError(reply, 500, 'An internal error occurred.');
}
