// The log shipper's bounded queue: a destination that does not answer never holds up the caller,
// and events beyond the queue are dropped and counted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createLogShipper } from '../../src/messaging/log-shipper.js';

let stalled: Server;
let url: string;
const held: Array<() => void> = [];

beforeAll(async () => {
  // Answers only when the test lets it.
  stalled = createServer((_request, response) => { held.push(() => response.writeHead(204).end()); });
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  for (const release of held) release();
  stalled.closeAllConnections();
  await new Promise<void>((resolve) => stalled.close(() => resolve()));
});

describe('log shipper', () => {
  it('queues up to queueSize events behind a stalled webhook and drops the rest', async () => {
    const shipper = createLogShipper({ destinations: { 'arn:aws:firehose:us-east-1:000000000000:deliverystream/s': url }, queueSize: 2, log: pino({ level: 'silent' }) });
    const arn = 'arn:aws:firehose:us-east-1:000000000000:deliverystream/s';
    // 1. Taken at once (in flight). 2–3. Wait in the queue. 4–5. Dropped.
    const accepted = [1, 2, 3, 4, 5].map((n) => shipper.ship(arn, { n }));
    expect(accepted).toEqual([true, true, true, false, false]);
    expect(shipper.dropped).toBe(2);
    expect(shipper.ship('arn:aws:logs:us-east-1:000000000000:log-group:unmapped', {})).toBe(false);
    // Let the webhook answer: the queued events go out, in order.
    for (let i = 0; i < 100 && held.length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 100 && held.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      held.shift()?.();
    }
    await shipper.drain();
    expect(shipper.ship(arn, { n: 6 })).toBe(true);
  });
});
