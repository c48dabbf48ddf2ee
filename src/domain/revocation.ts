// Signing out: GlobalSignOut revokes every sign-in of a user; RevokeToken revokes one refresh
// token and the sign-in (auth session, origin_jti) it belongs to, so the access and ID tokens
// minted from it stop working at once. /oauth2/revoke shares revokeRefreshToken.
import type { Deps } from './deps.js';
import type { ClientRecord } from '../store/store.js';
import { NotAuthorizedException, UnauthorizedException, UnsupportedOperationException, UnsupportedTokenTypeException } from '../cognito/errors.js';
import { sha256Hex } from '../crypto/digest.js';
import { hasClientSecret, isClientSecret } from './client-secrets.js';
import { revokeLinkedSsoSession } from './user-sessions.js';

export async function globalSignOut(deps: Deps, sub: string): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.authSessions.revokeAllForUser(sub, now);
    await tx.refreshTokens.revokeAllForUser(sub, now);
  });
}

/** A confidential client must present one of its secrets; compared in constant time. */
export function authenticateClient(deps: Deps, client: ClientRecord, presented: string | undefined): void {
  if (hasClientSecret(client) && !isClientSecret(deps, client, presented)) throw new UnauthorizedException('Invalid client secret.');
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Revokes a refresh token issued to `client` and its sign-in. An unknown or already revoked token
 * is a success (RFC 7009 §2.2); a token of another client is refused.
 */
export async function revokeRefreshToken(deps: Deps, client: ClientRecord, token: string, options: { linked?: boolean } = {}): Promise<void> {
  if (client.config.EnableTokenRevocation === false) {
    throw new UnsupportedOperationException('Token revocation is not enabled for this app client.');
  }
  // Our refresh tokens are opaque; a JWT here is an access or ID token.
  if (JWT_SHAPE.test(token)) throw new UnsupportedTokenTypeException('Only refresh tokens can be revoked.');
  const found = await deps.store.refreshTokens.findWithSession(sha256Hex(token));
  if (!found) return;
  const record = found.token;
  if (record.clientId !== client.id) throw new NotAuthorizedException('Invalid Refresh Token');
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.refreshTokens.revoke(record.tokenHash, now);
    await tx.authSessions.revoke(record.originJti, now);
  });
  if (options.linked) await revokeLinkedSsoSession(deps, record.poolId, found.session?.originSessionId);
}
