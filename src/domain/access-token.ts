// Authorises the self-service operations that take an AccessToken (GetUser, GlobalSignOut, …):
// a valid signature from one of our pools, token_use access, not expired, issued by this server,
// its sign-in session not revoked, the user present and enabled, and the admin scope.
import type { Deps } from './deps.js';
import type { Claims } from '../tokens/jwt.js';
import type { UserRecord } from '../store/store.js';
import { verifyJwt } from '../tokens/jwt.js';
import { ADMIN_SCOPE } from './issue-tokens.js';
import { NotAuthorizedException, UserNotFoundException, USER_NOT_FOUND } from '../cognito/errors.js';

export interface AccessTokenContext {
  user: UserRecord;
  poolId: string;
  clientId: string;
  /** Shared with every request presenting the same token (tokens/jwt.ts remembers it): read only. */
  claims: Readonly<Claims>;
}

/** Verifies the token itself (no store access besides the cached key). */
async function verifyAccessToken(deps: Deps, token: string): Promise<{ poolId: string; claims: Readonly<Claims> }> {
  const verified = await verifyJwt(token, deps.keys);
  if (!verified || verified.claims.token_use !== 'access' || verified.claims.iss !== deps.issuer(verified.poolId)) {
    throw new NotAuthorizedException('Invalid Access Token');
  }
  if (typeof verified.claims.exp !== 'number' || verified.claims.exp * 1000 <= deps.clock.now()) {
    throw new NotAuthorizedException('Access Token has expired');
  }
  return verified;
}

export async function authenticateAccessToken(deps: Deps, token: string, options: { requireAdminScope?: boolean } = {}): Promise<AccessTokenContext> {
  const { poolId, claims } = await verifyAccessToken(deps, token);
  if ((options.requireAdminScope ?? true) && !String(claims.scope ?? '').split(' ').includes(ADMIN_SCOPE)) {
    throw new NotAuthorizedException('Access Token does not have required scopes');
  }
  if (typeof claims.sub !== 'string' || typeof claims.origin_jti !== 'string') throw new NotAuthorizedException('Invalid Access Token');
  const found = await deps.store.users.findWithSession(claims.sub, claims.origin_jti);
  if (!found || found.user.poolId !== poolId) throw new UserNotFoundException(USER_NOT_FOUND);
  if (found.sessionRevoked) throw new NotAuthorizedException('Access Token has been revoked');
  if (!found.user.enabled) throw new NotAuthorizedException('User is disabled.');
  return { user: found.user, poolId, clientId: String(claims.client_id), claims };
}
