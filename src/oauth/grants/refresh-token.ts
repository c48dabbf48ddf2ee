// grant_type=refresh_token (RFC 6749 §6): new access (and, with `openid`, ID) tokens for the same
// sign-in session; the scopes are the original grant's (Cognito ignores `scope` here); a new
// refresh token only when the client rotates them (RFC 6749 §6 allows it; Cognito does it).
// The token must belong to this client and its session must be live, and not be bound to a device.
import { issueTokens } from '../../domain/issue-tokens.js';
import { redeemRefreshToken, retireForRotation, rotatesRefreshTokens } from '../../domain/refresh-tokens.js';
import { recordSessionUse } from '../../domain/user-sessions.js';
import { NotAuthorizedException } from '../../cognito/errors.js';
import type { Grant } from './grant.js';

export const refreshTokenGrant: Grant = {
  grantType: 'refresh_token',
  required: ['refresh_token'],
  // Cognito: a refresh at the token endpoint counts against UserAuthentication, as InitiateAuth's REFRESH_TOKEN_AUTH does.
  quotaCategory: 'UserAuthentication',
  async handler(deps, pool, client, form) {
    // Refusals are NotAuthorizedException with Cognito's messages: oauth/plugin.ts makes them invalid_grant.
    const redeemed = await redeemRefreshToken(deps, pool, client, form.refresh_token);
    const { user, session, scopes } = redeemed;
    // A refresh token bound to a device (domain/devices.ts) needs REFRESH_TOKEN_AUTH with its
    // DEVICE_KEY; Cognito's token endpoint refuses it (invalid_grant), so must this one.
    if (session.deviceKey) throw new NotAuthorizedException('Invalid Refresh Token');
    const rotate = rotatesRefreshTokens(client);
    const refreshExpiresAt = rotate ? await retireForRotation(deps, client, redeemed) : undefined;
    const tokens = await issueTokens(deps, {
      pool, client, user, session: { originJti: session.originJti, authTime: session.authTime },
      scopes, oauth: true, withIdToken: scopes.includes('openid'), withRefreshToken: rotate, refreshExpiresAt,
    });
    await recordSessionUse(deps, session.originJti);
    return {
      ...(tokens.IdToken && { id_token: tokens.IdToken }),
      access_token: tokens.AccessToken,
      ...(tokens.RefreshToken && { refresh_token: tokens.RefreshToken }),
      expires_in: tokens.ExpiresIn,
      token_type: 'Bearer',
    };
  },
};
