// grant_type=refresh_token (RFC 6749 §6): new access (and, with `openid`, ID) tokens for the same
// sign-in session; the scopes are the original grant's (Cognito ignores `scope` here); no new
// refresh token. The token must belong to this client and its session must be live.
import { sha256Hex } from '../../crypto/digest.js';
import { issueTokens } from '../../tokens/issue.js';
import { invalidGrant } from '../errors.js';
import type { Grant } from './grant.js';

export const refreshTokenGrant: Grant = {
  grantType: 'refresh_token',
  required: ['refresh_token'],
  async handler(deps, pool, client, form) {
    const record = await deps.store.refreshTokens.find(sha256Hex(form.refresh_token));
    if (!record || record.clientId !== client.id || record.poolId !== pool.id) throw invalidGrant('Invalid Refresh Token');
    if (record.revokedAt !== null) throw invalidGrant('Refresh Token has been revoked');
    if (record.expiresAt <= deps.clock.now()) throw invalidGrant('Refresh Token has expired');
    const session = await deps.store.authSessions.find(record.originJti);
    if (!session || session.revokedAt !== null) throw invalidGrant('Refresh Token has been revoked');
    const user = await deps.store.users.findBySub(record.sub);
    if (!user || !user.enabled) throw invalidGrant('The user can no longer sign in.');
    const scopes = record.scopes.split(' ');
    const tokens = await issueTokens(deps, {
      pool, client, user, session: { originJti: session.originJti, authTime: session.authTime },
      scopes, oauth: true, withIdToken: scopes.includes('openid'), withRefreshToken: false,
    });
    return {
      ...(tokens.IdToken && { id_token: tokens.IdToken }),
      access_token: tokens.AccessToken,
      expires_in: tokens.ExpiresIn,
      token_type: 'Bearer',
    };
  },
};
