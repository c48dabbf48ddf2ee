// Redeeming a refresh token, for REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken and
// grant_type=refresh_token alike: the token must be this client's, unrevoked and unexpired, its
// sign-in session live and its user enabled, and, once a rotation replaced it, still within the
// client's grace period. Refused with Cognito's messages (the token endpoint turns them into invalid_grant).
import type { Deps } from './deps.js';
import type { AuthSessionRecord, ClientRecord, PoolRecord, RefreshTokenRecord, UserRecord } from '../store/store.js';
import { NotAuthorizedException, RefreshTokenReuseException } from '../cognito/errors.js';
import { sha256Hex } from '../crypto/digest.js';
import { readRefreshToken } from '../tokens/refresh-token.js';

const EXPIRED = 'Refresh Token has expired';

/** A genuine token of this client whose record the expiry sweep has deleted (domain/session-sweep.ts). */
function expiredAndSwept(deps: Deps, pool: PoolRecord, client: ClientRecord, token: string): boolean {
  const content = readRefreshToken(deps, token);
  return content !== undefined && content.poolId === pool.id && content.clientId === client.id && content.exp * 1000 <= deps.clock.now();
}

export interface RedeemedRefreshToken {
  user: UserRecord;
  session: AuthSessionRecord;
  scopes: string[];
  record: RefreshTokenRecord;
}

/** Whether the client rotates refresh tokens (RefreshTokenRotation.Feature ENABLED). */
export const rotatesRefreshTokens = (client: ClientRecord): boolean => client.config.RefreshTokenRotation?.Feature === 'ENABLED';

/** How long a rotated-out token stays valid, for client-side retries (Cognito: 0 to 60 s). */
const gracePeriodMs = (client: ClientRecord): number => (client.config.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0) * 1000;

/**
 * Reuse detection: a token presented after a rotation replaced it and its grace period ended may
 * have been stolen (the legitimate client holds the newer one), so the whole sign-in ends.
 */
async function refuseReuse(deps: Deps, session: AuthSessionRecord): Promise<never> {
  await deps.store.authSessions.revoke(session.originJti, deps.clock.now());
  throw new RefreshTokenReuseException('Refresh Token has been reused');
}

/** `checkUser` runs once the user is known, before anything else is revealed (SECRET_HASH). */
export async function redeemRefreshToken(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  token: string,
  checkUser: (user: UserRecord) => void = () => {},
): Promise<RedeemedRefreshToken> {
  const found = await deps.store.refreshTokens.findWithSession(sha256Hex(token));
  const record = found?.token;
  if (!record) throw new NotAuthorizedException(expiredAndSwept(deps, pool, client, token) ? EXPIRED : 'Invalid Refresh Token');
  if (record.clientId !== client.id || record.poolId !== pool.id) throw new NotAuthorizedException('Invalid Refresh Token');
  const user = await deps.store.users.findBySub(record.sub);
  if (!user) throw new NotAuthorizedException('Invalid Refresh Token');
  checkUser(user);
  if (record.revokedAt !== null) throw new NotAuthorizedException('Refresh Token has been revoked');
  if (record.expiresAt <= deps.clock.now()) throw new NotAuthorizedException(EXPIRED);
  const session = found.session;
  if (!session || session.revokedAt !== null) throw new NotAuthorizedException('Refresh Token has been revoked');
  if (record.rotatedAt != null && deps.clock.now() > record.rotatedAt + gracePeriodMs(client)) await refuseReuse(deps, session);
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  return { user, session, scopes: record.scopes.split(' '), record };
}

/**
 * Rotation: retires the redeemed token (valid for the grace period from its first rotation, so
 * retries do not extend it) and answers when the replacement expires: when the sign-in does, as
 * Cognito keeps the original token's window. Two rotations racing on a token with no grace
 * period: the second is a reuse.
 */
export async function retireForRotation(deps: Deps, client: ClientRecord, redeemed: RedeemedRefreshToken): Promise<number> {
  if (redeemed.record.rotatedAt == null) {
    const first = await deps.store.refreshTokens.markRotated(redeemed.record.tokenHash, deps.clock.now());
    if (!first && gracePeriodMs(client) === 0) await refuseReuse(deps, redeemed.session);
  }
  return redeemed.session.expiresAt;
}
