// Session management as Cognito's user pools offer it. Every sign-in is a token session (one
// auth_sessions row, whose id is the tokens' origin_jti), and a Hosted UI sign-in also an SSO
// session (hosted_sessions): listed with Cognito's members, revoked one at a time (with the
// sessions linked to it on request), token sessions capped per user. The pool's configuration turns tracking on and sets the cap;
// each client's sets how long it reuses an SSO session.
import type { Deps } from './deps.js';
import type { AuthSessionRecord, HostedSessionRecord, Json, PoolRecord, UserRecord } from '../store/store.js';
import { FeatureUnavailableInTierException, InvalidParameterException, OperationNotEnabledException, ResourceNotFoundException } from '../cognito/errors.js';
import { toEpochSeconds } from './pools.js';
import { describeDevice } from './device-description.js';

/** Cognito's SessionId: "tkn" and 25 lowercase letters and digits (migration 0014 derives it the same way in SQL). */
export const tokenSessionId = (originJti: string): string => `tkn${originJti.replace(/-/g, '').slice(0, 25).toLowerCase()}`;

export interface PoolSessionConfiguration {
  UserSessionTracking: 'ENABLED' | 'DISABLED';
  TokenSession: { MaxPerUser: number };
}

// Cognito: a pool that never set its configuration reports tracking DISABLED and 20 sessions per user.
const POOL_DEFAULT: PoolSessionConfiguration = { UserSessionTracking: 'DISABLED', TokenSession: { MaxPerUser: 20 } };
// Cognito: a client that never set its configuration reuses an SSO session for 60 minutes.
const CLIENT_DEFAULT = { SSOSession: { MaxValidityMinutes: 60 } };

export async function poolSessionConfiguration(deps: Deps, poolId: string): Promise<PoolSessionConfiguration> {
  return ((await deps.store.sessionConfigurations.find(poolId, null)) as PoolSessionConfiguration | undefined) ?? POOL_DEFAULT;
}

export async function clientSessionConfiguration(deps: Deps, poolId: string, clientId: string): Promise<Json> {
  return (await deps.store.sessionConfigurations.find(poolId, clientId)) ?? CLIENT_DEFAULT;
}

// Cognito: session management needs the Essentials or Plus feature plan.
function requireTierWithSessions(pool: PoolRecord): void {
  if (pool.config.UserPoolTier === 'LITE') {
    throw new FeatureUnavailableInTierException('The following features need to be disabled for the LITE pricing tier configured: Session management');
  }
}

async function requireTracking(deps: Deps, poolId: string): Promise<void> {
  if ((await poolSessionConfiguration(deps, poolId)).UserSessionTracking !== 'ENABLED') {
    throw new OperationNotEnabledException('User session tracking is not enabled for this user pool.');
  }
}

/** SetUserPoolSessionConfiguration: a full replacement; lowering the cap evicts nothing until the next sign-in. */
export async function setPoolSessionConfiguration(deps: Deps, pool: PoolRecord, config: PoolSessionConfiguration): Promise<PoolSessionConfiguration> {
  requireTierWithSessions(pool);
  const stored: PoolSessionConfiguration = { UserSessionTracking: config.UserSessionTracking, TokenSession: { MaxPerUser: config.TokenSession.MaxPerUser } };
  await deps.store.sessionConfigurations.put(pool.id, null, stored as unknown as Json, deps.clock.now());
  return stored;
}

/** SetUserPoolClientSessionConfiguration: needs tracking on for the pool. */
export async function setClientSessionConfiguration(deps: Deps, pool: PoolRecord, clientId: string, maxValidityMinutes: number): Promise<Json> {
  requireTierWithSessions(pool);
  await requireTracking(deps, pool.id);
  const stored = { SSOSession: { MaxValidityMinutes: maxValidityMinutes } };
  await deps.store.sessionConfigurations.put(pool.id, clientId, stored, deps.clock.now());
  return stored;
}

/** Where the current API request comes from, as a session records it (nothing outside the API). */
export function requestOrigin(deps: Deps): { lastIp?: string; deviceType?: string } {
  const client = deps.requestClient;
  return client ? { lastIp: client.ip, deviceType: describeDevice(client.userAgent) } : {};
}

/** A refresh uses the session: its latest activity, address and device. */
export async function recordSessionUse(deps: Deps, originJti: string): Promise<void> {
  await deps.store.authSessions.touch(originJti, deps.clock.now(), requestOrigin(deps));
}

/**
 * Before a sign-in opens a session: with tracking on, a user at the pool's cap loses the sessions
 * used least recently, so the new one fits.
 */
export async function enforceSessionLimit(deps: Deps, pool: PoolRecord, sub: string, now: number): Promise<void> {
  const config = await poolSessionConfiguration(deps, pool.id);
  if (config.UserSessionTracking !== 'ENABLED') return;
  const active = await deps.store.authSessions.countActiveForUser(sub, now);
  await deps.store.authSessions.revokeLeastRecentlyUsed(sub, now, active - config.TokenSession.MaxPerUser + 1, now);
}

// Cognito: all of a user's sessions in one page of up to 125.
const PAGE_SIZE = 125;

export interface SessionPage {
  sessions: Json[];
  next?: string;
}

