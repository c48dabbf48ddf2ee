// The one place where errors on browser-facing routes (/oauth2/authorize, /logout, the Hosted UI
// pages) become bytes: an OAuth error whose redirect URI is verified goes back to the client;
// anything else is an error page. Unexpected failures are logged and shown generically.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError, errorRedirect } from '../cognito/oauth-errors.js';
import { WebRequestError } from './errors.js';
import { CognitoError } from '../cognito/errors.js';
import { sendErrorPage } from './headers.js';

export function browserErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof OAuthError) {
    if (error.redirectable) return reply.redirect(errorRedirect(error));
    return sendErrorPage(reply, error.status, error.description);
  }
  if (error instanceof WebRequestError) return sendErrorPage(reply, error.status, error.message);
  if (error instanceof CognitoError && error.status < 500) return sendErrorPage(reply, error.status, error.message);
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return sendErrorPage(reply, status, 'The request could not be read.');
  request.log.error({ err: error }, 'unhandled error on a Hosted UI page');
  return sendErrorPage(reply, 500, 'An internal error occurred.');
}
