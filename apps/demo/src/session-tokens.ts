// A signed-in session's tokens: verified when they arrive, and the access token kept usable with
// the refresh token, refreshed shortly before it expires by this app's clock, or when the identity
// server refuses it (its clock may run ahead; a revoked token's refresh is refused as well, and
// then the session has ended).
import type { DemoConfig } from './config.js';
import { refreshTokens, SignInError, type TokenSet } from './oidc.js';
import type { Session } from './sessions.js';
import type { TokenVerifier } from './token-verifier.js';

/** Refresh this long before the access token expires, so that it never expires in flight. */
const REFRESH_MARGIN_MS = 60_000;

export type SignedIn = Required<Pick<Session, 'tokens' | 'claims' | 'accessExpiresAt'>>;

export interface SessionTokens {
  /** Checks a sign-in's (or a refresh's) tokens: what the session keeps. */
  accept(tokens: TokenSet, expected: { nonce?: string; sub?: unknown }): Promise<SignedIn>;
  /** Runs `call` with the session's access token, refreshing it when it has expired or is refused. */
  withAccessToken<T>(session: Session, call: (accessToken: string) => Promise<T>): Promise<T>;
}

const isRefusedToken = (error: unknown) => (error as { name?: string }).name === 'NotAuthorizedException';

export function createSessionTokens(config: DemoConfig, verifier: TokenVerifier, now: () => number): SessionTokens {
  const accept: SessionTokens['accept'] = async (tokens, expected) => {
    const claims = await verifier.idToken(tokens.idToken, expected);
    const access = await verifier.accessToken(tokens.accessToken);
    if (access.sub !== claims.sub) throw new SignInError('the access token and the ID token are for different users');
    // expires_in is measured by the server from now, so another clock's skew does not matter.
    const accessExpiresAt = tokens.expiresInSeconds !== undefined ? now() + tokens.expiresInSeconds * 1000 : Number(access.exp) * 1000;
    return { tokens, claims, accessExpiresAt };
  };

  // One refresh per session at a time: pages loading together wait for the same new tokens.
  const refresh = (session: Session): Promise<void> => {
    session.refreshing ??= (async () => {
      const refreshToken = session.tokens!.refreshToken!;
      const fresh = await refreshTokens(config, refreshToken);
      Object.assign(session, await accept({ ...fresh, refreshToken: fresh.refreshToken ?? refreshToken }, { sub: session.claims?.sub }));
    })().finally(() => {
      session.refreshing = undefined;
    });
    return session.refreshing;
  };

  return {
    accept,
    async withAccessToken(session, call) {
      const canRefresh = Boolean(session.tokens?.refreshToken);
      let refreshed = false;
      if (canRefresh && (session.accessExpiresAt ?? 0) - REFRESH_MARGIN_MS <= now()) {
        await refresh(session);
        refreshed = true;
      }
      try {
        return await call(session.tokens!.accessToken);
      } catch (error) {
        if (refreshed || !canRefresh || !isRefusedToken(error)) throw error;
        // If the refresh is refused too, the first refusal says why ("… has been revoked").
        await refresh(session).catch((refreshError: unknown) => {
          throw refreshError instanceof SignInError ? error : refreshError;
        });
        return call(session.tokens!.accessToken);
      }
    },
  };
}
