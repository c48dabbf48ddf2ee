// The console sign-in session. The cookie (HttpOnly, SameSite=Strict, Path=/admin, Secure over
// https) holds a random id; the store keeps only its SHA-256 with an idle and an absolute expiry,
// so a sign-out or an expiry holds in every process sharing the database. The CSRF token of every
// console form is bound to the session: an HMAC of its id under a key derived from the server's
// key-encryption key, so it needs no storage and dies with the session.
import { createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { AdminSessionRecord } from '../store/store.js';
import { newOpaqueToken } from '../crypto/random.js';
import { constantTimeEqual, sha256Hex } from '../crypto/digest.js';
import { clearCookie, readCookie, setCookie } from '../web/cookies.js';
import { sweepNowAndThen } from '../domain/sweep.js';

export const CONSOLE_PATH = '/admin';
export const SESSION_COOKIE = 'gatehouse_admin';
const IDLE_TIMEOUT_MS = 30 * 60_000;
const ABSOLUTE_TIMEOUT_MS = 12 * 3600_000;
/** A session's expiry is moved on at most once a minute: not a write per page view. */
const TOUCH_EVERY_MS = 60_000;

export interface ConsoleSession {
  record: AdminSessionRecord;
  /** The session's CSRF token, repeated by every form in its `_csrf` field. */
  csrf: string;
}

const csrfFor = (deps: Deps, id: string): string =>
  createHmac('sha256', deps.secrets.keyEncryptionKey).update(`gatehouse-admin-console-csrf\0${id}`).digest('base64url');

export async function startConsoleSession(deps: Deps, request: FastifyRequest, reply: FastifyReply, actor: string): Promise<void> {
  // A sign-in replaces the browser's previous session (no fixation of an older id).
  await endConsoleSession(deps, request, reply);
  const id = newOpaqueToken();
  const now = deps.clock.now();
  // About one sign-in in 20 also deletes expired sessions.
  await sweepNowAndThen(deps, 20, 'console sessions', () => deps.store.adminSessions.deleteExpired(now));
  await deps.store.adminSessions.insert({ idHash: sha256Hex(id), actor, createdAt: now, lastSeenAt: now, expiresAt: now + IDLE_TIMEOUT_MS });
  setCookie(deps, request, reply, SESSION_COOKIE, id, { path: CONSOLE_PATH, maxAgeSeconds: ABSOLUTE_TIMEOUT_MS / 1000, sameSite: 'Strict' });
}

/** The live session of this browser (idle and absolute expiry checked), moving its idle expiry on. */
export async function findConsoleSession(deps: Deps, request: FastifyRequest): Promise<ConsoleSession | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return undefined;
  const idHash = sha256Hex(id);
  const record = await deps.store.adminSessions.find(idHash);
  const now = deps.clock.now();
  if (!record || record.expiresAt <= now || record.createdAt + ABSOLUTE_TIMEOUT_MS <= now) return undefined;
  if (now - record.lastSeenAt >= TOUCH_EVERY_MS) {
    record.lastSeenAt = now;
    record.expiresAt = Math.min(now + IDLE_TIMEOUT_MS, record.createdAt + ABSOLUTE_TIMEOUT_MS);
    await deps.store.adminSessions.touch(idHash, record.lastSeenAt, record.expiresAt);
  }
  return { record, csrf: csrfFor(deps, id) };
}

export const isValidCsrf = (session: ConsoleSession, token: string | undefined): boolean =>
  token !== undefined && constantTimeEqual(session.csrf, token);

export async function endConsoleSession(deps: Deps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return;
  await deps.store.adminSessions.delete(sha256Hex(id));
  clearCookie(deps, request, reply, SESSION_COOKIE, CONSOLE_PATH, 'Strict');
}
