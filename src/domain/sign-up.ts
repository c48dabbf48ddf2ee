// Self-service sign-up and its confirmation.
import type { Deps } from './deps.js';
import type { ClientRecord, CodeRecord, PoolRecord, UserRecord } from '../store/store.js';
import {
  AliasExistsException,
  CodeMismatchException,
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
  CODE_MISMATCH,
  USER_NOT_FOUND,
} from '../cognito/errors.js';
import { checkPasswordPolicy } from './password-policy.js';
import { checkNewPassword } from './risk/sign-in-risk.js';
import { recordAccountEvent } from './risk/account-events.js';
import { checkRequiredAttributes, checkWritable, validateAttributes, toAttributeMap } from './attributes.js';
import { aliasesOf, findUserByLogin, insertUser, resolveUsername, restoreAliasHolders, syncAliases, takeOverAliases, type NewUser } from './users.js';
import { passwordCredentials } from './credentials.js';
import { hidesUsers } from './sign-in/parameters.js';
import { checkSecretHash } from './secret-hash.js';
import { CODE_TTL_MS, checkCode, issueCode, takeCode } from './codes.js';
import { deliveryTarget, sendCode, simulatedDelivery, type CodeDeliveryDetails } from './delivery.js';
import { preSignUp, type PreSignUpDecision } from './triggers/pre-sign-up.js';
import { postConfirmation } from './triggers/post-confirmation.js';
import type { TriggerContext } from './triggers/run.js';

export interface SignUpInput {
  username: string;
  password: string;
  attributes: Array<{ Name: string; Value?: string }>;
  /** ValidationData and ClientMetadata, for PreSignUp (ClientMetadata also for PostConfirmation). */
  trigger?: TriggerContext;
}

/**
 * SignUp and the Hosted UI's sign-up. PreSignUp may refuse (nothing is written), auto-verify the
 * email or phone number (an alias another user held moves to the new user) and auto-confirm: the
 * user is then CONFIRMED, gets no code and PostConfirmation runs; if PostConfirmation fails the
 * new user is removed again and the aliases go back.
 */
export async function signUp(deps: Deps, pool: PoolRecord, client: ClientRecord, input: SignUpInput): Promise<{ user: UserRecord; delivery?: CodeDeliveryDetails }> {
  const signedUp = await createSignedUpUser(deps, pool, client, input);
  await recordAccountEvent(deps, pool, client.id, signedUp.user, 'SignUp');
  return signedUp;
}

async function createSignedUpUser(deps: Deps, pool: PoolRecord, client: ClientRecord, input: SignUpInput): Promise<{ user: UserRecord; delivery?: CodeDeliveryDetails }> {
  if (pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly) {
    throw new NotAuthorizedException('SignUp is not permitted for this user pool');
  }
  const given = toAttributeMap(input.attributes);
  checkWritable(client, given);
  const { username, attributes, sub } = resolveUsername(pool, input.username, given);
  validateAttributes(pool, attributes, { creating: true });
  checkRequiredAttributes(pool, attributes);
  checkPasswordPolicy(pool.config.Policies.PasswordPolicy, input.password);
  await checkNewPassword(deps, pool, client.id, 'SIGN_UP', input.password);
  // The trigger runs before anything is written: a refusal leaves nothing behind.
  const decision = await preSignUp(deps, pool, client, 'PreSignUp_SignUp', { username, attributes }, input.trigger);
  if (decision.autoVerifyEmail) attributes.email_verified = 'true';
  if (decision.autoVerifyPhone) attributes.phone_number_verified = 'true';
  const credentials = await passwordCredentials(deps, pool, username, input.password);
  const status = decision.autoConfirmUser ? 'CONFIRMED' : 'UNCONFIRMED';
  const { user, displaced } = await insertSignedUpUser(deps, pool, sub, { username, attributes, status, ...credentials }, autoVerifiedAliases(pool, decision));
  if (decision.autoConfirmUser) {
    try {
      await postConfirmation(deps, pool, client.id, 'PostConfirmation_ConfirmSignUp', user, input.trigger?.clientMetadata);
    } catch (error) {
      await removeSignedUpUser(deps, pool, user, displaced);
      throw error;
    }
    return { user };
  }
  const target = deliveryTarget(pool, user);
  if (!target || !(pool.config.AutoVerifiedAttributes ?? []).length) return { user };
  try {
    const code = await issueCode(deps, user, 'signup', CODE_TTL_MS.signup, { binding: target.destination });
    return { user, delivery: await sendCode(deps, pool, user, target, 'signup', code, { source: 'SignUp', clientId: client.id, context: input.trigger }) };
  } catch (error) {
    // A failing CustomMessage (or delivery) fails the sign-up: the user it would leave behind could
    // never get a code, and their username would be taken.
    await removeSignedUpUser(deps, pool, user, displaced);
    throw error;
  }
}

async function removeSignedUpUser(deps: Deps, pool: PoolRecord, user: UserRecord, displaced: Parameters<typeof restoreAliasHolders>[2]): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await tx.users.delete(user.sub);
    await restoreAliasHolders(tx, pool, displaced);
  });
}

/** The alias kinds PreSignUp verified that are the pool's aliases (not its username attributes). */
function autoVerifiedAliases(pool: PoolRecord, decision: PreSignUpDecision): string[] {
  const aliases: string[] = pool.config.AliasAttributes ?? [];
  return [
    ...(decision.autoVerifyEmail && aliases.includes('email') ? ['email'] : []),
    ...(decision.autoVerifyPhone && aliases.includes('phone_number') ? ['phone_number'] : []),
  ];
}

