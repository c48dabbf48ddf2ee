// Lockout on Cognito's schedule: from the 5th consecutive failure (a wrong password, SRP proof or
// MFA code) the user is locked for 2^(n-5) s, at most 15 min; attempts during a lock get "Password
// attempts exceeded" and do not count; failures are forgotten after 15 min without one.
import type { Deps } from '../deps.js';
import type { UserRecord } from '../../store/store.js';
import { NotAuthorizedException } from '../../cognito/errors.js';

const LOCK_THRESHOLD = 5;
const LOCK_MAX_MS = 15 * 60_000;
const FAILURE_MEMORY_MS = 15 * 60_000;

function failuresSoFar(user: UserRecord, now: number): number {
  return user.lastFailedAt !== null && now - user.lastFailedAt > FAILURE_MEMORY_MS ? 0 : user.failedAttempts;
}

export const isLocked = (deps: Deps, user: UserRecord): boolean => user.lockedUntil !== null && user.lockedUntil > deps.clock.now();

export function checkNotLocked(deps: Deps, user: UserRecord): void {
  if (isLocked(deps, user)) throw new NotAuthorizedException('Password attempts exceeded');
}

export async function recordFailedSignIn(deps: Deps, user: UserRecord): Promise<void> {
  const now = deps.clock.now();
  // Counted in the store, atomically: a read-modify-write here let parallel guesses share one count.
  const failures = await deps.store.users.addFailedSignIn(user.sub, now, now - FAILURE_MEMORY_MS);
  if (failures >= LOCK_THRESHOLD) {
    deps.metrics.lockout();
    // Parallel guesses finish in any order: the 5th failure's short lock must not overwrite the 20th's.
    await deps.store.users.extendLock(user.sub, now + Math.min(1000 * 2 ** Math.min(failures - LOCK_THRESHOLD, 20), LOCK_MAX_MS));
  }
}

export async function recordSuccessfulSignIn(deps: Deps, user: UserRecord): Promise<void> {
  if (failuresSoFar(user, deps.clock.now()) !== 0 || user.lockedUntil !== null) {
    await deps.store.users.update(user.sub, { failedAttempts: 0, lastFailedAt: null, lockedUntil: null });
  }
}
