// Self-service password changes: ChangePassword (signed in) and the forgot-password pair.
// - ChangePassword verifies the previous password with argon2; a wrong one counts toward the same
//   lockout as sign-in and is answered "Incorrect username or password.".
// - ForgotPassword sends a 1-hour 'forgot_password' code to the verified channel chosen by the
//   pool's AccountRecoverySetting (default: verified phone, then verified email); admin_only
//   refuses; an unknown user is UserNotFoundException, or with PreventUserExistenceErrors=ENABLED
//   a simulated CodeDeliveryDetails and nothing sent (also for disabled users and users without a
//   verified channel, which LEGACY answers with NotAuthorizedException / InvalidParameterException).
//   A name that matches nobody goes first to the pool's UserMigration, which may create the user
//   (without a password, when a reset code can reach them) before the code is sent.
// - ConfirmForgotPassword checks the policy before spending the code, then sets the password,
//   confirms RESET_REQUIRED / FORCE_CHANGE_PASSWORD users and clears the lockout counters.
import type { Deps } from './deps.js';
import type { ClientRecord, PoolRecord, UserPatch, UserRecord } from '../store/store.js';
import {
  CodeMismatchException,
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
  CODE_MISMATCH,
  INCORRECT_CREDENTIALS,
  USER_NOT_FOUND,
} from '../cognito/errors.js';
import { checkPasswordPolicy } from './password-policy.js';
import { checkNewPassword } from './risk/sign-in-risk.js';
import { recordAccountEvent } from './risk/account-events.js';
import { hidesUsers } from './sign-in/parameters.js';
import { checkNotLocked, recordFailedSignIn } from './sign-in/lockout.js';
import { checkSecretHash } from './secret-hash.js';
import { findUserByLogin } from './users.js';
import { passwordCredentials } from './credentials.js';
import { CODE_TTL_MS, checkCode, issueCode, takeCode } from './codes.js';
import { postConfirmation } from './triggers/post-confirmation.js';
import { sendCode, simulatedDelivery, type CodeDeliveryDetails } from './delivery.js';
import { hasTrigger, type TriggerContext } from './triggers/run.js';
import { migrateOnForgotPassword, migrationNotFound } from './migrated-users.js';

export const NO_RECOVERY_CHANNEL = 'Cannot reset password for the user as there is no registered/verified email or phone_number';

/**
 * Writes a new password hash with the lockout counters cleared. The SRP verifier is dropped with
 * the old password (a stale verifier would keep accepting it); the SRP flow recomputes it here.
 */
async function setPassword(deps: Deps, pool: PoolRecord, user: UserRecord, password: string, extra: UserPatch = {}): Promise<void> {
  const credentials = await passwordCredentials(deps, pool, user.username, password);
  await deps.store.users.update(user.sub, {
    ...credentials, passwordExpiresAt: null, failedAttempts: 0, lastFailedAt: null, lockedUntil: null,
    updatedAt: deps.clock.now(), ...extra,
  });
}

export async function changePassword(deps: Deps, pool: PoolRecord, user: UserRecord, previous: string | undefined, proposed: string): Promise<void> {
  if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException('Password reset required for the user');
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  // Cognito validates the proposed password before looking at the previous one.
  checkPasswordPolicy(pool.config.Policies.PasswordPolicy, proposed);
  await checkNewPassword(deps, pool, undefined, 'PASSWORD_CHANGE', proposed, user);
  checkNotLocked(deps, user);
  if (user.passwordHash !== null && previous === undefined) {
    throw new InvalidParameterException('1 validation error detected: Value null at \'previousPassword\' failed to satisfy constraint: Member must not be null');
  }
  if (user.passwordHash !== null && !(await deps.passwords.verify(user.passwordHash, previous ?? '', pool.id))) {
    await recordFailedSignIn(deps, user);
    throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  }
  await setPassword(deps, pool, user, proposed);
  await recordAccountEvent(deps, pool, undefined, user, 'PasswordChange');
}

type Channel = { medium: 'EMAIL' | 'SMS'; attribute: 'email' | 'phone_number'; destination: string };

const DEFAULT_RECOVERY = [
  { Priority: 1, Name: 'verified_phone_number' },
  { Priority: 2, Name: 'verified_email' },
];

/** The pool's recovery mechanisms by priority; without AccountRecoverySetting, Cognito's legacy order. */
export function recoveryMechanisms(pool: PoolRecord): Array<{ Priority: number; Name: string }> {
  const configured: Array<{ Priority: number; Name: string }> | undefined = pool.config.AccountRecoverySetting?.RecoveryMechanisms;
  return [...(configured?.length ? configured : DEFAULT_RECOVERY)].sort((a, b) => a.Priority - b.Priority);
}

/** The verified channel a recovery code goes to, by the pool's priorities; undefined when none. */
export function recoveryChannel(pool: PoolRecord, user: Pick<UserRecord, 'attributes'>): Channel | undefined {
  for (const { Name } of recoveryMechanisms(pool)) {
    const attribute = Name === 'verified_email' ? 'email' : Name === 'verified_phone_number' ? 'phone_number' : undefined;
    if (!attribute) continue;
    const destination = user.attributes[attribute];
    if (destination && user.attributes[`${attribute}_verified`] === 'true') {
      return { medium: attribute === 'email' ? 'EMAIL' : 'SMS', attribute, destination };
    }
  }
  return undefined;
}

