// Sign-in sessions and their refresh tokens are kept until nothing can use them, then deleted, so
// the store does not grow with every sign-in forever. Both are needed while the refresh token lives
// and, after that, while an access or ID token issued from the session may still be presented
// (GetUser checks the session; RevokeToken with the expired refresh token must still end it): at
// most MAX_ID_ACCESS_VALIDITY_SECONDS more. A refresh token presented after its row is gone is
// still answered "Refresh Token has expired" (domain/refresh-tokens.ts reads its sealed expiry).
import type { Deps } from './deps.js';
import { MAX_ID_ACCESS_VALIDITY_SECONDS } from './clients.js';
import { sweepNowAndThen } from './sweep.js';

/** For clocks between processes. */
const MARGIN_MS = 10 * 60_000;
// Up to five rows of each kind deleted per sign-in that writes one: the sweep keeps up, in batches.
const SWEEP_ONE_IN = 100;
const SWEEP_BATCH = 500;

export async function maybeSweepExpiredSessions(deps: Deps, now: number): Promise<void> {
  await sweepNowAndThen(deps, SWEEP_ONE_IN, 'sign-in sessions', async () => {
    const before = now - MAX_ID_ACCESS_VALIDITY_SECONDS * 1000 - MARGIN_MS;
    await deps.store.refreshTokens.deleteExpired(before, SWEEP_BATCH);
    await deps.store.authSessions.deleteExpired(before, SWEEP_BATCH);
  });
}
