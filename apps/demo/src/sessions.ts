// Server-side sessions: the browser holds only a random id in an HttpOnly, SameSite=Lax cookie;
// tokens stay here, in memory (a restart signs everyone out of the demo, which is fine for a demo).
import type { PendingSignIn, TokenSet } from './oidc.js';
import { randomToken } from './oidc.js';
import type { Claims } from './token-verifier.js';

export interface Session {
  /** Between sending the browser to the Hosted UI and its return. */
  pending?: PendingSignIn;
  /** Signed in: the tokens, the ID token's claims, and when the access token expires (ms). */
  tokens?: TokenSet;
  claims?: Claims;
  accessExpiresAt?: number;
  /** A refresh of the tokens in flight (session-tokens.ts). */
  refreshing?: Promise<void>;
  expiresAt: number;
}

const TTL_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;
export const COOKIE = 'demo_session';

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  get(id: string | undefined, now = Date.now()): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (session && session.expiresAt <= now) this.sessions.delete(id);
    return session && session.expiresAt > now ? session : undefined;
  }

  /** A fresh id for every new state of trust (start of sign-in, signed in): no fixation. */
  create(data: Omit<Session, 'expiresAt'>, now = Date.now()): string {
    if (this.sessions.size >= MAX_SESSIONS) {
      for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
      // Still full: drop the oldest (Map iterates in insertion order).
      while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    }
    const id = randomToken();
    this.sessions.set(id, { ...data, expiresAt: now + TTL_MS });
    return id;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export function sessionCookie(id: string, secure: boolean): string {
  return `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}; Max-Age=${TTL_MS / 1000}`;
}

export function clearedCookie(secure: boolean): string {
  return `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}; Max-Age=0`;
}