/**
 * Inserts the user; an alias of a kind in `takeOver` that another user holds moves to it first, in
 * the same transaction (Cognito's rule for auto-verified attributes). Answers the displaced holders.
 */
async function insertSignedUpUser(deps: Deps, pool: PoolRecord, sub: string, user: NewUser, takeOver: string[]): Promise<{ user: UserRecord; displaced: UserRecord[] }> {
  if (takeOver.length === 0) return { user: await insertUser(deps, pool, sub, user, 'User already exists'), displaced: [] };
  return deps.store.transaction(async (tx) => {
    const claimed = aliasesOf(pool, user.attributes).filter((alias) => takeOver.includes(alias.kind));
    const displaced = await takeOverAliases(tx, pool, claimed, deps.clock.now());
    return { user: await insertUser(deps, pool, sub, user, 'User already exists', tx), displaced };
  });
}

/** The user once confirmed: CONFIRMED and, for the attribute the code went to, verified. */
function confirmedUser(user: UserRecord, verifiedAttribute?: string): UserRecord {
  const attributes = { ...user.attributes };
  if (verifiedAttribute && attributes[verifiedAttribute]) attributes[`${verifiedAttribute}_verified`] = 'true';
  return { ...user, status: 'CONFIRMED', attributes };
}

/**
 * Cognito: an alias the confirmation would give the user that another user holds is
 * AliasExistsException (unless ForceAliasCreation), checked before PostConfirmation runs.
 */
async function checkAliasesFree(deps: Deps, pool: PoolRecord, confirmed: UserRecord): Promise<void> {
  for (const alias of aliasesOf(pool, confirmed.attributes)) {
    const holder = await deps.store.users.findByAlias(pool.id, alias.kind, alias.valueKey);
    if (holder && holder.sub !== confirmed.sub) throw new AliasExistsException('An account with the given email already exists.');
  }
}

/**
 * Writes the confirmation PostConfirmation has let through; `code` (ConfirmSignUp) is spent in the
 * same transaction, so a failing trigger or write leaves it live. `forceAliases`: the aliases the
 * confirmation gives move from whoever holds them (ConfirmSignUp's ForceAliasCreation).
 */
async function writeConfirmation(deps: Deps, pool: PoolRecord, user: UserRecord, confirmed: UserRecord, code?: CodeRecord, forceAliases = false): Promise<void> {
  await deps.store.transaction(async (tx) => {
    if (code) await takeCode(tx, code);
    if (forceAliases) {
      const gained = aliasesOf(pool, confirmed.attributes).filter((a) => !aliasesOf(pool, user.attributes).some((b) => b.kind === a.kind && b.valueKey === a.valueKey));
      await takeOverAliases(tx, pool, gained, deps.clock.now());
    }
    await syncAliases(tx, pool, user, confirmed.attributes);
    await tx.users.update(user.sub, { status: 'CONFIRMED', attributes: confirmed.attributes, updatedAt: deps.clock.now() });
  });
}

/** Who confirms, for PostConfirmation: the app client (none for AdminConfirmSignUp) and its ClientMetadata. */
export interface ConfirmContext {
  clientId?: string;
  clientMetadata?: Record<string, string>;
}

/** AdminConfirmSignUp: only a user waiting for confirmation can be confirmed. */
export async function adminConfirmSignUp(deps: Deps, pool: PoolRecord, user: UserRecord, clientMetadata?: Record<string, string>): Promise<void> {
  if (user.status !== 'UNCONFIRMED') throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  const confirmed = confirmedUser(user);
  await postConfirmation(deps, pool, undefined, 'PostConfirmation_ConfirmSignUp', confirmed, clientMetadata);
  await writeConfirmation(deps, pool, user, confirmed);
}

/**
 * `hideUsers` (PreventUserExistenceErrors=ENABLED): a user who is not waiting for confirmation, or
 * has no live code, is answered CodeMismatchException, as a user who does not exist is.
 * The code is checked, PostConfirmation runs, and only then is the code spent and the user confirmed.
 */
export async function confirmSignUp(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  code: string,
  options: { hideUsers?: boolean; forceAliasCreation?: boolean } & ConfirmContext = {},
): Promise<void> {
  if (user.status !== 'UNCONFIRMED') {
    if (options.hideUsers) throw new CodeMismatchException(CODE_MISMATCH);
    // Cognito answers a wrong code for a confirmed user with a mismatch, a right one with NotAuthorized.
    throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  }
  if (!/^\S{1,2048}$/.test(code)) throw new CodeMismatchException(CODE_MISMATCH);
  // The code confirms the address it was sent to: after the address changed, it confirms nothing.
  const target = deliveryTarget(pool, user);
  const stored = await checkCode(deps, user, 'signup', code, target?.destination, { hideMissing: options.hideUsers });
  const confirmed = confirmedUser(user, target?.attribute);
  if (!options.forceAliasCreation) await checkAliasesFree(deps, pool, confirmed);
  await postConfirmation(deps, pool, options.clientId, 'PostConfirmation_ConfirmSignUp', confirmed, options.clientMetadata);
  await writeConfirmation(deps, pool, user, confirmed, stored, options.forceAliasCreation);
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
  await recordAccountEvent(deps, pool, client.id, user, 'ResendCode');
  return delivery;
}
