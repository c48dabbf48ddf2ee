// The Hosted UI sign-in session: a random id the browser keeps (web/session-cookie.ts), whose
// SHA-256 the store keeps. It lets /oauth2/authorize sign a returning user in without the password
// for one hour (Cognito's fixed session length), until /logout deletes it.
import type { Deps } from './deps.js';
import type { HostedSessionRecord, PoolRecord, UserRecord } from '../store/store.js';
import { newOpaqueToken } from '../crypto/random.js';
import { sha256Hex } from '../crypto/digest.js';
import { sweepNowAndThen } from './sweep.js';

export const SESSION_TTL_SECONDS = 3600;

/** A new session for `user`; answers the id the browser is to keep. */
export async function startHostedSession(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<{ id: string; session: HostedSessionRecord }> {
  const id = newOpaqueToken();
  const now = deps.clock.now();
  // About one sign-in in 50 also deletes expired sessions.
  await sweepNowAndThen(deps, 50, 'Hosted UI sessions', () => deps.store.hostedSessions.deleteExpired(now));
  const session: HostedSessionRecord = {
    idHash: sha256Hex(id), poolId: pool.id, sub: user.sub, authTime: Math.floor(now / 1000),
    createdAt: now, expiresAt: now + SESSION_TTL_SECONDS * 1000,
  };
  await deps.store.hostedSessions.insert(session);
  return { id, session };
}

/** Ends the browser's previous session (no fixation of an older id) and starts one for `user`. */
export async function renewHostedSession(deps: Deps, pool: PoolRecord, user: UserRecord, previousId: string | undefined): Promise<{ id: string; session: HostedSessionRecord }> {
  if (previousId) await endHostedSession(deps, previousId);
  return startHostedSession(deps, pool, user);
}

/** The live session with this id for this pool, with its user (enabled, and confirmed or federated). */
export async function findHostedSession(deps: Deps, pool: PoolRecord, id: string | undefined): Promise<{ session: HostedSessionRecord; user: UserRecord } | undefined> {
  if (!id) return undefined;
  const session = await deps.store.hostedSessions.find(sha256Hex(id));
  if (!session || session.poolId !== pool.id || session.expiresAt <= deps.clock.now()) return undefined;
  const user = await deps.store.users.findBySub(session.sub);
  if (!user || !user.enabled || (user.status !== 'CONFIRMED' && user.status !== 'EXTERNAL_PROVIDER')) return undefined;
  return { session, user };
}

export async function endHostedSession(deps: Deps, id: string): Promise<void> {
  await deps.store.hostedSessions.delete(sha256Hex(id));
}
