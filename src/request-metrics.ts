// Records each answered request in the metrics: a Cognito API request by its operation and the
// error name it got (ok without one), any other by method and route pattern (never the raw URL,
// whose values are unbounded) and status code.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from './domain/metrics.js';

const SIGN_IN_OPERATIONS = new Set(['InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge']);

export function recordRequest(metrics: Metrics, request: FastifyRequest, reply: FastifyReply): void {
  const seconds = reply.elapsedTime / 1000;
  const operation = request.apiOperation;
  if (operation) {
    const errorType = reply.getHeader('x-amzn-errortype');
    // The API writes "<ErrorName>:" there.
    const outcome = typeof errorType === 'string' ? errorType.replace(/:.*$/, '') : 'ok';
    metrics.request(operation, outcome, seconds);
    if (SIGN_IN_OPERATIONS.has(operation)) metrics.signIn(typeof errorType === 'string' ? outcome : (request.signInResult ?? 'ok'));
    return;
  }
  const route = request.routeOptions.url;
  metrics.request(route ? `${request.method} ${route}` : 'unmatched', String(reply.statusCode), seconds);
}
