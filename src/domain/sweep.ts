// Deleting what has expired, now and then, on the request path: no background job to run, and every
// process of a PostgreSQL deployment takes its share. A failed sweep is logged and never fails the
// request that happened to run it (a busy database must not cost a user a spent single-use code).
import type { Deps } from './deps.js';

/** One call in `oneIn` runs `sweep`. */
export async function sweepNowAndThen(deps: Deps, oneIn: number, what: string, sweep: () => Promise<void>): Promise<void> {
  if (Math.random() * oneIn >= 1) return;
  try {
    await sweep();
  } catch (error) {
    deps.log.warn({ err: error, what }, 'expiry sweep failed; the next one retries');
  }
}