function describeSession(session: AuthSessionRecord, currentOriginJti: string | undefined): Json {
  return {
    SessionId: session.sessionId ?? tokenSessionId(session.originJti),
    SessionType: 'TOKEN',
    ClientId: session.clientId,
    CreateDate: toEpochSeconds(session.createdAt),
    LastActiveDate: toEpochSeconds(session.lastActiveAt ?? session.createdAt),
    ...(session.deviceType && { DeviceType: session.deviceType }),
    ...(session.lastIp && { LastIPAddress: session.lastIp }),
    ...(session.originSessionId && { OriginSessionId: session.originSessionId }),
    // Cognito: always false for AdminListUserSessions, which has no access token.
    IsCurrentSession: session.originJti === currentOriginJti,
  };
}

function describeSsoSession(session: HostedSessionRecord): Json {
  return {
    SessionId: session.sessionId!,
    SessionType: 'SSO',
    ...(session.clientId && { ClientId: session.clientId }),
    CreateDate: toEpochSeconds(session.createdAt),
    LastActiveDate: toEpochSeconds(session.lastActiveAt ?? session.createdAt),
    ...(session.deviceType && { DeviceType: session.deviceType }),
    ...(session.lastIp && { LastIPAddress: session.lastIp }),
    // An access token always belongs to a token session.
    IsCurrentSession: false,
  };
}

const isSsoSessionId = (sessionId: string): boolean => sessionId.startsWith('sso');

/** The user's active sessions; `currentOriginJti` marks the caller's own (ListUserSessions). */
export async function listUserSessions(
  deps: Deps, user: UserRecord, afterSessionId: string | undefined, currentOriginJti?: string,
): Promise<SessionPage> {
  await requireTracking(deps, user.poolId);
  const now = deps.clock.now();
  // One listing in SessionId order: "sso…" sorts before "tkn…", so the SSO sessions come first.
  const afterToken = afterSessionId !== undefined && !isSsoSessionId(afterSessionId);
  const sso = afterToken ? { items: [] as HostedSessionRecord[], next: undefined } : await deps.store.hostedSessions.listActiveForUser(user.sub, now, PAGE_SIZE, afterSessionId);
  const ssoViews = sso.items.map(describeSsoSession);
  if (sso.next) return { sessions: ssoViews, next: sso.next };
  const room = PAGE_SIZE - sso.items.length;
  const tokens = await deps.store.authSessions.listActiveForUser(user.sub, now, Math.max(room, 1), afterToken ? afterSessionId : undefined);
  if (room === 0) return { sessions: ssoViews, ...(tokens.items.length > 0 && { next: sso.items[sso.items.length - 1]!.sessionId! }) };
  return { sessions: [...ssoViews, ...tokens.items.map((s) => describeSession(s, currentOriginJti))], next: tokens.next };
}

/**
 * Revokes one of the user's sessions. A token session ends, so its refresh tokens and the access
 * tokens minted in it are refused at once by every process (they all read the session's row); an
 * SSO session is deleted, so the browser holding it signs in again. `linked` (LINKED) also ends
 * the sessions linked to it: a token session's parent SSO session, or an SSO session's token
 * sessions. Another user's session is not found.
 */
export async function revokeUserSession(
  deps: Deps, user: UserRecord, sessionId: string, options: { callerOriginJti?: string; linked?: boolean } = {},
): Promise<void> {
  await requireTracking(deps, user.poolId);
  const now = deps.clock.now();
  if (isSsoSessionId(sessionId)) {
    const sso = await deps.store.hostedSessions.findBySessionId(sessionId);
    if (!sso || sso.sub !== user.sub || sso.expiresAt <= now) throw new ResourceNotFoundException('Session not found.');
    await deps.store.transaction(async (tx) => {
      await tx.hostedSessions.delete(sso.idHash);
      if (options.linked) await tx.authSessions.revokeByOriginSession(sessionId, now);
    });
    return;
  }
  const session = await deps.store.authSessions.findBySessionId(sessionId);
  if (!session || session.sub !== user.sub || session.revokedAt !== null || session.expiresAt <= now) {
    throw new ResourceNotFoundException('Session not found.');
  }
  // Cognito: RevokeUserSession can't end the session its own access token belongs to.
  if (session.originJti === options.callerOriginJti) {
    throw new InvalidParameterException('The session of the access token in this request cannot be revoked with RevokeUserSession.');
  }
  await deps.store.transaction(async (tx) => {
    await tx.authSessions.revoke(session.originJti, now);
    if (options.linked && session.originSessionId) await endSsoSession(tx, session.originSessionId);
  });
}

/** Ends an SSO session by its SessionId, if it still exists (LINKED revocations). */
async function endSsoSession(store: Deps['store'], sessionId: string): Promise<void> {
  const sso = await store.hostedSessions.findBySessionId(sessionId);
  if (sso) await store.hostedSessions.delete(sso.idHash);
}

/**
 * RevokeToken with LINKED: the parent SSO session of the revoked token session ends too (Cognito:
 * no effect while session tracking is off, or when the token session came through none).
 */
export async function revokeLinkedSsoSession(deps: Deps, poolId: string, originSessionId: string | null | undefined): Promise<void> {
  if (!originSessionId) return;
  if ((await poolSessionConfiguration(deps, poolId)).UserSessionTracking !== 'ENABLED') return;
  await endSsoSession(deps.store, originSessionId);
}
