// Linking: provider identities that sign in as an existing user of the pool
// (AdminLinkProviderForUser), taking them away (AdminDisableProviderForUser), and the lookup a
// federated sign-in makes before it creates anyone (findLinkedUser).
// - A link by the provider's subject (`Cognito_Subject`) is a store.userIdentities row, the same
//   row a federated user's own sign-in writes: the identity signs in as the row's user.
// - OIDC and SAML identities may also be linked by a mapped pool attribute (`email`): the link
//   waits under "<ProviderName> <attribute>" with the attribute's value as the id (a provider name
//   never holds a space, so it meets no provider's subjects). The first sign-in whose mapped value
//   matches turns it into a subject link, as Cognito does (a SAML user who has signed in is then
//   unlinked by Cognito_Subject + NameID).
// - The destination's `identities` attribute lists every link (identities.ts).
import type { Deps } from '../deps.js';
import type { IdentityProviderRecord, PoolRecord, Store, UserIdentityRecord, UserRecord } from '../../store/store.js';
import { InvalidParameterException, LimitExceededException, UserNotFoundException, USER_NOT_FOUND } from '../../cognito/errors.js';
import { StoreConflict } from '../../store/errors.js';
import { requireUser, usernameKey } from '../users.js';
import { schemaOf } from '../pools.js';
import { requireProvider } from '../identity-providers.js';
import type { Attributes } from '../attributes.js';
import { withIdentity, withoutIdentity, type IdentityEntry } from './identities.js';

/** The attribute name that means "the provider's own id of the user" (OIDC sub, SAML NameID, Facebook id…). */
const SUBJECT = 'Cognito_Subject';
/** DestinationUser / User ProviderName of a user of the pool itself. */
const NATIVE_PROVIDER = 'Cognito';
/** Cognito: at most five identities are linked to one user. */
const MAX_IDENTITIES_PER_USER = 5;
/** The provider types whose identities may be linked by a mapped attribute instead of the subject. */
const ATTRIBUTE_LINK_TYPES = new Set(['OIDC', 'SAML']);

/** ProviderUserIdentifierType. */
export interface ProviderUser {
  ProviderName?: string;
  ProviderAttributeName?: string;
  ProviderAttributeValue?: string;
}

const attributeKey = (providerName: string, attributeName: string) => `${providerName} ${attributeName}`;

/** The row key of an identity: the provider name for a subject, "<provider> <attribute>" otherwise. */
const linkKey = (providerName: string, attributeName: string) =>
  attributeName === SUBJECT ? providerName : attributeKey(providerName, attributeName);

function requireMember(user: ProviderUser | undefined, member: keyof ProviderUser, field: string): string {
  const value = user?.[member];
  if (!value) throw new InvalidParameterException(`${field}.${member} is required.`);
  return value;
}

/**
 * Which attribute names an identity of `provider` may be linked by: Cognito_Subject always; for
 * OIDC and SAML also a pool attribute the provider's AttributeMapping fills.
 */
function checkAttributeName(provider: IdentityProviderRecord, attributeName: string, field: string): void {
  if (attributeName === SUBJECT) return;
  if (!ATTRIBUTE_LINK_TYPES.has(provider.type)) {
    throw new InvalidParameterException(`Invalid ${field}: ProviderAttributeName must be ${SUBJECT} for ${provider.type} identity providers.`);
  }
  // `username` maps to the provider's user id, which is what Cognito_Subject names.
  if (attributeName === 'username' || !Object.hasOwn(provider.attributeMapping, attributeName)) {
    throw new InvalidParameterException(`Invalid ${field}: ${attributeName} is not mapped by identity provider ${provider.name}.`);
  }
}

/** DestinationUser: a user of the pool by username ("Cognito"), or a federated user by provider and subject. */
async function requireDestination(deps: Deps, pool: PoolRecord, destination: ProviderUser | undefined): Promise<UserRecord> {
  const providerName = requireMember(destination, 'ProviderName', 'DestinationUser');
  const value = requireMember(destination, 'ProviderAttributeValue', 'DestinationUser');
  // Cognito ignores the destination's ProviderAttributeName.
  if (providerName === NATIVE_PROVIDER) return requireUser(deps.store, pool, value);
  const identity = await deps.store.userIdentities.find(pool.id, providerName, value);
  const user = identity && (await deps.store.users.findBySub(identity.sub));
  if (!user) throw new UserNotFoundException(USER_NOT_FOUND);
  return user;
}

