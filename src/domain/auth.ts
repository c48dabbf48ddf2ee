// Sign-in with a password, refresh, and the NEW_PASSWORD_REQUIRED challenge: the rules every
// surface (JSON API now, Hosted UI later) shares.
// - Unknown users: UserNotFoundException, or with PreventUserExistenceErrors=ENABLED the same
//   "Incorrect username or password." as a wrong password, after the same hashing work.
// - Lockout on Cognito's schedule: from the 5th consecutive failure the user is locked for
//   2^(n-5) s (at most 15 min); attempts during a lock get "Password attempts exceeded" and do not
//   count; failures are forgotten after 15 min without one.
// - Status checks come after the password, so they reveal nothing to a guesser.
import type { Deps } from '../deps.js';
import type { ClientRecord, DeviceRecord, PoolRecord, UserRecord } from '../store/store.js';
import {
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
  INCORRECT_CREDENTIALS,
  USER_NOT_FOUND,
} from '../api/errors.js';
import { issueTokens, type AuthenticationResult } from '../tokens/issue.js';
import { allowsFlow } from './clients.js';
import { findUserByLogin, syncAliases } from './users.js';
import { passwordCredentials, sealedVerifier } from './credentials.js';
import { checkSecretHash } from './secret-hash.js';
import { redeemRefreshToken } from './refresh-tokens.js';
import { createChallengeSession, consumeChallengeSession } from './challenge-session.js';
import { checkPasswordPolicy } from './password-policy.js';
import { applyAttributeChanges, checkRequiredAttributes, checkWritable, validateAttributes, type Attributes } from './attributes.js';
import { schemaOf } from './pools.js';
import { mfaChallenge } from './mfa.js';
import { deviceChallenge, knownDevice, requireRefreshDevice, tokensFor } from './devices.js';

export type AuthOutcome =
  | { AuthenticationResult: AuthenticationResult & { NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string } }; ChallengeParameters: Record<string, string> }
  | { ChallengeName: string; ChallengeParameters: Record<string, string>; Session?: string; AvailableChallenges?: string[] };

const LOCK_THRESHOLD = 5;
const LOCK_MAX_MS = 15 * 60_000;
const FAILURE_MEMORY_MS = 15 * 60_000;

export function requireFlow(client: ClientRecord, flow: string, allowFlag: string): void {
  if (!allowsFlow(client, allowFlag)) throw new InvalidParameterException(`${flow} flow not enabled for this client`);
}

export function requireParameter(parameters: Record<string, string> | undefined, name: string): string {
  const value = parameters?.[name];
  if (!value) throw new InvalidParameterException(`Missing required parameter ${name}`);
  return value;
}

/** PreventUserExistenceErrors=ENABLED: answers must not reveal whether a user exists. */
export const hidesUsers = (client: ClientRecord): boolean => client.config.PreventUserExistenceErrors === 'ENABLED';

/** The error for "no such user", honouring PreventUserExistenceErrors. */
export function unknownUserError(client: ClientRecord): Error {
  return hidesUsers(client) ? new NotAuthorizedException(INCORRECT_CREDENTIALS) : new UserNotFoundException(USER_NOT_FOUND);
}

function failuresSoFar(user: UserRecord, now: number): number {
  return user.lastFailedAt !== null && now - user.lastFailedAt > FAILURE_MEMORY_MS ? 0 : user.failedAttempts;
}

export function checkNotLocked(deps: Deps, user: UserRecord): void {
  if (user.lockedUntil !== null && user.lockedUntil > deps.clock.now()) throw new NotAuthorizedException('Password attempts exceeded');
}

export async function recordFailedSignIn(deps: Deps, user: UserRecord): Promise<void> {
  const now = deps.clock.now();
  // Counted in the store, atomically: a read-modify-write here let parallel guesses share one count.
  const failures = await deps.store.users.addFailedSignIn(user.sub, now, now - FAILURE_MEMORY_MS);
  if (failures >= LOCK_THRESHOLD) {
    // Parallel guesses finish in any order: the 5th failure's short lock must not overwrite the 20th's.
    await deps.store.users.extendLock(user.sub, now + Math.min(1000 * 2 ** Math.min(failures - LOCK_THRESHOLD, 20), LOCK_MAX_MS));
  }
}

