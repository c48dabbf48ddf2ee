// The end of an authorization request (/oauth2/authorize, and the Hosted UI's sign-in that completes
// one): a single-use code (response_type=code) or tokens in the fragment (implicit), at the
// verified redirect URI.
import type { Deps } from './deps.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import { newUuid } from '../crypto/random.js';
import { sha256Hex } from '../crypto/digest.js';
import { withParameters } from '../cognito/oauth-errors.js';
import { issueTokens } from './issue-tokens.js';
import { sweepNowAndThen } from './sweep.js';
import type { AuthorizeRequest } from './authorize-request.js';

/** Cognito: authorization codes live 5 minutes and are single use. */
const CODE_TTL_MS = 5 * 60_000;
/** Used codes are kept a day past expiry so a late replay still revokes what the code issued. */
const CODE_KEEP_MS = 24 * 3600_000;
/** About one issuance in this many also deletes long-expired codes: no background job needed. */
const SWEEP_ONE_IN = 50;

/**
 * Issues the code or the implicit tokens for a signed-in user; answers the URL to redirect to.
 * `originSessionId`: the SSO session the sign-in came through, which the token session records.
 */
export async function finishAuthorization(
  deps: Deps, pool: PoolRecord, request: AuthorizeRequest, user: UserRecord, authTime: number, originSessionId?: string,
): Promise<string> {
  const { client, redirectUri, state } = request;
  if (request.responseType === 'code') {
    const code = newUuid();
    const now = deps.clock.now();
    await sweepNowAndThen(deps, SWEEP_ONE_IN, 'authorization codes', () => deps.store.authorizationCodes.deleteExpired(now - CODE_KEEP_MS));
    await deps.store.authorizationCodes.insert({
      codeHash: sha256Hex(code), poolId: pool.id, clientId: client.id, sub: user.sub, redirectUri,
      scopes: request.scopes.join(' '), nonce: request.nonce ?? null, codeChallenge: request.codeChallenge ?? null,
      authTime, createdAt: now, expiresAt: now + CODE_TTL_MS, consumedAt: null, issuedOriginJti: null, originSessionId: originSessionId ?? null,
    });
    return withParameters(redirectUri, { code, state }, false);
  }
  const tokens = await issueTokens(deps, {
    pool, client, user, scopes: request.scopes, nonce: request.nonce, oauth: true,
    withIdToken: request.scopes.includes('openid'), withRefreshToken: false,
    newSession: { originJti: newUuid(), authTime, originSessionId }, trigger: { source: 'TokenGeneration_HostedAuth' },
  });
  return withParameters(redirectUri, {
    ...(tokens.IdToken && { id_token: tokens.IdToken }),
    access_token: tokens.AccessToken, token_type: 'Bearer', expires_in: String(tokens.ExpiresIn), state,
  }, true);
}
