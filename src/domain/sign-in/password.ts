// USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH and the Hosted UI's sign-in form: one password check.
// - Unknown users: UserNotFoundException, or with PreventUserExistenceErrors=ENABLED the same
//   "Incorrect username or password." as a wrong password, after the same hashing work.
// - Lockout (lockout.ts) counts every wrong password.
// - PreAuthentication runs before the password is checked; its refusal is not a wrong password
//   and does not count toward the lockout. A name that matches nobody goes to UserMigration when
//   the pool has one (migrated-users.ts): the user it vouches for signs in with the same password.
// - A user imported without a password (import-cognito) has it checked at the pool's migration
//   source (migration-source.ts) until it is right once; then it is stored here and the source is
//   not asked again. A wrong one counts toward the lockout as any wrong password does.
// - Status checks come after the password, so they reveal nothing to a guesser (next-step.ts).
// - A federated user (EXTERNAL_PROVIDER) has no password: refused before the check (parameters.ts).
// - A user imported without a password hash (RESET_REQUIRED) is told to reset it, after the same
//   decoy work; with PreventUserExistenceErrors=ENABLED, "Incorrect username or password.".
// - A hash in another format or cost (a user import's bcrypt, scrypt, PBKDF2 or argon2id) is
//   replaced by our argon2id and SRP verifier at the first sign-in it accepts.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { NotAuthorizedException, PasswordResetRequiredException, INCORRECT_CREDENTIALS } from '../../cognito/errors.js';
import { findUserByLogin } from '../users.js';
import { passwordCredentials, sealedVerifier } from '../credentials.js';
import { checkSecretHash } from '../secret-hash.js';
import { checkNotFederated, hidesUsers, requireParameter, unknownUserError } from './parameters.js';
import { checkNotLocked, isLocked, recordFailedSignIn, recordSuccessfulSignIn } from './lockout.js';
import { checkSignInStatus, completeSignIn } from './next-step.js';
import type { AuthOutcome } from './outcome.js';
import { preAuthentication } from '../triggers/authentication.js';
import { hasTrigger, type TriggerContext } from '../triggers/run.js';
import { migrateOnSignIn } from '../migrated-users.js';
import { checkPasswordAtSource } from '../migration-source.js';
import { assessSignIn, blockSignIn, recordFailedSignInEvent, recordPassedFirstFactor, riskMfaDemand } from '../risk/sign-in-risk.js';
import { isMfaDue } from '../mfa.js';

/** Verifies the password of a user who may not exist; for a missing user, hashes a decoy so timing matches. */
async function verifyPasswordOf(deps: Deps, pool: PoolRecord, user: UserRecord | undefined, password: string): Promise<boolean> {
  if (!user?.passwordHash) {
    await deps.passwords.verify(await deps.passwords.decoy, password, pool.id);
    return false;
  }
  return deps.passwords.verify(user.passwordHash, password, pool.id);
}

/** The user the name matches, or, for a name that matches nobody, the one the pool's UserMigration creates. */
async function findOrMigrate(
  deps: Deps, pool: PoolRecord, client: ClientRecord, login: string, found: UserRecord | undefined, password: string, context: TriggerContext,
): Promise<UserRecord | undefined> {
  if (found || !hasTrigger(pool, 'UserMigration')) return found;
  return migrateOnSignIn(deps, pool, client, login, password, context);
}

/**
 * The password check shared by every surface: PreAuthentication, lockout, decoy hashing,
 * PreventUserExistenceErrors.
 */
async function checkPassword(
  deps: Deps, pool: PoolRecord, client: ClientRecord, login: string, user: UserRecord | undefined, password: string, context: TriggerContext,
): Promise<UserRecord> {
  const hiding = hidesUsers(client);
  // Cognito: PreAuthentication sees every attempt on a known user, and on unknown names only for
  // clients that hide users. A refusal here is no wrong password: nothing counts toward the lockout.
  if (user || hiding) await preAuthentication(deps, pool, client, login, user, context);
  // With PreventUserExistenceErrors=ENABLED a lock must not tell a guesser that the name exists:
  // a locked user pays the same hash as anyone and gets the same answer as an unknown name (the
  // attempt is not counted). Otherwise, Cognito's answer: refused at once, "Password attempts exceeded".
  if (user && !hiding) checkNotLocked(deps, user);
  checkNotFederated(client, user);
  const atSource = user && !(hiding && isLocked(deps, user)) ? await checkPasswordAtSource(deps, pool, user, password) : undefined;
  const ok = atSource ? atSource === 'right' : await verifyPasswordOf(deps, pool, user, password);
  if (!user) throw unknownUserError(client);
  if (hiding && isLocked(deps, user)) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  // Cognito: an imported user without a password must reset it; no guess is counted, none can match.
  if (!user.passwordHash && user.status === 'RESET_REQUIRED' && atSource !== 'right') {
    throw hiding ? new NotAuthorizedException(INCORRECT_CREDENTIALS) : new PasswordResetRequiredException('Password reset required for the user');
  }
  if (!ok) {
    await recordFailedSignIn(deps, user);
    await recordFailedSignInEvent(deps, pool, client, user);
    throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  }
  if (atSource === 'right') user = await keepSourcePassword(deps, pool, user, password);
  await recordSuccessfulSignIn(deps, user);
  if (deps.passwords.needsRehash(user.passwordHash!)) {
    const credentials = await passwordCredentials(deps, pool, user.username, password);
    await deps.store.users.update(user.sub, credentials);
    return { ...user, ...credentials };
  }
  // Users from before SRP (or declared with a hash) get their verifier at their next password sign-in.
  if (!user.srpSealed) {
    const srpSealed = sealedVerifier(deps, pool, user.username, password);
    await deps.store.users.update(user.sub, { srpSealed });
    return { ...user, srpSealed };
  }
  return user;
}

/** The password the migration source just accepted becomes the user's own (the pool's policy is not applied). */
async function keepSourcePassword(deps: Deps, pool: PoolRecord, user: UserRecord, password: string): Promise<UserRecord> {
  const credentials = await passwordCredentials(deps, pool, user.username, password);
  await deps.store.users.update(user.sub, { ...credentials, updatedAt: deps.clock.now() });
  return { ...user, ...credentials };
}

/** USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH. */
export async function passwordSignIn(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  parameters: Record<string, string> | undefined,
  context: TriggerContext = {},
): Promise<AuthOutcome> {
  const login = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  const found = await findUserByLogin(deps.store, pool, login);
  checkSecretHash(deps, client, parameters?.SECRET_HASH, found ? [login, found.username] : [login]);
  const user = await checkPassword(deps, pool, client, login, await findOrMigrate(deps, pool, client, login, found, password, context), password, context);
  return completeSignIn(deps, pool, client, user, { deviceKey: parameters?.DEVICE_KEY, trigger: { clientMetadata: context.clientMetadata }, password });
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
  const found = await findOrMigrate(deps, pool, client, login, await findUserByLogin(deps.store, pool, login), password, {});
  const user = await checkPassword(deps, pool, client, login, found, password, {});
  const next = checkSignInStatus(deps, user);
  // Threat protection: the risk may block here, or require MFA of a user the Hosted UI's MFA step would not ask.
  if (next === 'OK') {
    const risk = await assessSignIn(deps, pool, client, user, { password });
    const mfaDue = isMfaDue(deps, pool, user);
    if (riskMfaDemand(risk) === 'REQUIRED' && !mfaDue) await blockSignIn(deps, pool, client, user, risk!);
    await recordPassedFirstFactor(deps, pool, client, user, risk, mfaDue ? 'InProgress' : 'Pass');
  }
  return { user, next };
}
