// REFRESH_TOKEN_AUTH / REFRESH_TOKEN: new ID and access tokens for the same sign-in session.
// GetTokensFromRefreshToken: the same, and with the client's refresh-token rotation on, a new
// refresh token that replaces the one presented.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { InvalidParameterException, NotAuthorizedException } from '../../cognito/errors.js';
import { issueTokens, type AuthenticationResult } from '../issue-tokens.js';
import { checkSecretHash } from '../secret-hash.js';
import { hasClientSecret, isClientSecret } from '../client-secrets.js';
import { redeemRefreshToken, retireForRotation, rotatesRefreshTokens } from '../refresh-tokens.js';
import { recordSessionUse } from '../user-sessions.js';
import { requireParameter } from './parameters.js';
import type { AuthOutcome } from './outcome.js';

/** A refresh of a sign-in made with device `bound`: the client must name that device, and it must be confirmed. */
async function requireRefreshDevice(deps: Deps, user: UserRecord, bound: string, named: string | undefined): Promise<void> {
  if (named !== bound) throw new NotAuthorizedException('Invalid Refresh Token');
  const device = await deps.store.devices.find(bound);
  if (!device || device.sub !== user.sub || !device.verifierSealed) throw new NotAuthorizedException('Invalid Refresh Token');
}

export async function refreshSignIn(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  parameters: Record<string, string> | undefined,
): Promise<AuthOutcome> {
  // Cognito: a client that rotates refresh tokens refreshes only with GetTokensFromRefreshToken.
  if (rotatesRefreshTokens(client)) {
    throw new InvalidParameterException('REFRESH_TOKEN_AUTH flow not enabled for this client: it rotates refresh tokens, use GetTokensFromRefreshToken');
  }
  const refreshToken = requireParameter(parameters, 'REFRESH_TOKEN');
  // Cognito: for refresh, the hash is over the internal username (accept the sub too).
  const { user, session, scopes } = await redeemRefreshToken(deps, pool, client, refreshToken, (owner) =>
    checkSecretHash(deps, client, parameters?.SECRET_HASH, [owner.username, owner.sub]));
  // Cognito: a refresh token issued to a device needs that device's key, confirmed ("Invalid Refresh Token" otherwise).
  if (session.deviceKey) await requireRefreshDevice(deps, user, session.deviceKey, parameters?.DEVICE_KEY);
  const result = await issueTokens(deps, {
    pool, client, user, session: { originJti: session.originJti, authTime: session.authTime, deviceKey: session.deviceKey }, scopes, withRefreshToken: false,
  });
  await recordSessionUse(deps, session.originJti);
  return { AuthenticationResult: result, ChallengeParameters: {} };
}

export interface RefreshRequest {
  refreshToken: string;
  clientSecret?: string;
  deviceKey?: string;
  clientMetadata?: Record<string, string>;
}

export async function getTokensFromRefreshToken(deps: Deps, pool: PoolRecord, client: ClientRecord, request: RefreshRequest): Promise<AuthenticationResult> {
  // A confidential client presents its secret itself here (no SECRET_HASH), compared in constant time.
  if (hasClientSecret(client) && !isClientSecret(deps, client, request.clientSecret)) {
    throw new NotAuthorizedException(`Client ${client.id} is configured with secret but the client secret is missing or invalid`);
  }
  const redeemed = await redeemRefreshToken(deps, pool, client, request.refreshToken);
  const { user, session, scopes } = redeemed;
  if (session.deviceKey) await requireRefreshDevice(deps, user, session.deviceKey, request.deviceKey);
  const rotate = rotatesRefreshTokens(client);
  const refreshExpiresAt = rotate ? await retireForRotation(deps, client, redeemed) : undefined;
  const result = await issueTokens(deps, {
    pool, client, user, session: { originJti: session.originJti, authTime: session.authTime, deviceKey: session.deviceKey }, scopes,
    withRefreshToken: rotate, refreshExpiresAt, trigger: { source: 'TokenGeneration_RefreshTokens', clientMetadata: request.clientMetadata },
  });
  await recordSessionUse(deps, session.originJti);
  return result;
}
