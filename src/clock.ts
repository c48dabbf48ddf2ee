// Time as every layer reads it: tests pass their own clock and advance it instead of sleeping.
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
