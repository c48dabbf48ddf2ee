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

/** One worker and the invocations waiting on it: a replaced worker fails only its own. */
interface Running {
  worker: Worker;
  pending: Map<number, Pending>;
  lastHeardAt: number;
}

export function createModuleRunner(functionName: string, modulePath: string, exportName: string): FunctionRunner {
  const url = pathToFileURL(resolve(modulePath)).href;
  let current: Running | undefined;
  let nextId = 1;

  function failAll(running: Running, error: FunctionFailure): void {
    for (const [id, call] of running.pending) {
      clearTimeout(call.timer);
      running.pending.delete(id);
      call.reject(error);
    }
  }

  function started(): Running {
    if (current) return current;
    const running: Running = {
      worker: new Worker(WORKER_SOURCE, { eval: true, workerData: { url, exportName, functionName } }),
      pending: new Map(),
      lastHeardAt: Date.now(),
    };
    running.worker.on('message', (message: WorkerMessage) => {
      running.lastHeardAt = Date.now();
      const call = running.pending.get(message.id);
      if (!call) return;
      running.pending.delete(message.id);
      clearTimeout(call.timer);
      if ('answer' in message) call.resolve(message.answer);
      else call.reject(new FunctionFailure(message.kind, message.message));
    });
    running.worker.on('error', (error) => failAll(running, new FunctionFailure('unreachable', error.message)));
    running.worker.on('exit', () => {
      if (current === running) current = undefined;
      failAll(running, new FunctionFailure('unreachable', `the worker of ${functionName} exited`));
    });
    // Idle workers must not keep the process alive.
    running.worker.unref();
    current = running;
    return running;
  }

  function timedOut(running: Running, id: number, timeoutMs: number): void {
    const call = running.pending.get(id);
    if (!call) return;
    running.pending.delete(id);
    call.reject(new FunctionFailure('timeout', `${functionName} did not answer within ${timeoutMs} ms`));
    // Nothing heard for a whole timeout: the worker's loop is blocked. Replace it.
    if (current === running && Date.now() - running.lastHeardAt >= timeoutMs) {
      current = undefined;
      failAll(running, new FunctionFailure('timeout', `${functionName} stopped answering`));
      void running.worker.terminate();
    }
  }

  return {
    description: `module ${modulePath}#${exportName}`,
    invoke(payload, { timeoutMs }) {
      const running = started();
      const id = nextId++;
      return new Promise<string>((resolvePromise, reject) => {
        const timer = setTimeout(() => timedOut(running, id, timeoutMs), timeoutMs);
        running.pending.set(id, { resolve: resolvePromise, reject, timer });
        running.worker.postMessage({ id, payload, deadline: Date.now() + timeoutMs });
      });
    },
    // A module's asynchronous invocation still runs to the end; its answer is not awaited.
    async send(payload, options) {
      this.invoke(payload, options).catch(() => undefined);
    },
    async close() {
      const running = current;
      current = undefined;
      if (!running) return;
      failAll(running, new FunctionFailure('unreachable', 'the server is stopping'));
      await running.worker.terminate();
    },
  };
}
