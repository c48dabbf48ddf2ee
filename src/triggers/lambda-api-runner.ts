// Runs a function through the AWS Lambda Invoke API at a base URL (AWS Lambda itself, LocalStack,
// or any service that speaks it): POST {base}/2015-03-31/functions/{FunctionName}/invocations,
// SigV4-signed for service `lambda` with the standard AWS credentials (environment, shared config
// and credentials files, container and instance roles), as the AWS SDK's Lambda client sends it.
// An answer with X-Amz-Function-Error is the handler's failure, its payload {errorMessage, errorType}.
import { FunctionFailure, type FunctionRunner } from './types.js';
import { readBounded } from './read-bounded.js';
import { SdkSha256 } from '../crypto/sdk-sha256.js';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export function createLambdaApiRunner(baseUrl: string, arn: string, defaultRegion: string): FunctionRunner {
  // The region the ARN names signs the request; a bare function name uses the server's region.
  const region = /^arn:[^:]+:lambda:([^:]+):/.exec(arn)?.[1] ?? defaultRegion;
  const url = `${baseUrl.replace(/\/+$/, '')}/2015-03-31/functions/${encodeURIComponent(arn)}/invocations`;
  let credentials: (() => Promise<Credentials>) | undefined;

  async function signedPost(payload: string, invocationType: 'RequestResponse' | 'Event', timeoutMs: number): Promise<Response> {
    let signed: { headers: Record<string, string> };
    try {
      credentials ??= await loadCredentialChain();
      signed = await sign(url, payload, invocationType, region, await credentials());
    } catch (error) {
      throw new FunctionFailure('unreachable', `no AWS credentials to invoke ${arn}: ${(error as Error).message}`);
    }
    try {
      return await fetch(url, { method: 'POST', headers: signed.headers, body: payload, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new FunctionFailure('timeout', `${url} did not answer within ${timeoutMs} ms`);
      throw new FunctionFailure('unreachable', `${url}: ${(error as Error).message}`);
    }
  }

  return {
    description: `lambda ${baseUrl} ${arn}`,
    async invoke(payload, { timeoutMs }) {
      const response = await signedPost(payload, 'RequestResponse', timeoutMs);
      const body = await readBounded(response, timeoutMs);
      if (response.status !== 200) throw new FunctionFailure('unreachable', `${arn}: the Invoke API answered ${response.status} ${errorTypeOf(response, body)}`);
      if (response.headers.get('x-amz-function-error')) throw new FunctionFailure('handled', errorMessageOf(body));
      return body;
    },
    async send(payload, { timeoutMs }) {
      const response = await signedPost(payload, 'Event', timeoutMs);
      await response.body?.cancel();
      if (response.status !== 202 && response.status !== 200) throw new FunctionFailure('unreachable', `${arn}: the Invoke API answered ${response.status}`);
    },
  };
}

function errorMessageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errorMessage?: unknown };
    if (typeof parsed?.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // The runtime's payload was not JSON; its text is the message.
  }
  return body;
}

function errorTypeOf(response: Response, body: string): string {
  const header = response.headers.get('x-amzn-errortype');
  if (header) return header.split(':')[0];
  try {
    const parsed = JSON.parse(body) as { __type?: unknown; Type?: unknown };
    return String(parsed.__type ?? parsed.Type ?? '');
  } catch {
    return '';
  }
}

/**
 * A CommonJS package's exports, imported dynamically: Node and tsx give them as named exports, but
 * the built CLI (an esbuild bundle) gives them only as the module's default export.
 */
function commonJsExports<T extends object>(module: T): T {
  return 'default' in module && module.default && typeof module.default === 'object' ? { ...(module.default as T), ...module } : module;
}

/** The AWS SDK's default credential chain, loaded only when a function is first invoked this way. */
async function loadCredentialChain(): Promise<() => Promise<Credentials>> {
  const { defaultProvider } = commonJsExports(await import('@aws-sdk/credential-provider-node'));
  return defaultProvider();
}

/** SigV4 of one POST by the AWS SDK's own signer. */
async function sign(url: string, payload: string, invocationType: string, region: string, credentials: Credentials): Promise<{ headers: Record<string, string> }> {
  const { SignatureV4 } = commonJsExports(await import('@smithy/signature-v4'));
  const target = new URL(url);
  const signer = new SignatureV4({ service: 'lambda', region, credentials, sha256: SdkSha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port ? Number(target.port) : undefined,
    path: target.pathname,
    query: {},
    headers: { host: target.host, 'content-type': 'application/json', 'x-amz-invocation-type': invocationType },
    body: payload,
  });
  const { host: _host, ...headers } = signed.headers;
  return { headers };
}