/**
 * Cognito: the source must be an identity that has not signed in yet (its federated user would
 * have to be merged) and that no one is linked to. Both are InvalidParameterException.
 */
async function checkSourceIsNew(store: Store, pool: PoolRecord, provider: IdentityProviderRecord, attributeName: string, value: string): Promise<void> {
  const existing = await store.userIdentities.find(pool.id, linkKey(provider.name, attributeName), value);
  const ownUser = attributeName === SUBJECT && (await store.users.findByUsernameKey(pool.id, usernameKey(pool, `${provider.name}_${value}`)));
  const signedUp = ownUser || (existing && (await store.users.findBySub(existing.sub))?.status === 'EXTERNAL_PROVIDER');
  if (signedUp) throw new InvalidParameterException('Merging is not currently supported, provide a SourceUser that has not been signed up in order to link');
  if (existing) throw new InvalidParameterException('Invalid SourceUser: this identity is already linked to a user of the user pool.');
}

/** Cognito: every attribute the destination holds must be mutable (the link rewrites its profile). */
function checkMutableProfile(pool: PoolRecord, user: UserRecord): void {
  const immutable = schemaOf(pool).find((a) => a.Name.startsWith('custom:') && !a.Mutable && user.attributes[a.Name] !== undefined);
  if (immutable) {
    throw new InvalidParameterException(`Attributes did not conform to the schema: ${immutable.Name}: Attribute cannot be updated. (changing an immutable attribute)`);
  }
}

const entryFor = (provider: IdentityProviderRecord, userId: string, createdAt: number, issuer: string | null = null): IdentityEntry => ({
  userId, providerName: provider.name, providerType: provider.type, issuer, primary: 'false', dateCreated: String(createdAt),
});

/**
 * The user as it is now, its row locked for the rest of the transaction `tx` (an UPDATE: PostgreSQL
 * holds the lock until commit), so that parallel changes to one user's links run one after another
 * and none is lost from its identities attribute or passes the limit unseen.
 */
async function lockUser(tx: Store, sub: string, now: number): Promise<UserRecord> {
  await tx.users.update(sub, { updatedAt: now });
  const user = await tx.users.findBySub(sub);
  if (!user) throw new UserNotFoundException(USER_NOT_FOUND);
  return user;
}

/** AdminLinkProviderForUser. */
export async function linkProviderForUser(deps: Deps, pool: PoolRecord, destinationUser: ProviderUser | undefined, sourceUser: ProviderUser | undefined): Promise<void> {
  const providerName = requireMember(sourceUser, 'ProviderName', 'SourceUser');
  const attributeName = requireMember(sourceUser, 'ProviderAttributeName', 'SourceUser');
  const value = requireMember(sourceUser, 'ProviderAttributeValue', 'SourceUser');
  if (providerName === NATIVE_PROVIDER) {
    throw new InvalidParameterException('Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser');
  }
  const provider = await requireProvider(deps.store, pool.id, providerName);
  checkAttributeName(provider, attributeName, 'SourceUser');
  const destination = await requireDestination(deps, pool, destinationUser);
  await checkSourceIsNew(deps.store, pool, provider, attributeName, value);
  checkMutableProfile(pool, destination);

  const now = deps.clock.now();
  try {
    await deps.store.transaction(async (tx) => {
      const user = await lockUser(tx, destination.sub, now);
      if ((await tx.userIdentities.listForUser(user.sub)).length >= MAX_IDENTITIES_PER_USER) {
        throw new LimitExceededException(`A user can have at most ${MAX_IDENTITIES_PER_USER} linked identities.`);
      }
      await tx.userIdentities.insert({ poolId: pool.id, providerName: linkKey(provider.name, attributeName), providerUserId: value, sub: user.sub, createdAt: now });
      await tx.users.update(user.sub, { attributes: withIdentity(user.attributes, entryFor(provider, value, now)) });
    });
  } catch (error) {
    // A parallel request linked or signed in the same identity first.
    if (error instanceof StoreConflict) throw new InvalidParameterException('Invalid SourceUser: this identity is already linked to a user of the user pool.');
    throw error;
  }
}