export async function recordSuccessfulSignIn(deps: Deps, user: UserRecord): Promise<void> {
  if (failuresSoFar(user, deps.clock.now()) !== 0 || user.lockedUntil !== null) {
    await deps.store.users.update(user.sub, { failedAttempts: 0, lastFailedAt: null, lockedUntil: null });
  }
}

/** Verifies the password of a user who may not exist; for a missing user, hashes a decoy so timing matches. */
export async function verifyPasswordOf(deps: Deps, pool: PoolRecord, user: UserRecord | undefined, password: string): Promise<boolean> {
  if (!user?.passwordHash) {
    await deps.passwords.verify(await deps.passwords.decoy, password, pool.id);
    return false;
  }
  return deps.passwords.verify(user.passwordHash, password, pool.id);
}

/** Status checks after a correct password; says whether the user must first choose a new password. */
export function checkSignInStatus(deps: Deps, user: UserRecord): 'OK' | 'NEW_PASSWORD_REQUIRED' {
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException('Password reset required for the user');
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.passwordExpiresAt !== null && user.passwordExpiresAt <= deps.clock.now()) {
      throw new NotAuthorizedException('Temporary password has expired and must be reset by an administrator.');
    }
    return 'NEW_PASSWORD_REQUIRED';
  }
  return 'OK';
}

/**
 * After a correct password: status checks, then the next challenge or the tokens. `deviceKey`: a
 * DEVICE_KEY the client sent (a remembered device then proves itself instead of MFA); `device`: a
 * device that just did.
 */
export async function completeSignIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, options: { deviceKey?: string; device?: DeviceRecord } = {},
): Promise<AuthOutcome> {
  if (checkSignInStatus(deps, user) === 'NEW_PASSWORD_REQUIRED') return newPasswordChallenge(deps, pool, client, user);
  // A remembered device proves its own secret instead of MFA (clients expect tokens after it).
  if (!options.device) {
    const device = await knownDevice(deps, user, options.deviceKey);
    if (device?.remembered) return deviceChallenge(deps, client, user, device);
    const mfa = await mfaChallenge(deps, pool, client, user, device?.deviceKey);
    if (mfa) return mfa;
    // A known device not remembered: no new device is issued for it.
    return tokensFor(deps, pool, client, user, device);
  }
  return tokensFor(deps, pool, client, user, options.device);
}

function newPasswordChallenge(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord): AuthOutcome {
  const { email_verified: _e, phone_number_verified: _p, ...visible } = user.attributes;
  const required = schemaOf(pool)
    .filter((a) => a.Required && a.Name !== 'sub' && !user.attributes[a.Name])
    .map((a) => `userAttributes.${a.Name}`);
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(required),
      userAttributes: JSON.stringify(visible),
    },
    Session: createChallengeSession(deps, client, user.sub, 'NEW_PASSWORD_REQUIRED'),
  };
}

/** The password check shared by every surface: lockout, decoy hashing, PreventUserExistenceErrors. */
async function checkPassword(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord | undefined, password: string): Promise<UserRecord> {
  // With PreventUserExistenceErrors=ENABLED a lock must not tell a guesser that the name exists:
  // a locked user pays the same hash as anyone and gets the same answer as an unknown name (the
  // attempt is not counted). Otherwise, Cognito's answer: refused at once, "Password attempts exceeded".
  const hiding = hidesUsers(client);
  if (user && !hiding) checkNotLocked(deps, user);
  const ok = await verifyPasswordOf(deps, pool, user, password);
  if (!user) throw unknownUserError(client);
  if (hiding && user.lockedUntil !== null && user.lockedUntil > deps.clock.now()) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  if (!ok) {
    await recordFailedSignIn(deps, user);
    throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  }
  await recordSuccessfulSignIn(deps, user);
  // Users from before SRP (or declared with a hash) get their verifier at their next password sign-in.
  if (!user.srpSealed) {
    const srpSealed = sealedVerifier(deps, pool, user.username, password);
    await deps.store.users.update(user.sub, { srpSealed });
    return { ...user, srpSealed };
  }
  return user;
}

/** USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH. */
export async function passwordSignIn(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  parameters: Record<string, string> | undefined,
): Promise<AuthOutcome> {
  const login = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  const found = await findUserByLogin(deps.store, pool, login);
  checkSecretHash(deps, client, parameters?.SECRET_HASH, found ? [login, found.username] : [login]);
  const user = await checkPassword(deps, pool, client, found, password);
  return completeSignIn(deps, pool, client, user, { deviceKey: parameters?.DEVICE_KEY });
}

/**
 * The Hosted UI's sign-in: the same rules as passwordSignIn, without SECRET_HASH (the Hosted UI
 * acts for the client itself), answering the user and the next step instead of tokens.
 */
export async function hostedPasswordSignIn(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  login: string,
  password: string,
): Promise<{ user: UserRecord; next: 'OK' | 'NEW_PASSWORD_REQUIRED' }> {
  const user = await checkPassword(deps, pool, client, await findUserByLogin(deps.store, pool, login), password);
  return { user, next: checkSignInStatus(deps, user) };
}

/** REFRESH_TOKEN_AUTH / REFRESH_TOKEN: new access and ID tokens for the same sign-in session. */
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

/** NEW_PASSWORD_REQUIRED: set the permanent password (and any missing required attributes). */
export async function respondNewPassword(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  session: string | undefined,
  responses: Record<string, string> | undefined,
): Promise<AuthOutcome> {
  const login = requireParameter(responses, 'USERNAME');
  const newPassword = requireParameter(responses, 'NEW_PASSWORD');
  const state = await consumeChallengeSession(deps, client, session, 'NEW_PASSWORD_REQUIRED');
  const user = await deps.store.users.findBySub(state.sub);
  if (!user) throw new NotAuthorizedException('Invalid session for the user.');
  const named = await findUserByLogin(deps.store, pool, login);
  if (named?.sub !== user.sub) throw new NotAuthorizedException('Invalid session for the user.');
  checkSecretHash(deps, client, responses?.SECRET_HASH, [login, user.username]);
  if (user.status !== 'FORCE_CHANGE_PASSWORD') throw new NotAuthorizedException('Invalid session for the user.');

  const changes: Attributes = {};
  for (const [key, value] of Object.entries(responses ?? {})) {
    if (key.startsWith('userAttributes.')) changes[key.slice('userAttributes.'.length)] = value;
  }
  const updated = await setNewPassword(deps, pool, client, user, newPassword, changes);
  return completeSignIn(deps, pool, client, updated);
}

/** Completes NEW_PASSWORD_REQUIRED: the permanent password and any missing required attributes. */
export async function setNewPassword(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  newPassword: string,
  changes: Attributes,
): Promise<UserRecord> {
  checkWritable(client, changes);
  validateAttributes(pool, changes, { creating: false });
  const attributes = applyAttributeChanges(user.attributes, changes);
  checkRequiredAttributes(pool, attributes);
  checkPasswordPolicy(pool.config.Policies.PasswordPolicy, newPassword);

  const credentials = await passwordCredentials(deps, pool, user.username, newPassword);
  await deps.store.transaction(async (tx) => {
    await syncAliases(tx, pool, user, attributes);
    await tx.users.update(user.sub, { ...credentials, status: 'CONFIRMED', passwordExpiresAt: null, attributes, updatedAt: deps.clock.now() });
  });
  return { ...user, ...credentials, attributes, status: 'CONFIRMED', passwordExpiresAt: null };
}
