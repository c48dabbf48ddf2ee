import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../src/crypto/password.js';

describe('password hasher', () => {
  // Small parameters: these tests are about the queue, not the cost.
  const hasher = createPasswordHasher({ memoryKiB: 1024, iterations: 1, concurrency: 1 });

  it('hashes and verifies many passwords at once through a queue of one, each with its own result', async () => {
    const passwords = Array.from({ length: 6 }, (_, i) => `Passw0rd!${i}`);
    const hashes = await Promise.all(passwords.map((p) => hasher.hash(p, 'pool')));
    expect(new Set(hashes).size).toBe(6);
    const checks = await Promise.all(passwords.map((p, i) => Promise.all([hasher.verify(hashes[i], p, 'pool'), hasher.verify(hashes[(i + 1) % 6], p, 'pool')])));
    expect(checks).toEqual(passwords.map(() => [true, false]));
  });

  it('answers false for a malformed hash and keeps serving the queue afterwards', async () => {
    expect(await hasher.verify('not-a-hash', 'x', 'pool')).toBe(false);
    const hashed = await hasher.hash('Passw0rd!x', 'pool');
    expect(await hasher.verify(hashed, 'Passw0rd!x', 'pool')).toBe(true);
  });

  it('refuses at once with TooManyRequestsException when too many hashes wait, and serves the rest', async () => {
    const bounded = createPasswordHasher({ memoryKiB: 1024, iterations: 1, concurrency: 1, maxQueued: 2 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => bounded.hash(`Passw0rd!${i}`, 'pool')));
    // One runs, two wait, three are refused.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => r.reason.name)).toEqual(['TooManyRequestsException', 'TooManyRequestsException', 'TooManyRequestsException']);
    expect(await bounded.hash('after', 'pool')).toMatch(/^\$argon2id\$/);
  });

  it('counts every IPv6 address of one /64 as one source: a host there may pick any of them', async () => {
    const perSource = createPasswordHasher({ memoryKiB: 1024, iterations: 1, concurrency: 1, maxQueued: 10, maxQueuedPerSource: 1 });
    const hashFrom = (address: string) => perSource.forSource({ address, clientId: 'app' }).hash('Passw0rd!', 'pool');
    const results = await Promise.allSettled([
      hashFrom('192.0.2.1'), // runs
      hashFrom('2001:db8:1:2::a'), // waits: the /64's share
      hashFrom('2001:DB8:1:2:ffff:1:2:3'), // the same /64 (spelt otherwise): refused
      hashFrom('2001:db8:1:3::a'), // another /64: waits
      hashFrom('::ffff:192.0.2.2'), // an IPv4 address as a dual-stack socket reports it: waits
      hashFrom('192.0.2.2'), // the same IPv4 address: refused
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? 'hashed' : r.reason.name))).toEqual([
      'hashed', 'hashed', 'TooManyRequestsException', 'hashed', 'hashed', 'TooManyRequestsException',
    ]);
  });
});
