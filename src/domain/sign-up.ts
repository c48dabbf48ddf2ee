// Self-service sign-up and its confirmation.
import type { Deps } from './deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/store.js';
import {
  CodeMismatchException,
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
  CODE_MISMATCH,
  USER_NOT_FOUND,
} from '../cognito/errors.js';
import { checkPasswordPolicy } from './password-policy.js';
import { checkRequiredAttributes, checkWritable, validateAttributes, toAttributeMap } from './attributes.js';
import { findUserByLogin, insertUser, resolveUsername, syncAliases } from './users.js';
import { passwordCredentials } from './credentials.js';
import { hidesUsers } from './sign-in/parameters.js';
import { checkSecretHash } from './secret-hash.js';
import { CODE_TTL_MS, consumeCode, issueCode } from './codes.js';
import { deliveryTarget, sendCode, simulatedDelivery, type CodeDeliveryDetails } from './delivery.js';
import { preSignUp } from './triggers/pre-sign-up.js';
import type { TriggerContext } from './triggers/run.js';

export interface SignUpInput {
  username: string;
  password: string;
  attributes: Array<{ Name: string; Value?: string }>;
  /** ValidationData and ClientMetadata, for PreSignUp. */
  trigger?: TriggerContext;
}

export async function signUp(deps: Deps, pool: PoolRecord, client: ClientRecord, input: SignUpInput): Promise<{ user: UserRecord; delivery?: CodeDeliveryDetails }> {
  if (pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly) {
    throw new NotAuthorizedException('SignUp is not permitted for this user pool');
  }
  const given = toAttributeMap(input.attributes);
  checkWritable(client, given);
  const { username, attributes, sub } = resolveUsername(pool, input.username, given);
  validateAttributes(pool, attributes, { creating: true });
  checkRequiredAttributes(pool, attributes);
  checkPasswordPolicy(pool.config.Policies.PasswordPolicy, input.password);
  // The trigger runs before anything is written: a refusal leaves nothing behind.
  const decision = await preSignUp(deps, pool, client, 'PreSignUp_SignUp', { username, attributes }, input.trigger);
  if (decision.autoVerifyEmail) attributes.email_verified = 'true';
  if (decision.autoVerifyPhone) attributes.phone_number_verified = 'true';
  const credentials = await passwordCredentials(deps, pool, username, input.password);
  const status = decision.autoConfirmUser ? 'CONFIRMED' : 'UNCONFIRMED';
  const user = await insertUser(deps, pool, sub, { username, attributes, status, ...credentials }, 'User already exists');
  if (decision.autoConfirmUser) return { user };
  const target = deliveryTarget(pool, user);
  if (!target || !(pool.config.AutoVerifiedAttributes ?? []).length) return { user };
  const code = await issueCode(deps, user, 'signup', CODE_TTL_MS.signup, { binding: target.destination });
  return { user, delivery: await sendCode(deps, pool, user, target, 'signup', code, { source: 'SignUp', clientId: client.id, context: input.trigger }) };
}

/** Marks the user CONFIRMED and, for the attribute the code went to, verified. */
async function confirmUser(deps: Deps, pool: PoolRecord, user: UserRecord, verifiedAttribute?: string): Promise<void> {
  const attributes = { ...user.attributes };
  if (verifiedAttribute && attributes[verifiedAttribute]) attributes[`${verifiedAttribute}_verified`] = 'true';
  await deps.store.transaction(async (tx) => {
    await syncAliases(tx, pool, user, attributes);
    await tx.users.update(user.sub, { status: 'CONFIRMED', attributes, updatedAt: deps.clock.now() });
  });
}

/** AdminConfirmSignUp: only a user waiting for confirmation can be confirmed. */
export async function adminConfirmSignUp(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<void> {
  if (user.status !== 'UNCONFIRMED') throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  await confirmUser(deps, pool, user);
}

/**
 * `hideUsers` (PreventUserExistenceErrors=ENABLED): a user who is not waiting for confirmation, or
 * has no live code, is answered CodeMismatchException, as a user who does not exist is.
 */
export async function confirmSignUp(deps: Deps, pool: PoolRecord, user: UserRecord, code: string, options: { hideUsers?: boolean } = {}): Promise<void> {
  if (user.status !== 'UNCONFIRMED') {
    if (options.hideUsers) throw new CodeMismatchException(CODE_MISMATCH);
    // Cognito answers a wrong code for a confirmed user with a mismatch, a right one with NotAuthorized.
    throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  }
  if (!/^\S{1,2048}$/.test(code)) throw new CodeMismatchException(CODE_MISMATCH);
  // The code confirms the address it was sent to: after the address changed, it confirms nothing.
  const target = deliveryTarget(pool, user);
  await consumeCode(deps, user, 'signup', code, target?.destination, { hideMissing: options.hideUsers });
  await confirmUser(deps, pool, user, target?.attribute);
}

/** `client`: the app client asking (for the CustomMessage / custom sender event); `context`: its ClientMetadata. */
export async function resendSignUpCode(deps: Deps, pool: PoolRecord, user: UserRecord, client?: ClientRecord, context?: TriggerContext): Promise<CodeDeliveryDetails | undefined> {
  const target = deliveryTarget(pool, user);
  if (!target) return undefined;
  const code = await issueCode(deps, user, 'signup', CODE_TTL_MS.signup, { binding: target.destination });
  return sendCode(deps, pool, user, target, 'signup', code, { source: 'ResendCode', clientId: client?.id ?? null, context });
}

/**
 * ResendConfirmationCode: a new sign-up code for an unconfirmed user. With
 * PreventUserExistenceErrors=ENABLED, missing and disabled users get a simulated delivery.
 */
export async function resendConfirmationCode(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  login: string,
  secretHash: string | undefined,
  context?: TriggerContext,
): Promise<CodeDeliveryDetails> {
  const user = await findUserByLogin(deps.store, pool, login);
  checkSecretHash(deps, client, secretHash, user ? [login, user.username] : [login]);
  const autoVerified: Array<'email' | 'phone_number'> = pool.config.AutoVerifiedAttributes ?? [];
  if (!user || (!user.enabled && hidesUsers(client))) {
    if (!hidesUsers(client)) throw new UserNotFoundException(USER_NOT_FOUND);
    return simulatedDelivery(pool.id, login, autoVerified.length ? autoVerified : ['email']);
  }
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (user.status !== 'UNCONFIRMED') throw new InvalidParameterException('User is already confirmed.');
  if (autoVerified.length === 0) throw new InvalidParameterException('Cannot resend codes. Auto verification not turned on.');
  const delivery = await resendSignUpCode(deps, pool, user, client, context);
  if (!delivery) throw new InvalidParameterException('Cannot resend codes. The user has no email or phone_number to send them to.');
  return delivery;
}
