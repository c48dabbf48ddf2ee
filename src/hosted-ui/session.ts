// The Hosted UI sign-in session: the `cognito` cookie holds a random id, the store its SHA-256.
// It lets /oauth2/authorize sign a returning user in without the password for one hour
// (Cognito's fixed session length), until /logout deletes it on both sides.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import type { HostedSessionRecord, PoolRecord, UserRecord } from '../store/store.js';
import { newOpaqueToken } from '../crypto/random.js';
import { sha256Hex } from '../crypto/digest.js';
import { clearCookie, readCookie, setCookie } from './cookies.js';
import { sweepNowAndThen } from '../domain/sweep.js';

export const SESSION_COOKIE = 'cognito';
export const SESSION_TTL_SECONDS = 3600;

export async function startHostedSession(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  basePath: string,
  pool: PoolRecord,
  user: UserRecord,
): Promise<HostedSessionRecord> {
  // A sign-in replaces the browser's previous session (no fixation of an older id).
  await endHostedSession(deps, request, reply, basePath);
  const id = newOpaqueToken();
  const now = deps.clock.now();
  // About one sign-in in 50 also deletes expired sessions.
  await sweepNowAndThen(deps, 50, 'Hosted UI sessions', () => deps.store.hostedSessions.deleteExpired(now));
  const session: HostedSessionRecord = {
    idHash: sha256Hex(id), poolId: pool.id, sub: user.sub, authTime: Math.floor(now / 1000),
    createdAt: now, expiresAt: now + SESSION_TTL_SECONDS * 1000,
  };
  await deps.store.hostedSessions.insert(session);
  setCookie(deps, request, reply, SESSION_COOKIE, id, { path: basePath || '/', maxAgeSeconds: SESSION_TTL_SECONDS });
  return session;
}

/** The live session of this browser for this pool, with its user (enabled and confirmed). */
export async function findHostedSession(deps: Deps, request: FastifyRequest, pool: PoolRecord): Promise<{ session: HostedSessionRecord; user: UserRecord } | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await deps.store.hostedSessions.find(sha256Hex(id));
  if (!session || session.poolId !== pool.id || session.expiresAt <= deps.clock.now()) return undefined;
  const user = await deps.store.users.findBySub(session.sub);
  if (!user || !user.enabled || user.status !== 'CONFIRMED') return undefined;
  return { session, user };
}

export async function endHostedSession(deps: Deps, request: FastifyRequest, reply: FastifyReply, basePath: string): Promise<void> {
  const id = readCookie(request, SESSION_COOKIE);
  if (id) {
    await deps.store.hostedSessions.delete(sha256Hex(id));
    clearCookie(deps, request, reply, SESSION_COOKIE, basePath || '/');
  }
}
