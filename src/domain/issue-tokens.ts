// Mints ID, access and refresh tokens with Cognito's claims. Every sign-in opens an auth session
// (its id is the tokens' origin_jti); GlobalSignOut and RevokeToken revoke sessions, which is how
// already-issued access tokens stop working at once.
import { createHash } from 'node:crypto';
import type { Deps } from './deps.js';
import type { ClientRecord, GroupRecord, PoolRecord, UserRecord } from '../store/store.js';
import { newUuid } from '../crypto/random.js';
import { mintRefreshToken } from '../tokens/refresh-token.js';
import { sha256Hex } from '../crypto/digest.js';
import { signJwt, type Claims } from '../tokens/jwt.js';
import { tokenLifetimes } from './clients.js';
import { readableBy } from './attributes.js';
import { maybeSweepExpiredSessions } from './session-sweep.js';
import { enforceSessionLimit, requestOrigin, tokenSessionId } from './user-sessions.js';
import { triggerUserAttributes } from './triggers/run.js';
import { editClaims, preTokenGeneration, type GroupConfiguration, type TokenCustomization, type TokenTrigger } from './triggers/pre-token-generation.js';

export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  IdToken?: string;
  RefreshToken?: string;
}

export interface IssueOptions {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  /** Present on a refresh: keeps the original sign-in's origin_jti, auth_time and device. */
  session?: { originJti: string; authTime: number; deviceKey?: string | null };
  /** A rotation's new refresh token keeps the sign-in's expiry (epoch ms) rather than a full lifetime. */
  refreshExpiresAt?: number;
  /** A new sign-in made with (or issuing) this device: recorded with the session, device_key in the access token. */
  deviceKey?: string;
  /**
   * Opens a new sign-in session with this id and auth_time (OAuth: the Hosted UI sign-in's time),
   * and the SSO session it came through, whose browser it was made from.
   */
  newSession?: { originJti: string; authTime: number; originSessionId?: string; origin?: { lastIp?: string; deviceType?: string } };
  scopes?: string[];
  withIdToken?: boolean;
  withRefreshToken?: boolean;
  nonce?: string;
  /** OAuth endpoints add at_hash and version 2 to their tokens. */
  oauth?: boolean;
  /**
   * For PreTokenGeneration: the source (default TokenGeneration_RefreshTokens with `session`,
   * else TokenGeneration_Authentication) and RespondToAuthChallenge's ClientMetadata.
   */
  trigger?: TokenTrigger;
}

const VERIFIED_FLAGS = new Set(['email_verified', 'phone_number_verified']);

function attributeClaims(user: UserRecord, client: ClientRecord): Claims {
  const claims: Claims = {};
  const readable = readableBy(client);
  for (const [name, value] of Object.entries(user.attributes)) {
    if (!readable(name)) continue;
    if (name === 'identities') {
      // Cognito: a JSON string as an attribute, a JSON array in the ID token.
      claims.identities = parseIdentities(value);
      continue;
    }
    // Cognito: the verified flags are JSON booleans in the ID token; everything else (custom:* too) is a string.
    claims[name] = VERIFIED_FLAGS.has(name) ? value === 'true' : value;
  }
  return claims;
}

