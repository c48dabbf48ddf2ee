// Single-use markers: SRP and device secret blocks, challenge sessions and TOTP time steps are
// recorded when used, and a second use is refused (across processes: the store decides the race).
// A marker is kept until the thing it guards has expired, plus a margin for clocks between
// processes; then a sweep forgets it, so the table stays small.
import type { Deps } from './deps.js';
import { sweepNowAndThen } from './sweep.js';

const KEEP_AFTER_EXPIRY_MS = 10 * 60_000;
// A sweep deletes at most SWEEP_BATCH markers: with one use in SWEEP_ONE_IN sweeping, up to five
// markers are deleted per marker written, so the table keeps up and no sweep blocks for long.
const SWEEP_ONE_IN = 100;
const SWEEP_BATCH = 500;

/** Marks `id` used until `expiresAt`; false when it had been used already. */
export async function useOnce(deps: Deps, id: string, expiresAt: number): Promise<boolean> {
  const first = await deps.store.consumed.consume(id, expiresAt);
  await sweepNowAndThen(deps, SWEEP_ONE_IN, 'single-use markers', () =>
    deps.store.consumed.deleteExpired(deps.clock.now() - KEEP_AFTER_EXPIRY_MS, SWEEP_BATCH));
  return first;
}
