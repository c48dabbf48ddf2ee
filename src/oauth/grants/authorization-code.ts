// grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6):
// - the code is single use: the first redemption marks it used atomically; a replay fails AND
//   revokes the sign-in session the first redemption opened (RFC 6749 §4.1.2);
// - bound to the client it was issued to, to the same redirect_uri, to the PKCE challenge;
// - expires 5 minutes after issue; the user must still exist and be enabled;
// - tokens carry the granted scopes; an ID token only with `openid`, with the nonce.
import { sha256Hex } from '../../crypto/digest.js';
import { newUuid } from '../../crypto/random.js';
import { issueTokens } from '../../domain/issue-tokens.js';
import { invalidGrant } from '../../cognito/oauth-errors.js';
import { verifiesChallenge } from '../../crypto/pkce.js';
import type { Grant } from './grant.js';

export const authorizationCodeGrant: Grant = {
  grantType: 'authorization_code',
  required: ['code', 'redirect_uri'],
  // Cognito: a code exchange consumes no UserAuthentication budget (the sign-in that made the code
  // did); it has a limit of the same size of its own, which Gatehouse does not enforce.
  async handler(deps, pool, client, form) {
    const codeHash = sha256Hex(form.code);
    const record = await deps.store.authorizationCodes.find(codeHash);
    if (!record || record.poolId !== pool.id || record.clientId !== client.id) throw invalidGrant('Invalid authorization code.');
    const now = deps.clock.now();
    const originJti = newUuid();
    if (!(await deps.store.authorizationCodes.consume(codeHash, now, originJti))) {
      // Read again: a concurrent first redemption may have recorded its session after our read.
      const used = await deps.store.authorizationCodes.find(codeHash);
      if (used?.issuedOriginJti) await deps.store.authSessions.revoke(used.issuedOriginJti, now);
      throw invalidGrant('Authorization code has already been used.');
    }
    if (record.expiresAt <= now) throw invalidGrant('Authorization code has expired.');
    if (form.redirect_uri !== record.redirectUri) throw invalidGrant('redirect_uri does not match the authorization request.');
    if (record.codeChallenge !== null && !verifiesChallenge(form.code_verifier, record.codeChallenge)) {
      throw invalidGrant('PKCE verification failed.');
    }
    const user = await deps.store.users.findBySub(record.sub);
    if (!user || !user.enabled) throw invalidGrant('The user can no longer sign in.');
    const scopes = record.scopes.split(' ');
    // The token session was made from the browser that signed in, not from whoever exchanges the code.
    const sso = record.originSessionId ? await deps.store.hostedSessions.findBySessionId(record.originSessionId) : undefined;
    const origin = sso ? { ...(sso.lastIp && { lastIp: sso.lastIp }), ...(sso.deviceType && { deviceType: sso.deviceType }) } : undefined;
    const tokens = await issueTokens(deps, {
      pool, client, user, scopes, nonce: record.nonce ?? undefined, oauth: true,
      withIdToken: scopes.includes('openid'), withRefreshToken: true,
      newSession: { originJti, authTime: record.authTime, originSessionId: record.originSessionId ?? undefined, origin }, trigger: { source: 'TokenGeneration_HostedAuth' },
    });
    return {
      ...(tokens.IdToken && { id_token: tokens.IdToken }),
      access_token: tokens.AccessToken,
      ...(tokens.RefreshToken && { refresh_token: tokens.RefreshToken }),
      expires_in: tokens.ExpiresIn,
      token_type: 'Bearer',
    };
  },
};
