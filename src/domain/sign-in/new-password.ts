// The NEW_PASSWORD_REQUIRED challenge's answer (a user with a temporary password): the permanent
// password and any missing required attributes; then the sign-in goes on (next-step.ts).
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { NotAuthorizedException } from '../../cognito/errors.js';
import { findUserByLogin, syncAliases } from '../users.js';
import { passwordCredentials } from '../credentials.js';
import { checkSecretHash } from '../secret-hash.js';
import { checkPasswordPolicy } from '../password-policy.js';
import { applyAttributeChanges, checkRequiredAttributes, checkWritable, validateAttributes, type Attributes } from '../attributes.js';
import { consumeChallengeSession } from './challenge-session.js';
import { requireParameter } from './parameters.js';
import { completeSignIn } from './next-step.js';
import type { AuthOutcome } from './outcome.js';

/** NEW_PASSWORD_REQUIRED: set the permanent password (and any missing required attributes). */
export async function respondNewPassword(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  session: string | undefined,
  responses: Record<string, string> | undefined,
  clientMetadata?: Record<string, string>,
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
  return completeSignIn(deps, pool, client, updated, { trigger: { source: 'TokenGeneration_NewPasswordChallenge', clientMetadata } });
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
