// Redeeming a refresh token, for REFRESH_TOKEN_AUTH and for grant_type=refresh_token alike: the
// token must be this client's, unrevoked and unexpired, its sign-in session live and its user
// enabled. Refused with Cognito's messages (the token endpoint turns them into invalid_grant).
import type { Deps } from './deps.js';
import type { AuthSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../store/store.js';
import { NotAuthorizedException } from '../cognito/errors.js';
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
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  return { user, session, scopes: record.scopes.split(' ') };
}
