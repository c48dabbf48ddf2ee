// The Hosted UI sign-in session: the `cognito` cookie holds a random id, the store its SHA-256.
// It lets /oauth2/authorize sign a returning user in without the password for one hour
// (Cognito's fixed session length), until /logout deletes it on both sides. At the server's own
// origin, where every pool shares the host and the paths, the cookie is named after its pool, so one
// pool's sign-in neither reaches nor ends another's.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import type { HostedSessionRecord, PoolRecord, UserRecord } from '../store/store.js';
import { newOpaqueToken } from '../crypto/random.js';
import { sha256Hex } from '../crypto/digest.js';
import { clearCookie, readCookie, setCookie } from './cookies.js';
import { sweepNowAndThen } from '../domain/sweep.js';

export const SESSION_COOKIE = 'cognito';
export const SESSION_TTL_SECONDS = 3600;

/** Where a pool's sessions live in this browser: the pool, its pages' base path, and whether its origin is shared. */
export interface SessionScope {
  pool: PoolRecord;
  basePath: string;
  sharedOrigin: boolean;
}

const cookieName = (scope: SessionScope): string => (scope.sharedOrigin ? `${SESSION_COOKIE}-${scope.pool.id}` : SESSION_COOKIE);

export async function startHostedSession(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: SessionScope,
  user: UserRecord,
): Promise<HostedSessionRecord> {
  // A sign-in replaces the browser's previous session (no fixation of an older id).
  await endHostedSession(deps, request, reply, scope);
  const id = newOpaqueToken();
  const now = deps.clock.now();
  // About one sign-in in 50 also deletes expired sessions.
  await sweepNowAndThen(deps, 50, 'Hosted UI sessions', () => deps.store.hostedSessions.deleteExpired(now));
  const session: HostedSessionRecord = {
    idHash: sha256Hex(id), poolId: scope.pool.id, sub: user.sub, authTime: Math.floor(now / 1000),
    createdAt: now, expiresAt: now + SESSION_TTL_SECONDS * 1000,
  };
  await deps.store.hostedSessions.insert(session);
  setCookie(deps, request, reply, cookieName(scope), id, { path: scope.basePath || '/', maxAgeSeconds: SESSION_TTL_SECONDS });
  return session;
}

/** The live session of this browser for this pool, with its user (enabled and confirmed). */
export async function findHostedSession(deps: Deps, request: FastifyRequest, scope: SessionScope): Promise<{ session: HostedSessionRecord; user: UserRecord } | undefined> {
  const id = readCookie(request, cookieName(scope));
  if (!id) return undefined;
  const session = await deps.store.hostedSessions.find(sha256Hex(id));
  if (!session || session.poolId !== scope.pool.id || session.expiresAt <= deps.clock.now()) return undefined;
  const user = await deps.store.users.findBySub(session.sub);
  if (!user || !user.enabled || user.status !== 'CONFIRMED') return undefined;
  return { session, user };
}

export async function endHostedSession(deps: Deps, request: FastifyRequest, reply: FastifyReply, scope: SessionScope): Promise<void> {
  const id = readCookie(request, cookieName(scope));
  if (id) {
    await deps.store.hostedSessions.delete(sha256Hex(id));
    clearCookie(deps, request, reply, cookieName(scope), scope.basePath || '/');
  }
}
