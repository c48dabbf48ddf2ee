// Sign-in sessions and refresh tokens are kept until nothing can use them, then deleted, so the
// store does not grow with every sign-in forever. A session is needed while its refresh token
// lives and, after that, while an access or ID token issued from it may still be presented
// (GetUser checks the session): at most MAX_ID_ACCESS_VALIDITY_SECONDS. One sign-in in
// SWEEP_ONE_IN runs the sweep (index range deletes on expires_at).
import type { Deps } from '../deps.js';
import { MAX_ID_ACCESS_VALIDITY_SECONDS } from './clients.js';

const SWEEP_ONE_IN = 1000;
/** For clocks between processes. */
const MARGIN_MS = 10 * 60_000;

export async function maybeSweepExpiredSessions(deps: Deps, now: number): Promise<void> {
  if (Math.random() * SWEEP_ONE_IN >= 1) return;
  await deps.store.refreshTokens.deleteExpired(now - MARGIN_MS);
  await deps.store.authSessions.deleteExpired(now - MAX_ID_ACCESS_VALIDITY_SECONDS * 1000 - MARGIN_MS);
}
