// Users created by the pool's UserMigration function (triggers/user-migration.ts), the first time
// they sign in with a password or ask for a password reset:
// - the name the user typed becomes the username (with UsernameAttributes, the email or phone
//   attribute of a new UUID username, as SignUp does); `sub` is ours, never the function's;
// - on sign-in the password the function just accepted is stored as our own hash (and SRP
//   verifier), and the status is finalUserStatus (CONFIRMED unless RESET_REQUIRED); from the
//   forgot-password flow there is no password and the user is RESET_REQUIRED unless told CONFIRMED;
// - the pool's password policy is not applied (Cognito accepts the old directory's passwords);
// - an alias another user holds is AliasExistsException, or moves with forceAliasCreation;
// - a function that fails, knows nobody or answers something unusable creates nothing.
import type { Deps } from './deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/store.js';
import { AliasExistsException, InvalidParameterException, NotAuthorizedException, UserNotFoundException, INCORRECT_CREDENTIALS } from '../cognito/errors.js';
import { checkRequiredAttributes, validateAttributes, type Attributes } from './attributes.js';
import { aliasesOf, insertUser, resolveUsername, takeOverAliases, type UserStatus } from './users.js';
import { passwordCredentials } from './credentials.js';
import { poolFactors, setUserMfaPreference } from './mfa-settings.js';
import { askUserMigration, type MigrationAnswer } from './triggers/user-migration.js';
import type { TriggerContext } from './triggers/run.js';

/** Cognito's answer when the function knows no such user. */
export const migrationNotFound = (client: ClientRecord): Error => new UserNotFoundException(`Exception migrating user in app client ${client.id}`);

/** Cognito: an alias pool cannot take an email (or phone number) as a username. */
function checkNotAliasFormat(pool: PoolRecord, login: string): void {
  const aliases: string[] = pool.config.AliasAttributes ?? [];
  if (aliases.includes('email') && login.includes('@')) {
    throw new InvalidParameterException('Username cannot be of email format since user pool is configured for email alias.');
  }
  if (aliases.includes('phone_number') && login.startsWith('+')) {
    throw new InvalidParameterException('Username cannot be of phone number format since user pool is configured for phone number alias.');
  }
}

interface Candidate {
  sub: string;
  username: string;
  attributes: Attributes;
}

/** The user the answer describes, checked as AdminCreateUser checks one, before anything is written. */
function candidateFor(pool: PoolRecord, login: string, answer: MigrationAnswer): Candidate {
  checkNotAliasFormat(pool, login);
  // `sub` is the pool's to assign: the old directory's identifier is not carried over.
  const { sub: _ignored, ...given } = answer.attributes;
  const { username, attributes, sub } = resolveUsername(pool, login, given);
  validateAttributes(pool, attributes, { creating: true });
  checkRequiredAttributes(pool, attributes);
  if (answer.enableSMSMFA && (!attributes.phone_number || !poolFactors(pool).includes('SMS_MFA'))) {
    throw new InvalidParameterException('User does not have delivery config set to turn on SMS_MFA');
  }
  return { sub, username, attributes };
}

async function createUser(deps: Deps, pool: PoolRecord, candidate: Candidate, answer: MigrationAnswer, status: UserStatus, password: string | undefined): Promise<UserRecord> {
  const credentials = password === undefined
    ? { passwordHash: null, srpSealed: null }
    : await passwordCredentials(deps, pool, candidate.username, password);
  const create = (store = deps.store) => insertUser(deps, pool, candidate.sub, {
    username: candidate.username, attributes: candidate.attributes, status, ...credentials,
  }, 'User account already exists', store);
  let user: UserRecord;
  try {
    user = await create();
  } catch (error) {
    if (!(error instanceof AliasExistsException) || !answer.forceAliasCreation) throw error;
    // forceAliasCreation: the aliases move to the migrated user, in the same transaction as its creation.
    user = await deps.store.transaction(async (tx) => {
      await takeOverAliases(tx, pool, aliasesOf(pool, candidate.attributes), deps.clock.now());
      return create(tx);
    });
  }
  if (answer.enableSMSMFA) {
    await setUserMfaPreference(deps, user, { SMS_MFA: { Enabled: true } });
    user = (await deps.store.users.findBySub(user.sub)) ?? user;
  }
  return user;
}

/**
 * UserMigration_Authentication: the user the function vouches for, created with `password`.
 * A function that knows nobody is UserNotFoundException, or for clients that hide users the same
 * "Incorrect username or password." as a wrong password.
 */
export async function migrateOnSignIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, login: string, password: string, context: TriggerContext = {},
): Promise<UserRecord> {
  const answer = await askUserMigration(deps, pool, client, 'UserMigration_Authentication', login, password, context);
  if (!answer) throw client.config.PreventUserExistenceErrors === 'ENABLED' ? new NotAuthorizedException(INCORRECT_CREDENTIALS) : migrationNotFound(client);
  const candidate = candidateFor(pool, login, answer);
  // Cognito: a sign-in migration confirms the user unless the function asks for a reset.
  return createUser(deps, pool, candidate, answer, answer.finalUserStatus ?? 'CONFIRMED', password);
}

export type ForgotPasswordMigration = { user: UserRecord } | { refused: 'unknown' | 'no-recovery-channel' };

/**
 * UserMigration_ForgotPassword: the user the function knows, created without a password, when
 * `recoverable` says a reset code can reach them (a verified email or phone); otherwise nothing is
 * created and the caller answers as for a user it cannot reset.
 */
export async function migrateOnForgotPassword(
  deps: Deps, pool: PoolRecord, client: ClientRecord, login: string, context: TriggerContext,
  recoverable: (attributes: Attributes) => boolean,
): Promise<ForgotPasswordMigration> {
  const answer = await askUserMigration(deps, pool, client, 'UserMigration_ForgotPassword', login, undefined, context);
  if (!answer) return { refused: 'unknown' };
  const candidate = candidateFor(pool, login, answer);
  if (!recoverable(candidate.attributes)) return { refused: 'no-recovery-channel' };
  return { user: await createUser(deps, pool, candidate, answer, answer.finalUserStatus ?? 'RESET_REQUIRED', undefined) };
}
