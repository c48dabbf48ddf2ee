// The Cognito JSON API: POST / with X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>.
// Parses the x-amz-json-1.1 body, dispatches to the operation, checks SigV4 on admin operations,
// and is the one place where errors become Cognito's wire shape.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { CognitoError, SerializationException, UnknownOperationException, InvalidParameterException } from '../cognito/errors.js';
import { operations } from './registry.js';
import { dropNullMembers, validateInput } from './validate.js';
import { verifySigV4 } from './sigv4.js';
import { withPasswordSource } from '../crypto/password.js';
import { isAuditedOperation, recordAudit } from '../domain/audit.js';
import { admitByQuota } from './quota-admission.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
// Sent as a Buffer: Fastify appends "; charset=utf-8" to string payloads, and Cognito's header is the bare type.
const jsonBody = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    awsRequestId?: string;
    /** The Cognito operation asked for, once known (for the metrics). */
    apiOperation?: string;
    /** A sign-in step's result besides an error: tokens or a challenge (for the metrics). */
    signInResult?: 'tokens' | 'challenge';
  }
}

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

/** Reads and discards the rest of a request body; resolves at its end, past the bounds, or on error. */
function drainBody(raw: IncomingMessage): Promise<void> {
  const declared = Number(raw.headers['content-length']);
  if (raw.complete || declared > DRAIN_MAX_BYTES) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData).off('end', finish).off('error', finish).off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > DRAIN_MAX_BYTES) finish();
    };
    const timer = setTimeout(finish, DRAIN_MAX_MS);
    raw.on('data', onData).once('end', finish).once('error', finish).once('close', finish);
    raw.resume();
  });
}

export async function apiPlugin(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const adminKeys = new Map(deps.secrets.adminKeys.map((k) => [k.accessKeyId, k]));

  app.removeAllContentTypeParsers();
  // Any content type (SDKs send application/x-amz-json-1.1; hand-written clients application/json
  // or text/plain): the body is JSON, kept raw for the signature check.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) return done(null, {});
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return done(new SerializationException('Start of structure or map found where not expected.'), undefined);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return done(new SerializationException('Start of structure or map found where not expected.'), undefined);
    }
    dropNullMembers(parsed);
    done(null, parsed);
  });

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

  // A callback hook, not an async one: it runs on every request and needs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    // The request id of the logs (X-Request-Id): one id to quote for a request.
    request.awsRequestId = request.id;
    reply.header('x-amzn-requestid', request.awsRequestId);
    reply.header('date', dateHeader());
    if (request.headers.origin !== undefined) reply.headers(request.method === 'OPTIONS' ? CORS_PREFLIGHT_HEADERS : CORS_RESPONSE_HEADERS);
    done();
  });

  app.setErrorHandler((error: any, request, reply) => {
    let cognitoError: CognitoError;
    if (error instanceof CognitoError) {
      cognitoError = error;
    } else if (error?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      cognitoError = new CognitoError('SerializationException', 'Request body is too large.', 413);
    } else if (typeof error?.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      cognitoError = new SerializationException('Request could not be read.');
    } else {
      request.log.error({ err: error, requestId: request.awsRequestId }, 'unhandled error in API operation');
      cognitoError = new CognitoError('InternalErrorException', 'An internal error occurred.', 500);
    }
    const answer = () => reply
      .code(cognitoError.status)
      .header('content-type', CONTENT_TYPE)
      .header('x-amzn-errortype', `${cognitoError.type}:`)
      .send(jsonBody({ __type: cognitoError.type, message: cognitoError.message }));
    // A client still sending a body that is too large would see the connection reset instead of
    // this answer (the connection closes after it): read and discard the rest first, within bounds.
    if (cognitoError.status === 413) return drainBody(request.raw).then(answer);
    void answer();
  });

  app.options('/', async (_request, reply) => reply.code(200).send());

  const dispatch = async (request: FastifyRequest, reply: FastifyReply) => {
    const target = request.headers['x-amz-target'];
    if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
      throw new UnknownOperationException(typeof target === 'string' ? `Unknown operation ${target}` : 'Missing X-Amz-Target header');
    }
    const operation = operations.get(target.slice(TARGET_PREFIX.length));
    if (!operation) throw new UnknownOperationException(`Unknown operation ${target}`);
    request.apiOperation = operation.name;
    let signedBy: string | undefined;
    if (operation.auth === 'admin' && deps.config.admin.requireSignature) {
      signedBy = verifySigV4(
        { method: request.method, url: request.url, headers: request.headers, body: request.rawBody ?? Buffer.alloc(0) },
        (id) => adminKeys.get(id),
        deps.clock.now(),
        deps.config.admin.signatureMaxSkewSeconds,
      );
    }
    const input = request.body ?? {};
    if (typeof input !== 'object') throw new InvalidParameterException('Request body must be a JSON object');
    validateInput(operation.input, input);
    if (deps.quotas.enabled) await admitByQuota(deps, operation.name, input as Record<string, unknown>);
    // Password work (sign-in, sign-up, password changes) counts against the caller's address and app client.
    const clientId = (input as { ClientId?: unknown }).ClientId;
    // withPasswordSource makes a new object: the request's client goes on it, not on a second copy.
    const requestDeps = withPasswordSource(deps, { address: request.ip, clientId: typeof clientId === 'string' ? clientId : undefined });
    requestDeps.requestClient = { ip: request.ip, userAgent: request.headers['user-agent'] };
    const output = await operation.handler(input as any, {
      deps: requestDeps,
      requestId: request.awsRequestId!,
      sourceIp: request.ip,
    });
    // Only a handler's own result object goes on the wire: never a primitive, and never deps.
    if (output === null || typeof output !== 'object' || Array.isArray(output) || output === (deps as object) || output === (requestDeps as object)) {
      throw new Error(`operation ${operation.name} returned an invalid result`);
    }
    if ((output as { AuthenticationResult?: unknown }).AuthenticationResult) request.signInResult = 'tokens';
    else if ((output as { ChallengeName?: unknown }).ChallengeName) request.signInResult = 'challenge';
    if (isAuditedOperation(operation)) {
      await recordAudit(deps, { actor: `api:${signedBy ?? 'unsigned'}`, operation: operation.name, input: input as Record<string, unknown>, output: output as Record<string, unknown> });
    }
    return reply.code(200).header('content-type', CONTENT_TYPE).send(jsonBody(output));
  };
  app.post('/', dispatch);
}
