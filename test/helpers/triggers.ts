// Lambda triggers for tests, run by any of Gatehouse's three runners against one recorder:
// - 'module': a generated ES module (run in Gatehouse's worker thread) that forwards each event here;
// - 'webhook': Gatehouse POSTs the event here, signed with X-Gatehouse-Signature;
// - 'lambda': Gatehouse calls the Lambda Invoke API served here, SigV4-signed.
// A test sets what each function does (`handle`) and reads the events it received (`events`).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ConfigOverrides } from '../../src/config/load.js';

export type RunnerKind = 'module' | 'webhook' | 'lambda';
export const RUNNER_KINDS: RunnerKind[] = ['module', 'webhook', 'lambda'];

/** A received event; typed loosely so tests can read any member. */
export type Event = Record<string, any>;

/** What a function does: answer the event (usually the same one, changed), or throw to fail. */
export type Handler = (event: Event) => unknown | Promise<unknown>;

/** Returned by a handler: answer exactly this JSON value (or, for webhook and lambda, this text) instead of an event. */
export class RawAnswer {
  constructor(readonly value: unknown) {}
}

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const LAMBDA_CREDENTIALS = { accessKeyId: 'AKIDTRIGGERTEST0001', secretAccessKey: 'trigger-test-secret-0123456789' };

export interface TriggerRig {
  kind: RunnerKind;
  /** Server config that makes Gatehouse run this rig's functions (pass as `config: { triggers: rig.config }`). */
  config: ConfigOverrides['triggers'];
  /** The ARN a pool's LambdaConfig names for a function of this rig. */
  arn(name: string): string;
  handle(name: string, handler: Handler): void;
  events(name: string): Event[];
  /** Resolves once `name` has received `count` events (asynchronous triggers). */
  waitForEvents(name: string, count?: number): Promise<Event[]>;
  /** Requests that failed the rig's own checks (bad webhook signature, unsigned Invoke call). */
  rejected: string[];
  close(): Promise<void>;
}

/** A rig for the function names given (name them all before the server starts: its config is read once). */
export async function startTriggerRig(kind: RunnerKind, functionNames: string[]): Promise<TriggerRig> {
  const handlers = new Map<string, Handler>();
  const received = new Map<string, Event[]>();
  const waiters: Array<() => void> = [];
  const rejected: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-triggers-'));

  async function run(name: string, event: Event): Promise<{ status: 'ok'; answer: unknown } | { status: 'error'; message: string }> {
    if (!received.has(name)) received.set(name, []);
    received.get(name)!.push(structuredClone(event));
    for (const wake of waiters.splice(0)) wake();
    const handler = handlers.get(name) ?? ((e: Event) => e);
    try {
      const answer = await handler(event);
      return { status: 'ok', answer };
    } catch (error) {
      return { status: 'error', message: (error as Error).message };
    }
  }

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://rig');
    const send = (status: number, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(text);
    };
    let match = /^\/module\/([^/]+)$/.exec(url.pathname);
    if (match) {
      const outcome = await run(decodeURIComponent(match[1]), JSON.parse(body));
      if (outcome.status === 'error') return send(200, JSON.stringify({ throw: outcome.message }));
      const answer = outcome.answer instanceof RawAnswer ? outcome.answer.value : outcome.answer;
      return send(200, JSON.stringify({ answer: answer === undefined ? null : answer, undefined: answer === undefined }));
    }
    match = /^\/webhook\/([^/]+)$/.exec(url.pathname);
    if (match) {
      if (!validWebhookSignature(String(req.headers['x-gatehouse-signature'] ?? ''), body)) {
        rejected.push(`webhook ${match[1]}: bad signature`);
        return send(401, '{}');
      }
      const outcome = await run(decodeURIComponent(match[1]), JSON.parse(body));
      if (outcome.status === 'error') return send(500, JSON.stringify({ errorMessage: outcome.message, errorType: 'Error' }));
      if (outcome.answer instanceof RawAnswer) return send(200, String(outcome.answer.value));
      return send(200, JSON.stringify(outcome.answer));
    }
    match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    if (match && req.method === 'POST') {
      const authorization = String(req.headers.authorization ?? '');
      if (!authorization.startsWith(`AWS4-HMAC-SHA256 Credential=${LAMBDA_CREDENTIALS.accessKeyId}/`) || !authorization.includes('/lambda/aws4_request')) {
        rejected.push(`lambda ${match[1]}: not signed for lambda with the test credentials`);
        return send(403, JSON.stringify({ Type: 'User', message: 'The security token included in the request is invalid.' }), { 'x-amzn-errortype': 'UnrecognizedClientException' });
      }
      const name = decodeURIComponent(match[1]).replace(/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/, '');
      if (!functionNames.includes(name)) {
        return send(404, JSON.stringify({ Type: 'User', Message: `Function not found: ${name}` }), { 'x-amzn-errortype': 'ResourceNotFoundException' });
      }
      const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      const outcome = await run(name, JSON.parse(body));
      if (invocationType === 'Event') return send(202, '');
      if (outcome.status === 'error') {
        return send(200, JSON.stringify({ errorMessage: outcome.message, errorType: 'Error', trace: [] }), { 'x-amz-function-error': 'Unhandled' });
      }
      if (outcome.answer instanceof RawAnswer) return send(200, String(outcome.answer.value));
      return send(200, outcome.answer === undefined ? 'null' : JSON.stringify(outcome.answer));
    }
    send(404, '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const recorderModule = join(dir, 'recorder.mjs');
  writeFileSync(
    recorderModule,
    `export async function handler(event, context) {
  const res = await fetch(${JSON.stringify(base)} + '/module/' + encodeURIComponent(context.functionName), { method: 'POST', body: JSON.stringify(event) });
  const outcome = await res.json();
  if (outcome.throw !== undefined) throw new Error(outcome.throw);
  return outcome.undefined ? undefined : outcome.answer;
}
`,
  );

  const functions: Record<string, { module: string; export: string } | { url: string; secret: string }> = {};
  const rig: TriggerRig = {
    kind,
    config: {},
    arn(name) {
      if (!functionNames.includes(name)) throw new Error(`the rig was not started with a function named ${name}`);
      return `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
    },
    handle(name, handler) {
      handlers.set(name, handler);
    },
    events: (name) => received.get(name) ?? [],
    async waitForEvents(name, count = 1) {
      while ((received.get(name)?.length ?? 0) < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return received.get(name)!;
    },
    rejected,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const name of functionNames) {
    if (kind === 'module') functions[name] = { module: recorderModule, export: 'handler' };
    if (kind === 'webhook') functions[name] = { url: `${base}/webhook/${encodeURIComponent(name)}`, secret: WEBHOOK_SECRET };
  }
  // The Lambda Invoke API runner signs with the standard AWS environment's credentials.
  rig.config = kind === 'lambda' ? { lambdaEndpoint: base } : { functions: functions as never };
  if (kind === 'lambda') {
    process.env.AWS_ACCESS_KEY_ID = LAMBDA_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = LAMBDA_CREDENTIALS.secretAccessKey;
  }
  return rig;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Checks the documented X-Gatehouse-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>, at most 5 minutes old. */
export function validWebhookSignature(header: string, body: string, secret = WEBHOOK_SECRET): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300 || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Cognito's envelope members of a V1 event: compare with `{ ...eventEnvelope(…), request, response }`. */
export const eventEnvelope = (poolId: string, clientId: string | null, triggerSource: string, userName: string | null) => ({
  version: '1',
  triggerSource,
  region: 'us-east-1',
  userPoolId: poolId,
  userName,
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
});
