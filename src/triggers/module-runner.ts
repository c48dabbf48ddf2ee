// Runs a local JavaScript module's handler the way the Lambda Node runtime does (`async (event,
// context)`, or a callback as third argument), in a worker thread of its own: a slow or blocking
// handler never holds up the server's event loop. One worker per function, started on first use;
// invocations run concurrently inside it. A worker that stops answering altogether (a handler in a
// synchronous loop) is replaced.
import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FunctionFailure, type FunctionRunner } from './types.js';

// The worker's code is evaluated from this string, not loaded from a file: the server runs both
// from TypeScript sources (tests) and as an esbuild bundle, and a string is the same in both.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
let loading;
function loadHandler() {
  loading ??= import(workerData.url).then((mod) => {
    const handler = mod[workerData.exportName] ?? mod.default?.[workerData.exportName];
    if (typeof handler !== 'function') throw new Error(workerData.url + ' exports no function ' + workerData.exportName);
    return handler;
  });
  return loading;
}
parentPort.on('message', async ({ id, payload, deadline }) => {
  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    loading = undefined;
    parentPort.postMessage({ id, kind: 'unreachable', message: String(error?.message ?? error) });
    return;
  }
  const context = {
    functionName: workerData.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: workerData.functionName,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/' + workerData.functionName,
    logStreamName: 'gatehouse',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await new Promise((resolve, reject) => {
      const callback = (error, value) => (error ? reject(error) : resolve(value));
      const returned = handler(JSON.parse(payload), context, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
    });
    parentPort.postMessage({ id, answer: result === undefined ? 'null' : JSON.stringify(result) });
  } catch (error) {
    parentPort.postMessage({ id, kind: 'handled', message: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface Pending {
  resolve(answer: string): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

type WorkerMessage = { id: number; answer: string } | { id: number; kind: 'handled' | 'unreachable'; message: string };

export function createModuleRunner(functionName: string, modulePath: string, exportName: string): FunctionRunner {
  const url = pathToFileURL(resolve(modulePath)).href;
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let lastHeardAt = 0;
  let nextId = 1;

  function failAll(error: FunctionFailure): void {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      pending.delete(id);
      call.reject(error);
    }
  }

  function started(): Worker {
    if (worker) return worker;
    const fresh = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, exportName, functionName } });
    fresh.on('message', (message: WorkerMessage) => {
      lastHeardAt = Date.now();
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      clearTimeout(call.timer);
      if ('answer' in message) call.resolve(message.answer);
      else call.reject(new FunctionFailure(message.kind, message.message));
    });
    fresh.on('error', (error) => failAll(new FunctionFailure('unreachable', error.message)));
    fresh.on('exit', () => {
      if (worker === fresh) worker = undefined;
      failAll(new FunctionFailure('unreachable', `the worker of ${functionName} exited`));
    });
    // Idle workers must not keep the process alive.
    fresh.unref();
    lastHeardAt = Date.now();
    worker = fresh;
    return fresh;
  }

  function timedOut(id: number, timeoutMs: number): void {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    call.reject(new FunctionFailure('timeout', `${functionName} did not answer within ${timeoutMs} ms`));
    // Nothing heard for a whole timeout: the worker's loop is blocked. Replace it.
    if (worker && Date.now() - lastHeardAt >= timeoutMs) {
      const stuck = worker;
      worker = undefined;
      void stuck.terminate();
    }
  }

  return {
    description: `module ${modulePath}#${exportName}`,
    invoke(payload, { timeoutMs }) {
      const target = started();
      const id = nextId++;
      return new Promise<string>((resolvePromise, reject) => {
        const timer = setTimeout(() => timedOut(id, timeoutMs), timeoutMs);
        pending.set(id, { resolve: resolvePromise, reject, timer });
        target.postMessage({ id, payload, deadline: Date.now() + timeoutMs });
      });
    },
    // A module's asynchronous invocation still runs to the end; its answer is not awaited.
    async send(payload, options) {
      this.invoke(payload, options).catch(() => undefined);
    },
    async close() {
      const running = worker;
      worker = undefined;
      failAll(new FunctionFailure('unreachable', 'the server is stopping'));
      await running?.terminate();
    },
  };
}
