// Users: how a sign-in name finds a user (username, or email/phone as username attribute or as a
// verified alias), creation with uniqueness left to the store's constraints, and the views.
import type { Deps } from './deps.js';
import type { AliasRecord, ClientRecord, PoolRecord, Store, UserRecord } from '../store/store.js';
import { AliasExistsException, InvalidParameterException, UserNotFoundException, UsernameExistsException, USER_NOT_FOUND } from '../cognito/errors.js';
import { StoreConflict } from '../store/errors.js';
import { newUuid } from '../crypto/random.js';
import { isCaseSensitive, toEpochSeconds } from './pools.js';
import { toAttributeList, readableBy, type Attributes } from './attributes.js';
import { SMS_MFA_OPTION } from './mfa-settings.js';
import { USERNAME_PATTERN } from '../cognito/shapes.js';

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED' | 'EXTERNAL_PROVIDER';

const ALIAS_KINDS = ['email', 'phone_number', 'preferred_username'] as const;


/** Refuses a username outside Cognito's pattern, worded as the API's validation words it. */
export function checkUsername(username: string): void {
  if (!USERNAME_PATTERN.test(username)) {
    throw new InvalidParameterException("1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
  }
}

export const usernameKey = (pool: PoolRecord, username: string): string =>
  isCaseSensitive(pool) ? username : username.toLowerCase();

/** Email addresses compare case-insensitively in case-insensitive pools; phone numbers exactly. */
const aliasKey = (pool: PoolRecord, kind: string, value: string): string =>
  kind === 'phone_number' || isCaseSensitive(pool) ? value : value.toLowerCase();

const usernameAttributes = (pool: PoolRecord): string[] => pool.config.UsernameAttributes ?? [];
const aliasAttributes = (pool: PoolRecord): string[] => pool.config.AliasAttributes ?? [];

/**
 * The sign-in identifiers a user holds besides the username: with UsernameAttributes, the email/phone
 * always (they are the username); with AliasAttributes, email/phone once verified and
 * preferred_username always.
 */
export function aliasesOf(pool: PoolRecord, attributes: Attributes): AliasRecord[] {
  const aliases: AliasRecord[] = [];
  for (const kind of ALIAS_KINDS) {
    const value = attributes[kind];
    if (!value) continue;
    const asUsername = usernameAttributes(pool).includes(kind);
    const asAlias = aliasAttributes(pool).includes(kind) && (kind === 'preferred_username' || attributes[`${kind}_verified`] === 'true');
    if (asUsername || asAlias) aliases.push({ kind, valueKey: aliasKey(pool, kind, value) });
  }
  return aliases;
}

/** Finds a user by anything they may sign in with: username, sub (for attribute-username pools), or alias. */
export async function findUserByLogin(store: Store, pool: PoolRecord, login: string): Promise<UserRecord | undefined> {
  const byName = await store.users.findByUsernameKey(pool.id, usernameKey(pool, login));
  if (byName) return byName;
  const kinds = [...usernameAttributes(pool), ...aliasAttributes(pool)];
  for (const kind of ALIAS_KINDS) {
    if (!kinds.includes(kind)) continue;
    if (kind === 'email' && !login.includes('@')) continue;
    if (kind === 'phone_number' && !login.startsWith('+')) continue;
    const user = await store.users.findByAlias(pool.id, kind, aliasKey(pool, kind, login));
    if (user) return user;
  }
  return undefined;
}

export async function requireUser(store: Store, pool: PoolRecord, login: string): Promise<UserRecord> {
  const user = await findUserByLogin(store, pool, login);
  if (!user) throw new UserNotFoundException(USER_NOT_FOUND);
  return user;
}

export interface NewUser {
  username: string;
  attributes: Attributes;
  status: UserStatus;
  passwordHash: string | null;
  srpSealed?: string | null;
  passwordExpiresAt?: number | null;
  enabled?: boolean;
  /** The sign-in aliases to hold; by default those the attributes give (aliasesOf). */
  aliases?: AliasRecord[];
}

/**
 * With UsernameAttributes the given "username" is an email or phone number: it becomes that
 * attribute and the internal username is the sub, as in Cognito.
 */
export function resolveUsername(pool: PoolRecord, username: string, attributes: Attributes): { username: string; attributes: Attributes; sub: string } {
  checkUsername(username);
  const sub = newUuid();
  const kinds = usernameAttributes(pool);
  if (kinds.length === 0) return { username, attributes, sub };
  const kind = username.startsWith('+') && kinds.includes('phone_number') ? 'phone_number' : kinds.includes('email') && username.includes('@') ? 'email' : undefined;
  if (!kind) {
    // Cognito's wording: "Username should be an email." (or a phone number, or either).
    const expected = kinds.length > 1 ? 'either an email or a phone number' : kinds[0] === 'email' ? 'an email' : 'a phone number';
    throw new InvalidParameterException(`Username should be ${expected}.`);
  }
  return { username: sub, attributes: { ...attributes, [kind]: username }, sub };
}

/** `store` is a transaction's when the insert is part of one (see takeOverAliases). */
export async function insertUser(deps: Deps, pool: PoolRecord, sub: string, user: NewUser, existsMessage: string, store: Store = deps.store): Promise<UserRecord> {
  const now = deps.clock.now();
  const record: UserRecord = {
    sub, poolId: pool.id, username: user.username, usernameKey: usernameKey(pool, user.username), status: user.status,
    enabled: user.enabled ?? true, passwordHash: user.passwordHash, srpSealed: user.srpSealed ?? null, attributes: user.attributes, mfa: {},
    failedAttempts: 0, lastFailedAt: null, lockedUntil: null, passwordExpiresAt: user.passwordExpiresAt ?? null,
    createdAt: now, updatedAt: now,
  };
  try {
    await store.users.insert(record, user.aliases ?? aliasesOf(pool, user.attributes));
  } catch (error) {
    if (!(error instanceof StoreConflict)) throw error;
    if (error.table === 'users') throw new UsernameExistsException(existsMessage);
    // An alias collision: for attribute-username pools it is the username itself that exists.
    if (usernameAttributes(pool).length > 0) throw new UsernameExistsException('An account with the given email already exists.');
    throw new AliasExistsException('An account with the given email already exists.');
  }
  return record;
}

/** Rewrites the user's aliases after an attribute change; a taken alias is AliasExistsException. */
export async function syncAliases(store: Store, pool: PoolRecord, user: UserRecord, attributes: Attributes): Promise<void> {
  const next = aliasesOf(pool, attributes);
  const current = aliasesOf(pool, user.attributes);
  const same = next.length === current.length && next.every((a, i) => a.kind === current[i].kind && a.valueKey === current[i].valueKey);
  if (same) return;
  try {
    await store.users.setAliases(pool.id, user.sub, next);
  } catch (error) {
    if (error instanceof StoreConflict) throw new AliasExistsException('An account with the given email already exists.');
    throw error;
  }
}

/**
 * Cognito: an alias a new user claims (AdminCreateUser's ForceAliasCreation, an email or phone
 * number PreSignUp auto-verifies) moves from whoever held it; that user keeps the attribute, no
 * longer verified. Answers the holders as they were, for restoreAliasHolders.
 */
export async function takeOverAliases(store: Store, pool: PoolRecord, aliases: AliasRecord[], now: number): Promise<UserRecord[]> {
  const displaced: UserRecord[] = [];
  for (const alias of aliases) {
    const holder = await store.users.findByAlias(pool.id, alias.kind, alias.valueKey);
    if (!holder) continue;
    const flag = `${alias.kind}_verified`;
    const next = { ...holder.attributes };
    if (flag in next) next[flag] = 'false';
    await store.users.setAliases(pool.id, holder.sub, aliasesOf(pool, next).filter((a) => !(a.kind === alias.kind && a.valueKey === alias.valueKey)));
    await store.users.update(holder.sub, { attributes: next, updatedAt: now });
    displaced.push(holder);
  }
  return displaced;
}

/** Gives displaced holders back their aliases and verified flags (the claiming user is gone). */
export async function restoreAliasHolders(store: Store, pool: PoolRecord, holders: UserRecord[]): Promise<void> {
  for (const holder of holders) {
    await store.users.setAliases(pool.id, holder.sub, aliasesOf(pool, holder.attributes));
    await store.users.update(holder.sub, { attributes: holder.attributes, updatedAt: holder.updatedAt });
  }
}

/** UserType, as ListUsers and AdminCreateUser return it. */
export function userType(user: UserRecord, only?: (name: string) => boolean) {
  return {
    Username: user.username,
    Attributes: toAttributeList(user.attributes, user.sub, only),
    UserCreateDate: toEpochSeconds(user.createdAt),
    UserLastModifiedDate: toEpochSeconds(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaOptions(user),
  };
}

/** The legacy MFAOptions member: SMS delivery to phone_number while SMS MFA is enabled, else absent. */
const mfaOptions = (user: UserRecord) =>
  (user.mfa.enabled ?? []).includes('SMS_MFA') ? { MFAOptions: [{ ...SMS_MFA_OPTION }] } : {};

/** MFA members shared by AdminGetUser and GetUser. */
export function mfaView(user: UserRecord) {
  const list: string[] = user.mfa.enabled ?? [];
  return {
    ...mfaOptions(user),
    ...(list.length > 0 && { UserMFASettingList: list }),
    ...(user.mfa.preferred && { PreferredMfaSetting: user.mfa.preferred }),
  };
}

/** GetUser's view: what the client may read. */
export function getUserView(user: UserRecord, client: ClientRecord | undefined) {
  return {
    Username: user.username,
    UserAttributes: toAttributeList(user.attributes, user.sub, readableBy(client)),
    ...mfaView(user),
  };
}
