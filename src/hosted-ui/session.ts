// Signing a browser in after the Hosted UI's pages: a new sign-in session, which replaces the
// browser's previous one for this pool (no fixation of an older id).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { HostedSessionRecord, PoolRecord, UserRecord } from '../store/store.js';
import { cookieSecondsOf, endHostedSession, startHostedSession } from '../domain/hosted-sessions.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie, type SessionScope } from '../web/session-cookie.js';

export async function signInBrowser(
  deps: Deps, request: FastifyRequest, reply: FastifyReply, scope: SessionScope & { pool: PoolRecord }, user: UserRecord, clientId: string,
): Promise<HostedSessionRecord> {
  const previous = readSessionCookie(request, scope);
  if (previous) {
    await endHostedSession(deps, previous);
    clearSessionCookie(deps, request, reply, scope);
  }
  const { id, session } = await startHostedSession(deps, scope.pool, user, clientId);
  setSessionCookie(deps, request, reply, scope, id, cookieSecondsOf(session));
  return session;
}
