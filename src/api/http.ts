// The JSON API on Node's HTTP server: POST / with X-Amz-Target, and its CORS preflight. It runs
// outside Fastify's request lifecycle (routing, hooks, content-type parsers, reply objects), which
// took 10–18 % of an API request's CPU (bench/README.md, "2026-12-06 afternoon"). So this module
// does for the API what Fastify did: reads the body within the limit, answers with
// the request id, Date and (for browsers) CORS headers, logs like Fastify's request logging when
// that is on, and records the request in the metrics. The call itself is api/call.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../domain/deps.js';
import { CognitoError, InternalErrorException } from '../cognito/errors.js';
import { createApiCallHandler, errorAnswer, type ApiAnswer } from './call.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const SIGN_IN_OPERATIONS = new Set(['InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge']);

// Browsers call the public operations directly (Amplify, amazon-cognito-identity-js), as with Cognito.
// CORS headers go only to requests that carry an Origin (every cross-origin browser request does;
// SDKs on servers send none and have no use for them): an answer names the origin it allows and
// the headers a page may read; a preflight (OPTIONS) also the method, headers and how long to cache.
const CORS_RESPONSE_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date, x-request-id',
};
const CORS_PREFLIGHT_HEADERS = {
  ...CORS_RESPONSE_HEADERS,
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers':
    'content-type, x-amz-target, x-amz-user-agent, authorization, x-amz-date, x-amz-security-token, amz-sdk-invocation-id, amz-sdk-request, cache-control',
  'access-control-max-age': '86400',
};

// How much of an oversized body is read and discarded before the 413 answer, and for how long: enough
// for any client that sent a few megabytes by mistake, too little for a slow sender to hold a connection.
const DRAIN_MAX_BYTES = 32 * 1024 * 1024;
const DRAIN_MAX_MS = 3_000;

/** The request as the API needs it from whoever accepted it: its id (X-Request-Id) and the client's address. */
export interface ApiRequestContext {
  id: string;
  ip: string;
}

/** POST / (any query string: SDKs send none, some clients add one) and its CORS preflight. */
export function isApiRequest(request: IncomingMessage): boolean {
  const { method, url } = request;
  return (method === 'POST' || method === 'OPTIONS') && url !== undefined && (url === '/' || url.startsWith('/?'));
}

const TOO_LARGE = Symbol('too large');

/** The whole body within `limit` bytes; TOO_LARGE past it; undefined when the client went away first. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | typeof TOO_LARGE | undefined> {
  if (Number(request.headers['content-length']) > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (result: Buffer | typeof TOO_LARGE | undefined) => {
      request.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) return finish(TOO_LARGE);
      chunks.push(chunk);
    };
    const onEnd = () => finish(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length));
    const onGone = () => finish(undefined);
    request.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  });
}

/** Reads and discards the rest of a request body; resolves at its end, past the bounds, or on error. */
function drainBody(request: IncomingMessage): Promise<void> {
  const declared = Number(request.headers['content-length']);
  if (request.complete || declared > DRAIN_MAX_BYTES) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const finish = () => {
      clearTimeout(timer);
      request.off('data', onData).off('end', finish).off('error', finish).off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > DRAIN_MAX_BYTES) finish();
    };
    const timer = setTimeout(finish, DRAIN_MAX_MS);
    request.on('data', onData).once('end', finish).once('error', finish).once('close', finish);
    request.resume();
  });
}

/**
 * The API's request listener for one server. `logRequests` mirrors Fastify's request logging (on at
 * debug and trace): an "incoming request" and a "request completed" line per request.
 */