/**
 * `secretHash` null means the caller is our own Hosted UI, which signs users in on behalf of the
 * client and has no SECRET_HASH to send.
 */
export async function forgotPassword(
  deps: Deps, pool: PoolRecord, client: ClientRecord, login: string, secretHash: string | undefined | null, context: TriggerContext = {},
): Promise<CodeDeliveryDetails> {
  let user = await findUserByLogin(deps.store, pool, login);
  if (secretHash !== null) checkSecretHash(deps, client, secretHash, user ? [login, user.username] : [login]);
  const mechanisms = recoveryMechanisms(pool);
  if (mechanisms.some((m) => m.Name === 'admin_only')) throw new NotAuthorizedException('Contact administrator to reset password.');
  // Cognito, PreventUserExistenceErrors=ENABLED: a user that is missing, disabled or without a
  // verified channel all get the same simulated delivery, so none of the three can be told apart.
  // (The simulated answer skips the store writes of a real one: a timing difference remains.)
  const simulated = () => simulatedDelivery(pool.id, login, mechanisms.map((m) => (m.Name === 'verified_email' ? 'email' : 'phone_number')));
  if (!user && hasTrigger(pool, 'UserMigration')) {
    const migrated = await migrateOnForgotPassword(deps, pool, client, login, context, (attributes) => recoveryChannel(pool, { attributes }) !== undefined);
    if ('refused' in migrated) {
      if (hidesUsers(client)) return simulated();
      throw migrated.refused === 'unknown' ? migrationNotFound(client) : new InvalidParameterException(NO_RECOVERY_CHANNEL);
    }
    user = migrated.user;
  }
  if (!user) {
    if (!hidesUsers(client)) throw new UserNotFoundException(USER_NOT_FOUND);
    return simulated();
  }
  if (!user.enabled) {
    if (hidesUsers(client)) return simulated();
    throw new NotAuthorizedException('User is disabled.');
  }
  // Cognito: a federated user's password lives at its identity provider.
  if (user.status === 'EXTERNAL_PROVIDER') {
    if (hidesUsers(client)) return simulated();
    throw new NotAuthorizedException('User password cannot be reset in the current state.');
  }
  const channel = recoveryChannel(pool, user);
  if (!channel) {
    if (hidesUsers(client)) return simulated();
    throw new InvalidParameterException(NO_RECOVERY_CHANNEL);
  }
  const code = await issueCode(deps, user, 'forgot_password', CODE_TTL_MS.forgot_password);
  await recordAccountEvent(deps, pool, client.id, user, 'ForgotPassword');
  return sendCode(deps, pool, user, channel, 'forgot_password', code, { source: 'ForgotPassword', clientId: client.id, context });
}

export interface ConfirmForgotPasswordInput {
  login: string;
  code: string;
  password: string;
  /** null: the Hosted UI (see forgotPassword). */
  secretHash?: string | null;
  /** For PostConfirmation. */
  clientMetadata?: Record<string, string>;
}

export async function confirmForgotPassword(deps: Deps, pool: PoolRecord, client: ClientRecord, input: ConfirmForgotPasswordInput): Promise<void> {
  const user = await findUserByLogin(deps.store, pool, input.login);
  if (input.secretHash !== null) checkSecretHash(deps, client, input.secretHash, user ? [input.login, user.username] : [input.login]);
  const hidden = hidesUsers(client);
  // PreventUserExistenceErrors=ENABLED: the policy before anything about the user (an unknown user
  // must not be told apart by skipping it), and every user who cannot reset is a code mismatch.
  if (hidden) checkPasswordPolicy(pool.config.Policies.PasswordPolicy, input.password);
  if (!user) throw hidden ? new CodeMismatchException(CODE_MISMATCH) : new UserNotFoundException(USER_NOT_FOUND);
  if (!user.enabled) throw hidden ? new CodeMismatchException(CODE_MISMATCH) : new NotAuthorizedException('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw hidden ? new CodeMismatchException(CODE_MISMATCH) : new UserNotConfirmedException('User is not confirmed.');
  // The policy first, so a rejected password does not spend the code.
  checkPasswordPolicy(pool.config.Policies.PasswordPolicy, input.password);
  await checkNewPassword(deps, pool, client.id, 'PASSWORD_CHANGE', input.password, user);
  const code = await checkCode(deps, user, 'forgot_password', input.code, undefined, { hideMissing: hidden });
  const confirms = user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD';
  // Cognito: a failing PostConfirmation fails the reset; the password stays and the code stays live.
  await postConfirmation(deps, pool, client.id, 'PostConfirmation_ConfirmForgotPassword', confirms ? { ...user, status: 'CONFIRMED' } : user, input.clientMetadata);
  await takeCode(deps.store, code);
  await setPassword(deps, pool, user, input.password, confirms ? { status: 'CONFIRMED' } : {});
  await recordAccountEvent(deps, pool, client.id, user, 'PasswordChange');
}
