// Log delivery to what an ARN stands for here (logDelivery.destinations): a file, to which each
// event is appended as one JSON line, or a webhook, to which each event is POSTed as JSON. Delivery
// is best effort, as Cognito's: events wait in one bounded queue and are sent one at a time in the
// background; when the queue is full, new events are dropped, counted and logged, so a slow or
// absent destination never slows or fails a request.
import { appendFile } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';

export interface LogShipper {
  /** Queues an event for the destination ARN; false when the ARN maps nowhere or the queue is full. */
  ship(destinationArn: string, event: object): boolean;
  /** Whether the ARN maps to a destination in the configuration. */
  knows(destinationArn: string): boolean;
  /** Events dropped since start because the queue was full. */
  readonly dropped: number;
  /** Resolves once every queued event has been tried (tests, shutdown). */
  drain(): Promise<void>;
}

const WEBHOOK_TIMEOUT_MS = 5000;

export function createLogShipper(options: { destinations: Record<string, string>; queueSize: number; log: FastifyBaseLogger }): LogShipper {
  const queue: Array<{ target: string; line: string }> = [];
  let dropped = 0;
  let running: Promise<void> | undefined;

  const send = async (target: string, line: string) => {
    if (target.startsWith('/')) {
      await appendFile(target, `${line}\n`, { encoding: 'utf8', mode: 0o600 });
      return;
    }
    const response = await fetch(target, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: line, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  };

  const run = async () => {
    // Bounded: each turn removes one queued event.
    while (queue.length > 0) {
      const { target, line } = queue.shift()!;
      try {
        await send(target, line);
      } catch (error) {
        options.log.warn({ err: { message: (error as Error).message } }, 'log delivery failed; event dropped');
      }
    }
    running = undefined;
  };

  return {
    ship(destinationArn, event) {
      const target = options.destinations[destinationArn];
      if (!target) return false;
      if (queue.length >= options.queueSize) {
        dropped++;
        // Logged at the first drop and then every 1000th, so a flood does not flood the log too.
        if (dropped % 1000 === 1) options.log.warn({ dropped }, 'log delivery queue full; events dropped');
        return false;
      }
      queue.push({ target, line: JSON.stringify(event) });
      running ??= run();
      return true;
    },
    knows: (destinationArn) => Object.hasOwn(options.destinations, destinationArn),
    get dropped() {
      return dropped;
    },
    async drain() {
      while (running) await running;
    },
  };
}
