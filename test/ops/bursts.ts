// Bursts of requests against a request-rate quota: how many passed and how many were throttled,
// and the bounds a token bucket full at the start puts on them. Shared by the quota tests.
import { expect } from 'vitest';

export interface BurstResult<T> {
  passed: number;
  throttled: number;
  seconds: number;
  /** What each request answered, in the order sent. */
  answers: Array<PromiseSettledResult<T>>;
}

/** An AWS SDK call's outcome: answered, or refused with TooManyRequestsException; anything else fails the test. */
export function sdkOutcome(answer: PromiseSettledResult<unknown>): 'passed' | 'throttled' {
  if (answer.status === 'fulfilled') return 'passed';
  if (answer.reason?.name === 'TooManyRequestsException') return 'throttled';
  throw answer.reason;
}

/** Sends `n` requests at once and sorts their answers with `outcome` (which throws on an unexpected one). */
export async function burst<T>(
  n: number,
  send: () => Promise<T>,
  outcome: (answer: PromiseSettledResult<T>) => 'passed' | 'throttled' = sdkOutcome,
): Promise<BurstResult<T>> {
  const startedAt = performance.now();
  const answers = await Promise.allSettled(Array.from({ length: n }, send));
  const seconds = (performance.now() - startedAt) / 1000;
  const passed = answers.filter((answer) => outcome(answer) === 'passed').length;
  return { passed, throttled: n - passed, seconds, answers };
}

/**
 * A burst from a full bucket passes one second's worth (`rate`), plus what refilled while it ran
 * (the server's clock is real time), and the rest is throttled.
 */
export function expectLimitedTo(result: { passed: number; throttled: number; seconds: number }, rate: number): void {
  expect(result.passed).toBeGreaterThanOrEqual(rate);
  expect(result.passed).toBeLessThanOrEqual(Math.floor(rate + result.seconds * rate));
  expect(result.throttled).toBeGreaterThan(0);
}
