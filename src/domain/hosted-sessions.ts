// The Hosted UI sign-in session (Cognito's SSO session): a random id the browser keeps
// (web/session-cookie.ts), whose SHA-256 the store keeps, with Cognito's SessionId ("sso…") for
// ListUserSessions and RevokeUserSession. It lets /oauth2/authorize sign a returning user in
// without the password while the app client's SSOSession.MaxValidityMinutes (default 60) since the
// sign-in allows, until /logout deletes it or a revocation ends it.
import type { Deps } from './deps.js';
import type { HostedSessionRecord, PoolRecord, UserRecord } from '../store/store.js';
import { newOpaqueToken, newSessionSuffix } from '../crypto/random.js';
import { sha256Hex } from '../crypto/digest.js';
import { sweepNowAndThen } from './sweep.js';
import { clientSessionConfiguration, requestOrigin } from './user-sessions.js';

/** Cognito's default SSOSession.MaxValidityMinutes: the classic Hosted UI's one-hour session. */
const DEFAULT_VALIDITY_MINUTES = 60;

const validityMinutesOf = (config: unknown): number => {
  const minutes = (config as { SSOSession?: { MaxValidityMinutes?: unknown } } | undefined)?.SSOSession?.MaxValidityMinutes;
  return typeof minutes === 'number' ? minutes : DEFAULT_VALIDITY_MINUTES;
};

/**
 * How long a new session lives: as long as the pool's most lenient app client may reuse it (at
 * least the default hour). Cognito: the session and its cookie exist whatever one client's setting,
 * and other clients of the pool reuse it within theirs.
 */
async function sessionLifetimeMs(deps: Deps, pool: PoolRecord): Promise<number> {
  const minutes = (await deps.store.sessionConfigurations.listForClients(pool.id)).map(validityMinutesOf);
  return Math.max(DEFAULT_VALIDITY_MINUTES, ...minutes) * 60_000;
}

/** Seconds the browser keeps the cookie of `session`. */
export const cookieSecondsOf = (session: HostedSessionRecord): number => Math.max(1, Math.round((session.expiresAt - session.createdAt) / 1000));

/** A new session for `user`, signed in through app client `clientId`; answers the id the browser is to keep. */
export async function startHostedSession(deps: Deps, pool: PoolRecord, user: UserRecord, clientId: string): Promise<{ id: string; session: HostedSessionRecord }> {
  const id = newOpaqueToken();
  const now = deps.clock.now();
  // About one sign-in in 50 also deletes expired sessions.
  await sweepNowAndThen(deps, 50, 'Hosted UI sessions', () => deps.store.hostedSessions.deleteExpired(now));
  const session: HostedSessionRecord = {
    idHash: sha256Hex(id), poolId: pool.id, sub: user.sub, authTime: Math.floor(now / 1000),
    createdAt: now, expiresAt: now + (await sessionLifetimeMs(deps, pool)),
    sessionId: `sso${newSessionSuffix()}`, clientId, lastActiveAt: now, ...requestOrigin(deps),
  };
  await deps.store.hostedSessions.insert(session);
  return { id, session };
}

/** Ends the browser's previous session (no fixation of an older id) and starts one for `user`. */
export async function renewHostedSession(
  deps: Deps, pool: PoolRecord, user: UserRecord, clientId: string, previousId: string | undefined,
): Promise<{ id: string; session: HostedSessionRecord }> {
  if (previousId) await endHostedSession(deps, previousId);
  return startHostedSession(deps, pool, user, clientId);
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

/**
 * The session app client `clientId` may sign the browser in from without asking again: live, and
 * within the client's SSOSession.MaxValidityMinutes of the sign-in (Cognito: 0 means never). The
 * reuse is recorded as the session's latest activity.
 */
export async function reusableHostedSession(
  deps: Deps, pool: PoolRecord, clientId: string, id: string | undefined,
): Promise<{ session: HostedSessionRecord; user: UserRecord } | undefined> {
  const found = await findHostedSession(deps, pool, id);
  if (!found) return undefined;
  const minutes = validityMinutesOf(await clientSessionConfiguration(deps, pool.id, clientId));
  const now = deps.clock.now();
  if (found.session.authTime * 1000 + minutes * 60_000 <= now) return undefined;
  await deps.store.hostedSessions.touch(found.session.idHash, now, requestOrigin(deps));
  return found;
}

export async function endHostedSession(deps: Deps, id: string): Promise<void> {
  await deps.store.hostedSessions.delete(sha256Hex(id));
}
