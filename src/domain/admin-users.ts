// Administrator operations on users: creation with a temporary password and an invitation,
// password set/reset, attribute edits, enable/disable and sign-out everywhere.
// - Admin writes skip the client's WriteAttributes and may set email_verified/phone_number_verified.
// - A temporary password (generated or given) meets the pool policy and expires after
//   TemporaryPasswordValidityDays; sign-in refuses it once expired (sign-in/next-step.ts).
// - Disabling a user, like AdminUserGlobalSignOut, revokes every sign-in session and refresh token.
import type { Deps } from './deps.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import {
  AliasExistsException,
  InvalidParameterException,
  NotAuthorizedException,
  UnsupportedUserStateException,
} from '../cognito/errors.js';
import { newTemporaryPassword } from '../crypto/random.js';
import { checkPasswordPolicy, type PasswordPolicy } from './password-policy.js';
import { applyAttributeChanges, checkRequiredAttributes, toAttributeMap, validateAttributes, type Attributes } from './attributes.js';
import { aliasesOf, insertUser, requireUser, resolveUsername, syncAliases, takeOverAliases } from './users.js';
import { passwordCredentials } from './credentials.js';
import { NO_RECOVERY_CHANNEL, recoveryChannel, recoveryMechanisms } from './passwords.js';
import { schemaOf } from './pools.js';
import { CODE_TTL_MS, issueCode } from './codes.js';
import { deliverMessage, sendCode, type CodeDeliveryDetails } from './delivery.js';
import { preSignUp } from './triggers/pre-sign-up.js';
import type { TriggerContext } from './triggers/run.js';

type Medium = 'EMAIL' | 'SMS';

export interface AdminCreateUserInput {
  username: string;
  attributes: Array<{ Name: string; Value?: string }>;
  temporaryPassword?: string;
  forceAliasCreation?: boolean;
  messageAction?: 'RESEND' | 'SUPPRESS';
  desiredDeliveryMediums?: Medium[];
  /** ValidationData and ClientMetadata, for PreSignUp (and ClientMetadata for CustomMessage / the custom senders). */
  trigger?: TriggerContext;
}

// Cognito's default invitation.
const DEFAULT_INVITE = 'Your username is {username} and temporary password is {####}. ';
const DEFAULT_INVITE_SUBJECT = 'Your temporary password';

const passwordPolicy = (pool: PoolRecord): PasswordPolicy & { TemporaryPasswordValidityDays?: number } => pool.config.Policies.PasswordPolicy;

/** When a temporary password stops working; 0 days means it never expires. */
function temporaryPasswordExpiry(deps: Deps, pool: PoolRecord): number | null {
  const days = Number(passwordPolicy(pool).TemporaryPasswordValidityDays ?? 7);
  return days > 0 ? deps.clock.now() + days * 86_400_000 : null;
}

function temporaryPassword(pool: PoolRecord, given: string | undefined): string {
  if (given === undefined) return newTemporaryPassword(passwordPolicy(pool).MinimumLength);
  checkPasswordPolicy(passwordPolicy(pool), given);
  return given;
}

/**
 * Where the invitation goes. Asked-for mediums need their attribute (Cognito refuses otherwise);
 * with none asked for, Cognito's default is SMS: we use the phone when there is one, else the email.
 */
function invitationTargets(attributes: Attributes, mediums: Medium[] | undefined): Array<{ medium: Medium; destination: string }> {
  if (!mediums || mediums.length === 0) {
    if (attributes.phone_number) return [{ medium: 'SMS', destination: attributes.phone_number }];
    if (attributes.email) return [{ medium: 'EMAIL', destination: attributes.email }];
    return [];
  }
  return [...new Set(mediums)].map((medium) => {
    const destination = medium === 'EMAIL' ? attributes.email : attributes.phone_number;
    if (!destination) {
      throw new InvalidParameterException(medium === 'EMAIL'
        ? 'No email provided but desired delivery medium was Email'
        : 'No phone_number provided but desired delivery medium was Sms');
    }
    return { medium, destination };
  });
}

