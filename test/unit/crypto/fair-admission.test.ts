import { describe, expect, it } from 'vitest';
import { createFairAdmission, type WorkOwner } from '../../../src/crypto/fair-admission.js';

/** Tasks that finish only when the test says so, recording the order in which they started. */
function harness(options: { maxWaiting: number; maxWaitingPerSource: number }) {
  const admit = createFairAdmission({ concurrency: 1, ...options, refusal: () => new Error('refused') });
  const started: string[] = [];
  const finishers: Array<() => void> = [];
  const outcomes = new Map<string, string>();
  const submit = (name: string, owner: WorkOwner) => {
    const run = admit(owner, () => {
      started.push(name);
      return new Promise<void>((resolve) => finishers.push(resolve));
    });
    run.then(() => outcomes.set(name, 'done'), (error: Error) => outcomes.set(name, error.message));
  };
  /** Finishes the running task and lets the next one start. */
  const finishOne = async () => {
    finishers.shift()!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { submit, started, outcomes, finishOne };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('fair admission of password work', () => {
  it('serves waiting work round-robin between pools, then between sources of a pool', async () => {
    const h = harness({ maxWaiting: 10, maxWaitingPerSource: 10 });
    h.submit('running', { pool: 'p1', source: 'a' });
    for (const name of ['a1', 'a2', 'a3']) h.submit(name, { pool: 'p1', source: 'a' });
    h.submit('b1', { pool: 'p1', source: 'b' });
    h.submit('q1', { pool: 'p2', source: 'a' });
    await settle();
    for (let i = 0; i < 5; i++) await h.finishOne();
    expect(h.started).toEqual(['running', 'a1', 'q1', 'b1', 'a2', 'a3']);
  });

  /** Source a of pool p sends four tasks (one runs), then source b one. */
  const aThenB = async (h: ReturnType<typeof harness>) => {
    for (const name of ['r', 'a1', 'a2', 'a3']) h.submit(name, { pool: 'p', source: 'a' });
    h.submit('b1', { pool: 'p', source: 'b' });
    await settle();
  };

  it('refuses at once a source that already has its share waiting', async () => {
    const h = harness({ maxWaiting: 10, maxWaitingPerSource: 2 });
    await aThenB(h);
    expect(h.outcomes.get('a3')).toBe('refused');
    expect(h.outcomes.has('b1')).toBe(false);
  });

  it('when the line is full, a smaller share takes the place of the largest share\'s newest work', async () => {
    const h = harness({ maxWaiting: 3, maxWaitingPerSource: 3 });
    await aThenB(h);
    expect(h.outcomes.get('a3')).toBe('refused');
    // Another pool against a pool holding the whole line.
    h.submit('q1', { pool: 'q', source: 'a' });
    await settle();
    expect(h.outcomes.get('a2')).toBe('refused');
    // Now every share is as small as the newcomer's would be: the newcomer is refused.
    h.submit('b2', { pool: 'p', source: 'b' });
    await settle();
    expect(h.outcomes.get('b2')).toBe('refused');
    for (let i = 0; i < 4; i++) await h.finishOne();
    expect(h.started).toEqual(['r', 'a1', 'q1', 'b1']);
    expect([...h.outcomes].filter(([, outcome]) => outcome === 'done').map(([name]) => name).sort()).toEqual(['a1', 'b1', 'q1', 'r']);
  });
});
