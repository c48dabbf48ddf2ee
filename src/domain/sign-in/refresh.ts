// REFRESH_TOKEN_AUTH / REFRESH_TOKEN: new ID and access tokens for the same sign-in session.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { NotAuthorizedException } from '../../cognito/errors.js';
import { issueTokens } from '../issue-tokens.js';
import { checkSecretHash } from '../secret-hash.js';
import { redeemRefreshToken } from '../refresh-tokens.js';
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
  const refreshToken = requireParameter(parameters, 'REFRESH_TOKEN');
  // Cognito: for refresh, the hash is over the internal username (accept the sub too).
  const { user, session, scopes } = await redeemRefreshToken(deps, pool, client, refreshToken, (owner) =>
    checkSecretHash(deps, client, parameters?.SECRET_HASH, [owner.username, owner.sub]));
  // Cognito: a refresh token issued to a device needs that device's key, confirmed ("Invalid Refresh Token" otherwise).
  if (session.deviceKey) await requireRefreshDevice(deps, user, session.deviceKey, parameters?.DEVICE_KEY);
  const result = await issueTokens(deps, {
    pool, client, user, session: { originJti: session.originJti, authTime: session.authTime, deviceKey: session.deviceKey }, scopes, withRefreshToken: false,
  });
  return { AuthenticationResult: result, ChallengeParameters: {} };
}