async function sendInvitation(deps: Deps, pool: PoolRecord, user: UserRecord, input: AdminCreateUserInput, password: string, targets: Array<{ medium: Medium; destination: string }>): Promise<void> {
  const template = pool.config.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
  for (const { medium, destination } of targets) {
    await deliverMessage(deps, pool, user, {
      source: 'AdminCreateUser', clientId: null, context: input.trigger,
      purpose: 'invitation', medium, destination, code: password, login: input.username,
      text: medium === 'EMAIL'
        ? { subject: template.EmailSubject ?? DEFAULT_INVITE_SUBJECT, body: template.EmailMessage ?? DEFAULT_INVITE }
        : { body: template.SMSMessage ?? DEFAULT_INVITE },
    });
  }
}

export async function adminCreateUser(deps: Deps, pool: PoolRecord, input: AdminCreateUserInput): Promise<UserRecord> {
  if (input.messageAction === 'RESEND') return resendInvitation(deps, pool, input);
  const resolved = resolveUsername(pool, input.username, toAttributeMap(input.attributes));
  const { username, sub } = resolved;
  const attributes = resolved.attributes;
  validateAttributes(pool, attributes, { creating: true });
  checkRequiredAttributes(pool, attributes);
  const password = temporaryPassword(pool, input.temporaryPassword);
  const targets = input.messageAction === 'SUPPRESS' ? [] : invitationTargets(attributes, input.desiredDeliveryMediums);
  // The trigger runs before anything is written (its answer's flags do not count here).
  await preSignUp(deps, pool, undefined, 'PreSignUp_AdminCreateUser', { username, attributes }, input.trigger);
  const credentials = await passwordCredentials(deps, pool, username, password);
  const create = () => insertUser(deps, pool, sub, {
    username, attributes, status: 'FORCE_CHANGE_PASSWORD', ...credentials, passwordExpiresAt: temporaryPasswordExpiry(deps, pool),
  }, 'User account already exists');
  let user: UserRecord;
  try {
    user = await create();
  } catch (error) {
    if (!(error instanceof AliasExistsException) || !input.forceAliasCreation) throw error;
    // ForceAliasCreation: the aliases move to the new user (see takeOverAliases).
    await deps.store.transaction((tx) => takeOverAliases(tx, pool, aliasesOf(pool, attributes), deps.clock.now()));
    user = await create();
  }
  try {
    await sendInvitation(deps, pool, user, input, password, targets);
  } catch (error) {
    // A failing CustomMessage (or delivery) fails the creation: no user is left whose temporary password nobody received.
    await deps.store.users.delete(user.sub);
    throw error;
  }
  return user;
}

/** MessageAction RESEND: a new temporary password for a user who has not yet signed in. */
async function resendInvitation(deps: Deps, pool: PoolRecord, input: AdminCreateUserInput): Promise<UserRecord> {
  const user = await requireUser(deps.store, pool, input.username);
  if (user.status !== 'FORCE_CHANGE_PASSWORD') {
    throw new UnsupportedUserStateException(`Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD`);
  }
  const password = temporaryPassword(pool, input.temporaryPassword);
  const targets = invitationTargets(user.attributes, input.desiredDeliveryMediums);
  const passwordExpiresAt = temporaryPasswordExpiry(deps, pool);
  const credentials = await passwordCredentials(deps, pool, user.username, password);
  const updatedAt = deps.clock.now();
  await deps.store.users.update(user.sub, { ...credentials, passwordExpiresAt, failedAttempts: 0, lastFailedAt: null, lockedUntil: null, updatedAt });
  const updated = { ...user, ...credentials, passwordExpiresAt, updatedAt };
  await sendInvitation(deps, pool, updated, input, password, targets);
  return updated;
}

export async function adminSetUserPassword(deps: Deps, pool: PoolRecord, user: UserRecord, password: string, permanent: boolean): Promise<void> {
  checkPasswordPolicy(passwordPolicy(pool), password);
  const credentials = await passwordCredentials(deps, pool, user.username, password);
  await deps.store.users.update(user.sub, {
    ...credentials,
    status: permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
    passwordExpiresAt: permanent ? null : temporaryPasswordExpiry(deps, pool),
    failedAttempts: 0, lastFailedAt: null, lockedUntil: null,
    updatedAt: deps.clock.now(),
  });
}

