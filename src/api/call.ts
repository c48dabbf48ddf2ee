// One Cognito JSON API call, from its bytes to the answer's bytes, with no HTTP framework in between:
// the body parsed as x-amz-json-1.1, the operation found from X-Amz-Target, SigV4 checked on admin
// operations, the input validated and admitted by the quotas, the handler run, and any error turned
// into Cognito's wire shape. api/http.ts reads the request and writes the answer.
import type { IncomingHttpHeaders } from 'node:http';
import type { Deps } from '../domain/deps.js';
import { CognitoError, InternalErrorException, SerializationException, UnknownOperationException } from '../cognito/errors.js';
import { operations } from './registry.js';
import { dropNullMembers, validateInput } from './validate.js';
import { verifySigV4 } from './sigv4.js';
import type { AccessKey } from '../cognito/types.js';
import { withPasswordSource } from '../crypto/password.js';
import { isAuditedOperation, recordAudit } from '../domain/audit.js';
import { admitByQuota } from './quota-admission.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const NOT_AN_OBJECT = 'Start of structure or map found where not expected.';

export interface ApiCall {
  method: string;
  /** The request target as sent (the path and any query string): SigV4 signs it. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The client's address (after server.trustProxy). */
  ip: string;
  requestId: string;
}

export interface ApiAnswer {
  status: number;
  /** The JSON text. A string, not a Buffer: Node joins a string body to the headers in one chunk
   *  (no copy into a Buffer first), 5–8 % less CPU per AdminGetUser and ListUsers (bench/README.md). */
  body: string;
  /** The Cognito error's name, when the answer is one. */
  errorType?: string;
  /** The Cognito operation asked for, once known. */
  operation?: string;
  /** A sign-in step's result besides an error: tokens or a challenge. */
  signInResult?: 'tokens' | 'challenge';
}

/** An answer in Cognito's error shape (the HTTP layer's own refusal of a body too large uses it too). */
export function errorAnswer(error: CognitoError, operation?: string): ApiAnswer {
  return {
    status: error.status,
    body: JSON.stringify({ __type: error.type, message: error.message }),
    errorType: error.type,
    ...(operation && { operation }),
  };
}

/** The body as the operation's input: an empty body is {}, anything but a JSON object a SerializationException. */
function parseInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SerializationException(NOT_AN_OBJECT);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SerializationException(NOT_AN_OBJECT);
  dropNullMembers(parsed);
  return parsed as Record<string, unknown>;
}

/** Answers API calls for one server: never throws, every failure is an answer. */
export function createApiCallHandler(deps: Deps): (call: ApiCall) => Promise<ApiAnswer> {
  const adminKeys = new Map<string, AccessKey>(deps.secrets.adminKeys.map((k) => [k.accessKeyId, k]));

  const run = async (call: ApiCall, answer: ApiAnswer): Promise<string> => {
    const input = parseInput(call.body);
    const target = call.headers['x-amz-target'];
    if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
      throw new UnknownOperationException(typeof target === 'string' ? `Unknown operation ${target}` : 'Missing X-Amz-Target header');
    }
    const operation = operations.get(target.slice(TARGET_PREFIX.length));
    if (!operation) throw new UnknownOperationException(`Unknown operation ${target}`);
    answer.operation = operation.name;
    let signedBy: string | undefined;
    if (operation.auth === 'admin' && deps.config.admin.requireSignature) {
      signedBy = verifySigV4(
        { method: call.method, url: call.url, headers: call.headers, body: call.body },
        (id) => adminKeys.get(id),
        deps.clock.now(),
        deps.config.admin.signatureMaxSkewSeconds,
      );
    }
    validateInput(operation.input, input);
    if (deps.quotas.enabled) await admitByQuota(deps, operation.name, input);
    // Password work (sign-in, sign-up, password changes) counts against the caller's address and app client.
    const clientId = input.ClientId;
    // withPasswordSource makes a new object: the request's client goes on it, not on a second copy.
    const requestDeps = withPasswordSource(deps, { address: call.ip, clientId: typeof clientId === 'string' ? clientId : undefined });
    requestDeps.requestClient = { ip: call.ip, userAgent: call.headers['user-agent'] };
    const output = await operation.handler(input as any, { deps: requestDeps, requestId: call.requestId, sourceIp: call.ip });
    // Only a handler's own result object goes on the wire: never a primitive, and never deps.
    if (output === null || typeof output !== 'object' || Array.isArray(output) || output === (deps as object) || output === (requestDeps as object)) {
      throw new Error(`operation ${operation.name} returned an invalid result`);
    }
    if ((output as { AuthenticationResult?: unknown }).AuthenticationResult) answer.signInResult = 'tokens';
    else if ((output as { ChallengeName?: unknown }).ChallengeName) answer.signInResult = 'challenge';
    if (isAuditedOperation(operation)) {
      await recordAudit(deps, { actor: `api:${signedBy ?? 'unsigned'}`, operation: operation.name, input, output: output as Record<string, unknown> });
    }
    return JSON.stringify(output);
  };

  return async (call) => {
    const answer: ApiAnswer = { status: 200, body: '' };
    try {
      answer.body = await run(call, answer);
      return answer;
    } catch (error) {
      if (error instanceof CognitoError) return errorAnswer(error, answer.operation);
      deps.log.error({ err: error, reqId: call.requestId, requestId: call.requestId }, 'unhandled error in API operation');
      return errorAnswer(new InternalErrorException('An internal error occurred.'), answer.operation);
    }
  };
}