/**
 * AdminDisableProviderForUser. For a provider identity: the link (or the federated user's own
 * identity) is removed, so its next sign-in creates a new user. For `Cognito` + Cognito_Subject +
 * username: the user can no longer sign in with a password (its password is removed; its linked
 * identities still sign in, and AdminSetUserPassword gives it a password again).
 */
export async function disableProviderForUser(deps: Deps, pool: PoolRecord, user: ProviderUser | undefined): Promise<void> {
  const providerName = requireMember(user, 'ProviderName', 'User');
  const attributeName = requireMember(user, 'ProviderAttributeName', 'User');
  const value = requireMember(user, 'ProviderAttributeValue', 'User');
  const now = deps.clock.now();
  if (providerName === NATIVE_PROVIDER) {
    if (attributeName !== SUBJECT) throw new InvalidParameterException(`Invalid User: ProviderAttributeName must be ${SUBJECT} for ${NATIVE_PROVIDER} users.`);
    const native = await requireUser(deps.store, pool, value);
    await deps.store.users.update(native.sub, { passwordHash: null, srpSealed: null, passwordExpiresAt: null, updatedAt: now });
    return;
  }
  const provider = await requireProvider(deps.store, pool.id, providerName);
  checkAttributeName(provider, attributeName, 'User');
  const link = await deps.store.userIdentities.find(pool.id, linkKey(provider.name, attributeName), value);
  if (!link) throw new UserNotFoundException(USER_NOT_FOUND);
  await deps.store.transaction(async (tx) => {
    const owner = await lockUser(tx, link.sub, now);
    await tx.userIdentities.delete(pool.id, link.providerName, link.providerUserId);
    await tx.users.update(owner.sub, { attributes: withoutIdentity(owner.attributes, provider.name, value) });
  });
}

/** What a federated sign-in knows of the identity: its subject, its mapped attributes, its issuer. */
export interface SigningInIdentity {
  providerUserId: string;
  /** The pool attributes the provider's AttributeMapping gives for this sign-in. */
  mapped: Attributes;
  issuer?: string | null;
}

/**
 * The user a provider identity signs in as, if the pool knows it: by a subject link (its own
 * federated user or a linked one), else by an attribute link whose mapped value matches, which
 * this sign-in turns into a subject link. Undefined: the sign-in creates a new user.
 */
export async function findLinkedUser(deps: Deps, pool: PoolRecord, provider: IdentityProviderRecord, identity: SigningInIdentity): Promise<UserRecord | undefined> {
  const bySubject = await deps.store.userIdentities.find(pool.id, provider.name, identity.providerUserId);
  if (bySubject) return deps.store.users.findBySub(bySubject.sub);
  if (!ATTRIBUTE_LINK_TYPES.has(provider.type)) return undefined;
  for (const attributeName of Object.keys(provider.attributeMapping)) {
    const value = identity.mapped[attributeName];
    if (!value) continue;
    const link = await deps.store.userIdentities.find(pool.id, attributeKey(provider.name, attributeName), value);
    if (!link) continue;
    return claimAttributeLink(deps, provider, link, identity);
  }
  return undefined;
}

/** Turns an attribute link into a link by the subject that just signed in with it. */
async function claimAttributeLink(deps: Deps, provider: IdentityProviderRecord, link: UserIdentityRecord, identity: SigningInIdentity): Promise<UserRecord | undefined> {
  const now = deps.clock.now();
  try {
    await deps.store.transaction(async (tx) => {
      const user = await lockUser(tx, link.sub, now);
      await tx.userIdentities.delete(link.poolId, link.providerName, link.providerUserId);
      await tx.userIdentities.insert({ poolId: link.poolId, providerName: provider.name, providerUserId: identity.providerUserId, sub: user.sub, createdAt: link.createdAt });
      const entry = entryFor(provider, identity.providerUserId, link.createdAt, identity.issuer ?? null);
      await tx.users.update(user.sub, { attributes: withIdentity(withoutIdentity(user.attributes, provider.name, link.providerUserId), entry) });
    });
  } catch (error) {
    // A parallel sign-in of the same identity claimed it first: sign in as whoever it now is.
    if (!(error instanceof StoreConflict)) throw error;
    const claimed = await deps.store.userIdentities.find(link.poolId, provider.name, identity.providerUserId);
    return claimed && deps.store.users.findBySub(claimed.sub);
  }
  return deps.store.users.findBySub(link.sub);
}

