// Single-use markers: SRP and device secret blocks, challenge sessions and TOTP time steps are
// recorded when used, and a second use is refused (across processes: the store decides the race).
// A marker is kept until the thing it guards has expired, plus a margin for clocks between
// processes; then a sweep (one call in SWEEP_ONE_IN) forgets it, so the table stays small.
import type { Deps } from '../deps.js';

const SWEEP_ONE_IN = 500;
const KEEP_AFTER_EXPIRY_MS = 10 * 60_000;

/** Marks `id` used until `expiresAt`; false when it had been used already. */
export async function useOnce(deps: Deps, id: string, expiresAt: number): Promise<boolean> {
  const first = await deps.store.consumed.consume(id, expiresAt);
  if (Math.random() * SWEEP_ONE_IN < 1) await deps.store.consumed.deleteExpired(deps.clock.now() - KEEP_AFTER_EXPIRY_MS);
  return first;
}