export function createApiHttpHandler(deps: Deps, { logRequests }: { logRequests: boolean }) {
  const answerCall = createApiCallHandler(deps);
  const bodyLimit = deps.config.server.bodyLimitBytes;

  // Date from the server clock, as AWS sends it: SDKs correct their SigV4 clock skew from it. The
  // header has a resolution of one second, so its text is made once per second.
  let dateSecond = NaN;
  let dateText = '';
  const dateHeader = (): string => {
    const now = deps.clock.now();
    const second = Math.floor(now / 1000);
    if (second !== dateSecond) {
      dateSecond = second;
      dateText = new Date(now).toUTCString();
    }
    return dateText;
  };

  const send = (
    request: IncomingMessage, response: ServerResponse, context: ApiRequestContext, started: number,
    answer: ApiAnswer | undefined, extraHeaders?: Record<string, string>,
  ) => {
    const status = answer?.status ?? 200;
    const headers: Record<string, string | number> = {
      'x-request-id': context.id,
      'x-amzn-requestid': context.id,
      date: dateHeader(),
      'content-length': answer ? Buffer.byteLength(answer.body) : 0,
    };
    if (answer) headers['content-type'] = CONTENT_TYPE;
    if (answer?.errorType) headers['x-amzn-errortype'] = `${answer.errorType}:`;
    if (request.headers.origin !== undefined) Object.assign(headers, request.method === 'OPTIONS' ? CORS_PREFLIGHT_HEADERS : CORS_RESPONSE_HEADERS);
    if (extraHeaders) Object.assign(headers, extraHeaders);
    response.writeHead(status, headers);
    response.end(answer?.body);
    const seconds = (performance.now() - started) / 1000;
    if (answer?.operation) {
      const outcome = answer.errorType ?? 'ok';
      deps.metrics.request(answer.operation, outcome, seconds);
      if (SIGN_IN_OPERATIONS.has(answer.operation)) deps.metrics.signIn(answer.errorType ?? answer.signInResult ?? 'ok');
    } else {
      deps.metrics.request(`${request.method} /`, String(status), seconds);
    }
    if (logRequests) deps.log.info({ reqId: context.id, res: { statusCode: status }, responseTime: seconds * 1000 }, 'request completed');
  };

  const handle = async (request: IncomingMessage, response: ServerResponse, context: ApiRequestContext, started: number) => {
    // Read within the limit even for a preflight: a body on OPTIONS is allowed, and unread it would
    // be consumed without bound.
    const body = await readBody(request, bodyLimit);
    if (body === undefined) {
      // The client went away mid-request: nothing to answer, but counted and, at debug, logged.
      deps.metrics.request(`${request.method} /`, 'aborted', (performance.now() - started) / 1000);
      if (logRequests) deps.log.info({ reqId: context.id }, 'request aborted');
      return;
    }
    if (body === TOO_LARGE) {
      // A client still sending a body that is too large would see the connection reset instead of
      // this answer (the connection closes after it): read and discard the rest first, within bounds.
      await drainBody(request);
      return send(request, response, context, started, errorAnswer(new CognitoError('SerializationException', 'Request body is too large.', 413)), { connection: 'close' });
    }
    if (request.method === 'OPTIONS') return send(request, response, context, started, undefined);
    const answer = await answerCall({ method: 'POST', url: request.url!, headers: request.headers, body, ip: context.ip, requestId: context.id });
    send(request, response, context, started, answer);
  };

  return (request: IncomingMessage, response: ServerResponse, context: ApiRequestContext): void => {
    const started = performance.now();
    if (logRequests) {
      const { socket } = request;
      deps.log.info({ reqId: context.id, req: { method: request.method, url: request.url, host: request.headers.host, remoteAddress: context.ip, remotePort: socket.remotePort } }, 'incoming request');
    }
    handle(request, response, context, started).catch((error: unknown) => {
      // Only a failure of this module's own code can land here (calls answer every error).
      try {
        deps.log.error({ err: error, reqId: context.id }, 'unhandled error answering an API request');
        if (!response.headersSent) send(request, response, context, started, errorAnswer(new InternalErrorException('An internal error occurred.')));
        else response.destroy();
      } catch {
        // Nothing more can be said on this connection; the process goes on.
        response.destroy();
      }
    });
  };
}