/** RESET_REQUIRED, and a forgot-password code to the user's verified channel. */
export async function adminResetUserPassword(deps: Deps, pool: PoolRecord, user: UserRecord, context?: TriggerContext): Promise<CodeDeliveryDetails | undefined> {
  // Cognito: a user who has not set a password yet, or is disabled, has none to reset.
  if (user.status === 'FORCE_CHANGE_PASSWORD' || !user.enabled) {
    throw new NotAuthorizedException('User password cannot be reset in the current state.');
  }
  // With `admin_only` recovery no code is sent: the admin sets the next password.
  const adminOnly = recoveryMechanisms(pool).some((m) => m.Name === 'admin_only');
  const channel = adminOnly ? undefined : recoveryChannel(pool, user);
  if (!adminOnly && !channel) throw new InvalidParameterException(NO_RECOVERY_CHANNEL);
  await deps.store.users.update(user.sub, { status: 'RESET_REQUIRED', updatedAt: deps.clock.now() });
  if (!channel) return undefined;
  const code = await issueCode(deps, user, 'forgot_password', CODE_TTL_MS.forgot_password);
  return sendCode(deps, pool, user, channel, 'forgot_password', code, { source: 'ForgotPassword', clientId: null, context });
}

export async function adminUpdateUserAttributes(deps: Deps, pool: PoolRecord, user: UserRecord, list: Array<{ Name: string; Value?: string }>, context?: TriggerContext): Promise<void> {
  const changes = toAttributeMap(list);
  validateAttributes(pool, changes, { creating: false });
  const attributes = applyAttributeChanges(user.attributes, changes);
  checkRequiredAttributes(pool, attributes);
  const updatedAt = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await syncAliases(tx, pool, user, attributes);
    await tx.users.update(user.sub, { attributes, updatedAt });
  });
  await sendVerificationCodes(deps, pool, { ...user, attributes, updatedAt }, changes, context);
}

/**
 * Cognito: a new, unverified email or phone number that the pool auto-verifies gets a
 * verification code (purpose `verify:<attribute>`, answered by VerifyUserAttribute).
 */
async function sendVerificationCodes(deps: Deps, pool: PoolRecord, user: UserRecord, changes: Attributes, context?: TriggerContext): Promise<void> {
  const autoVerified: string[] = pool.config.AutoVerifiedAttributes ?? [];
  for (const attribute of ['email', 'phone_number'] as const) {
    const destination = user.attributes[attribute];
    if (!(attribute in changes) || !destination || !autoVerified.includes(attribute)) continue;
    if (user.attributes[`${attribute}_verified`] === 'true') continue;
    const purpose = `verify:${attribute}`;
    // Bound to the address, as VerifyUserAttribute checks it (see user-attributes.ts).
    const code = await issueCode(deps, user, purpose, CODE_TTL_MS.verify, { binding: destination });
    await sendCode(deps, pool, user, { medium: attribute === 'email' ? 'EMAIL' : 'SMS', attribute, destination }, purpose, code, { source: 'UpdateUserAttribute', clientId: null, context });
  }
}

export async function adminDeleteUserAttributes(deps: Deps, pool: PoolRecord, user: UserRecord, names: string[]): Promise<void> {
  const schema = schemaOf(pool);
  const attributes = { ...user.attributes };
  for (const name of names) {
    const attribute = schema.find((a) => a.Name === name);
    if (!attribute) throw new InvalidParameterException(`Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`);
    if (name === 'sub' || !attribute.Mutable) throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: Attribute cannot be updated. (changing an immutable attribute)`);
    if (attribute.Required) throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: The attribute ${name} is required`);
    delete attributes[name];
    // An email or phone that is gone cannot stay verified.
    if (name === 'email' || name === 'phone_number') delete attributes[`${name}_verified`];
  }
  await deps.store.transaction(async (tx) => {
    await syncAliases(tx, pool, user, attributes);
    await tx.users.update(user.sub, { attributes, updatedAt: deps.clock.now() });
  });
}

/** Revokes every sign-in session (so their access and ID tokens) and every refresh token. */
export async function signOutEverywhere(deps: Deps, user: UserRecord): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.authSessions.revokeAllForUser(user.sub, now);
    await tx.refreshTokens.revokeAllForUser(user.sub, now);
  });
}

export async function setUserEnabled(deps: Deps, user: UserRecord, enabled: boolean): Promise<void> {
  await deps.store.users.update(user.sub, { enabled, updatedAt: deps.clock.now() });
  if (!enabled) await signOutEverywhere(deps, user);
}
