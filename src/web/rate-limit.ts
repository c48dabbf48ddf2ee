// A per-IP limit on sign-in form posts, on top of the per-user lockout (which a guesser spreading
// attempts over many usernames never reaches). Fixed one-minute windows, in memory, per process;
// the table is bounded: when full, expired windows are swept and, failing that, it is reset.
import type { Clock } from '../clock.js';

const MAX_KEYS = 50_000;

export interface RateLimiter {
  /** Counts one attempt; false when the key is over its limit for the current window. */
  allow(key: string): boolean;
  /** Whether the key is over its limit in the current window, without counting an attempt. */
  isLimited(key: string): boolean;
}

export function createRateLimiter(clock: Clock, perMinute: number): RateLimiter {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return {
    allow(key) {
      const now = clock.now();
      let window = windows.get(key);
      if (!window || now - window.startedAt >= 60_000) {
        if (windows.size >= MAX_KEYS) {
          for (const [k, w] of windows) if (now - w.startedAt >= 60_000) windows.delete(k);
          if (windows.size >= MAX_KEYS) windows.clear();
        }
        window = { startedAt: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return window.count <= perMinute;
    },
    isLimited(key) {
      const window = windows.get(key);
      return window !== undefined && clock.now() - window.startedAt < 60_000 && window.count >= perMinute;
    },
  };
}