function parseIdentities(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * The user's groups, roles and preferred role. Cognito: the preferred role is the role of the group
 * with the lowest Precedence (a group without Precedence ranks last); when several groups share that
 * lowest Precedence with different roles, no preferred role is set.
 */
function groupConfiguration(groups: GroupRecord[]): GroupConfiguration {
  const rank = (g: GroupRecord) => g.precedence ?? Number.MAX_SAFE_INTEGER;
  const withRoles = groups.filter((g) => g.roleArn).sort((a, b) => rank(a) - rank(b));
  const best = withRoles.filter((g) => rank(g) === rank(withRoles[0]));
  const preferred = new Set(best.map((g) => g.roleArn));
  return {
    groupsToOverride: groups.map((g) => g.name),
    iamRolesToOverride: [...new Set(withRoles.map((g) => g.roleArn as string))],
    preferredRole: preferred.size === 1 ? best[0].roleArn : null,
  };
}

/** cognito:groups, cognito:roles and cognito:preferred_role, each only when it has a value. */
function groupClaims(groups: GroupConfiguration): Claims {
  return {
    ...(groups.groupsToOverride.length > 0 && { 'cognito:groups': groups.groupsToOverride }),
    ...(groups.iamRolesToOverride.length > 0 && { 'cognito:roles': groups.iamRolesToOverride }),
    ...(groups.preferredRole && { 'cognito:preferred_role': groups.preferredRole }),
  };
}

export async function issueTokens(deps: Deps, options: IssueOptions): Promise<AuthenticationResult> {
  const { pool, client, user } = options;
  const now = deps.clock.now();
  const iat = Math.floor(now / 1000);
  const lifetimes = tokenLifetimes(client);
  const eventId = newUuid();
  const granted = options.scopes ?? [ADMIN_SCOPE];
  // The function runs before anything is written: its failure leaves no session behind.
  const userGroups = groupConfiguration(await deps.store.groups.allForUser(user.sub));
  const custom: TokenCustomization | undefined = await preTokenGeneration(deps, pool, {
    source: options.trigger?.source ?? (options.session ? 'TokenGeneration_RefreshTokens' : 'TokenGeneration_Authentication'),
    clientId: client.id, userName: user.username, userAttributes: triggerUserAttributes(pool, user),
    groups: userGroups, scopes: granted, clientMetadata: options.trigger?.clientMetadata,
  });
  const groups = custom?.groups ?? userGroups;
  const scopes = custom?.scopes ?? granted;

  let session = options.session;
  if (!session) {
    const opening = options.newSession ?? { originJti: newUuid(), authTime: iat };
    session = { originJti: opening.originJti, authTime: opening.authTime, deviceKey: options.deviceKey ?? null };
    await enforceSessionLimit(deps, pool, user.sub, now);
    await deps.store.authSessions.insert({
      originJti: session.originJti, poolId: pool.id, sub: user.sub, clientId: client.id, authTime: session.authTime,
      createdAt: now, expiresAt: now + lifetimes.refresh * 1000, revokedAt: null, deviceKey: session.deviceKey,
      sessionId: tokenSessionId(session.originJti), lastActiveAt: now, ...(opening.origin ?? requestOrigin(deps)),
      originSessionId: opening.originSessionId ?? null,
    });
    await maybeSweepExpiredSessions(deps, now);
  }
  const deviceKey = session.deviceKey ?? undefined;

  const common = { sub: user.sub, iss: deps.issuer(pool.id) };
  const accessClaims: Claims = editClaims({
    ...common,
    ...(deviceKey && { device_key: deviceKey }),
    ...(groups.groupsToOverride.length > 0 && { 'cognito:groups': groups.groupsToOverride }),
    ...(options.oauth && { version: 2 }),
    client_id: client.id,
    origin_jti: session.originJti,
    event_id: eventId,
    token_use: 'access',
    // Cognito: a token whose every scope was suppressed has no scope claim.
    ...(scopes.length > 0 && { scope: scopes.join(' ') }),
    auth_time: session.authTime,
    exp: iat + lifetimes.access,
    iat,
    jti: newUuid(),
    username: user.username,
  }, custom?.access);
  const [accessKey, idKey] = await Promise.all([deps.keys.signingKey(pool.id, 'access'), deps.keys.signingKey(pool.id, 'id')]);
  const accessToken = signJwt(accessClaims, accessKey);

  const result: AuthenticationResult = { AccessToken: accessToken, ExpiresIn: lifetimes.access, TokenType: 'Bearer' };
  if (options.withIdToken ?? true) {
    const idClaims: Claims = editClaims({
      ...common,
      ...groupClaims(groups),
      ...attributeClaims(user, client),
      ...(options.oauth && { at_hash: createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url') }),
      'cognito:username': user.username,
      ...(options.nonce !== undefined && { nonce: options.nonce }),
      origin_jti: session.originJti,
      aud: client.id,
      event_id: eventId,
      token_use: 'id',
      auth_time: session.authTime,
      exp: iat + lifetimes.id,
      iat,
      jti: newUuid(),
    }, custom?.id);
    result.IdToken = signJwt(idClaims, idKey);
  }
  if (options.withRefreshToken ?? !options.session) {
    const expiresAt = options.refreshExpiresAt ?? now + lifetimes.refresh * 1000;
    const refreshToken = mintRefreshToken(deps, {
      poolId: pool.id, clientId: client.id, username: user.username, originJti: session.originJti, authTime: session.authTime,
      iat, exp: Math.floor(expiresAt / 1000),
    });
    await deps.store.refreshTokens.insert({
      tokenHash: sha256Hex(refreshToken), originJti: session.originJti, poolId: pool.id, clientId: client.id, sub: user.sub,
      // The grant's scopes, not the function's: a refresh runs the function again on them.
      scopes: granted.join(' '), createdAt: now, expiresAt, revokedAt: null,
    });
    result.RefreshToken = refreshToken;
  }
  return result;
}

/**
 * client_credentials: an access token for the client itself (sub = client id), no ID or refresh
 * token. `clientMetadata` (the request's aws_client_metadata) goes to a V3_0 PreTokenGeneration.
 */
export async function issueClientToken(
  deps: Deps, pool: PoolRecord, client: ClientRecord, granted: string[], clientMetadata?: Record<string, string>,
): Promise<AuthenticationResult> {
  const custom = await preTokenGeneration(deps, pool, {
    source: 'TokenGeneration_ClientCredentials', clientId: client.id, userName: null, userAttributes: {},
    groups: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null }, scopes: granted, clientMetadata,
  });
  const scopes = custom?.scopes ?? granted;
  const iat = Math.floor(deps.clock.now() / 1000);
  const lifetime = tokenLifetimes(client).access;
  const claims: Claims = editClaims({
    sub: client.id,
    token_use: 'access',
    ...(scopes.length > 0 && { scope: scopes.join(' ') }),
    auth_time: iat,
    iss: deps.issuer(pool.id),
    exp: iat + lifetime,
    iat,
    version: 2,
    jti: newUuid(),
    client_id: client.id,
    // Cognito: a client has no groups, but the function may give its token some.
    ...(custom && custom.groups.groupsToOverride.length > 0 && { 'cognito:groups': custom.groups.groupsToOverride }),
  }, custom?.access);
  const key = await deps.keys.signingKey(pool.id, 'access');
  return { AccessToken: signJwt(claims, key), ExpiresIn: lifetime, TokenType: 'Bearer' };
}
