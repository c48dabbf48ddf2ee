// The federated user: the pool user an identity provider's sign-in becomes. The first sign-in
// creates `<ProviderName>_<provider's id>` (EXTERNAL_PROVIDER, a fresh sub, the `identities`
// attribute, the automatic `<poolId>_<ProviderName>` group); every sign-in rewrites the attributes
// the provider's AttributeMapping maps. The surfaces (OIDC/social, SAML) hand it what the
// provider said about the user; the triggers Cognito runs for federated users run here.
import type { Deps } from '../deps.js';
import type { ClientRecord, IdentityProviderRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { CognitoError, InvalidParameterException, NotAuthorizedException } from '../../cognito/errors.js';
import { StoreConflict } from '../../store/errors.js';
import { newUuid } from '../../crypto/random.js';
import { isCaseSensitive, schemaOf } from '../pools.js';
import { validateAttributes, type Attributes } from '../attributes.js';
import { insertUser, syncAliases } from '../users.js';
import { preSignUp } from '../triggers/pre-sign-up.js';
import { postConfirmation } from '../triggers/post-confirmation.js';
import { postAuthentication, preAuthentication } from '../triggers/authentication.js';
import { runTrigger, stringMapMember } from '../triggers/run.js';
import type { IdentityEntry } from './identities.js';
import { findLinkedUser } from './links.js';

/** What the provider said about the user who signed in. */
export interface FederatedProfile {
  /** OIDC/Google/Apple `sub`, Facebook `id`, LoginWithAmazon `user_id`, SAML NameID. */
  providerUserId: string;
  /** The claims (ID token and userInfo merged) or SAML attributes AttributeMapping reads from. */
  claims: Record<string, unknown>;
  /** The provider's issuer as the `identities` entry names it (null for the social providers). */
  issuer: string | null;
  /** The raw answers, for the InboundFederation trigger. */
  raw?: { tokenResponse?: Record<string, unknown>; idToken?: Record<string, unknown>; userInfo?: Record<string, unknown>; samlResponse?: Record<string, unknown> };
}

export type { IdentityEntry };

/** Cognito: the value of a mapped attribute may be at most 2048 characters. */
const MAX_MAPPED_VALUE = 2048;

/**
 * Cognito: `<ProviderName>_<id>`. Real tokens show it lower-cased (`google_1026…`) in pools whose
 * usernames are case-insensitive; a case-sensitive pool keeps the provider name as written.
 */
export function federatedUsername(pool: PoolRecord, provider: IdentityProviderRecord, providerUserId: string): string {
  const username = `${provider.name}_${providerUserId}`;
  return isCaseSensitive(pool) ? username : username.toLowerCase();
}

/** Cognito's automatic group for the users of a provider. */
export const providerGroupName = (pool: PoolRecord, provider: IdentityProviderRecord): string => `${pool.id}_${provider.name}`;

/**
 * Cognito: a multi-valued claim is flattened into one string, each value URL-form-encoded (all but
 * letters, digits and `. - * _`), the values in brackets separated by ", ".
 */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

function claimValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.filter((item) => item !== null && item !== undefined).map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
    return `[${items.map(formEncode).join(', ')}]`;
  }
  return JSON.stringify(value);
}

/**
 * The pool attributes AttributeMapping (pool attribute → provider claim) gives this sign-in. A
 * claim the provider did not send maps to nothing (the user's stored value stays).
 */
export function mapAttributes(provider: IdentityProviderRecord, claims: Record<string, unknown>): Attributes {
  const mapped: Attributes = Object.create(null);
  for (const [attribute, claim] of Object.entries(provider.attributeMapping ?? {})) {
    if (attribute === 'username') continue;
    const value = claimValue(Object.prototype.hasOwnProperty.call(claims, claim) ? claims[claim] : undefined);
    if (value === undefined) continue;
    // Cognito reads the verification flags as booleans whatever their spelling.
    mapped[attribute] = /_verified$/.test(attribute) && /^(true|false)$/i.test(value) ? value.toLowerCase() : value;
  }
  return mapped;
}

/** A sign-in the pool refuses because of what the provider sent (Cognito's wording at /oauth2/idpresponse). */
function invalidAttributes(detail: string): CognitoError {
  return new InvalidParameterException(`Invalid user attributes: ${detail}`);
}

function checkMapped(pool: PoolRecord, attributes: Attributes, creating: boolean): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value.length > MAX_MAPPED_VALUE) throw invalidAttributes(`${name}: Attribute value exceeds ${MAX_MAPPED_VALUE} characters.`);
  }
  validateAttributes(pool, attributes, { creating });
  if (!creating) return;
  for (const attribute of schemaOf(pool)) {
    if (attribute.Required && attribute.Name !== 'sub' && !attributes[attribute.Name]) {
      throw invalidAttributes(`${attribute.Name}: Attribute is required.`);
    }
  }
}

/**
 * Cognito: an app client that lists WriteAttributes must list every attribute a sign-in through it
 * maps, or the sign-in fails: a provider writes only what the client itself could.
 */
function checkClientMayWrite(client: ClientRecord, attributes: Attributes): void {
  const writable: string[] | undefined = client.config.WriteAttributes;
  if (!writable || writable.length === 0) return;
  const refused = Object.keys(attributes).find((name) => !writable.includes(name));
  if (refused) throw invalidAttributes(`${refused}: Attribute is not writable by the app client.`);
}

/**
 * InboundFederation (when the pool names one): the function sees what the provider sent and
 * answers the attributes to map, which replace the mapped ones (`{}` or no answer keeps them).
 */
async function inboundFederation(deps: Deps, pool: PoolRecord, client: ClientRecord, provider: IdentityProviderRecord, username: string, profile: FederatedProfile, mapped: Attributes): Promise<Attributes> {
  const response = await runTrigger(deps, pool, 'InboundFederation', {
    triggerSource: 'InboundFederation_ExternalProvider',
    userName: username,
    clientId: client.id,
    request: {
      providerName: provider.name,
      providerType: provider.type,
      attributes: {
        tokenResponse: profile.raw?.tokenResponse ?? {},
        idToken: profile.raw?.idToken ?? {},
        userInfo: profile.raw?.userInfo ?? {},
        samlResponse: profile.raw?.samlResponse ?? {},
      },
    },
    response: { userAttributesToMap: {} },
  });
  const answered = stringMapMember(response, 'userAttributesToMap');
  if (!answered || Object.keys(answered).length === 0) return mapped;
  const replaced: Attributes = Object.create(null);
  for (const [name, value] of Object.entries(answered)) replaced[name] = value;
  return replaced;
}

/** The `identities` attribute's entry for this provider identity (strings, as real tokens carry). */
export function identityEntry(provider: IdentityProviderRecord, profile: FederatedProfile, createdAt: number): IdentityEntry {
  return {
    userId: profile.providerUserId,
    providerName: provider.name,
    providerType: provider.type,
    issuer: profile.issuer,
    primary: 'true',
    dateCreated: String(createdAt),
  };
}

/** Cognito creates the provider's group with the first user who signs in through it. */
async function ensureProviderGroup(deps: Deps, pool: PoolRecord, provider: IdentityProviderRecord): Promise<string> {
  const name = providerGroupName(pool, provider);
  if (await deps.store.groups.find(pool.id, name)) return name;
  const now = deps.clock.now();
  try {
    await deps.store.groups.insert({
      poolId: pool.id, name, description: `Autogenerated group for users who sign in using ${provider.name}`,
      roleArn: null, precedence: null, createdAt: now, updatedAt: now,
    });
  } catch (error) {
    // Another sign-in created it first.
    if (!(error instanceof StoreConflict)) throw error;
  }
  return name;
}

async function createFederatedUser(deps: Deps, pool: PoolRecord, client: ClientRecord, provider: IdentityProviderRecord, username: string, profile: FederatedProfile, mapped: Attributes): Promise<UserRecord> {
  checkMapped(pool, mapped, true);
  const decision = await preSignUp(deps, pool, client, 'PreSignUp_ExternalProvider', { username, attributes: mapped });
  // A PreSignUp_ExternalProvider function may link the identity to an existing user
  // (AdminLinkProviderForUser, the usual way to merge accounts by email): it signs in as that user.
  const linked = await findLinkedUser(deps, pool, provider, { providerUserId: profile.providerUserId, mapped, issuer: profile.issuer });
  if (linked) return updateKnownUser(deps, pool, linked, mapped);
  const now = deps.clock.now();
  const attributes: Attributes = { ...mapped, identities: JSON.stringify([identityEntry(provider, profile, now)]) };
  // Cognito: autoConfirmUser means nothing to a provider's user (always EXTERNAL_PROVIDER); the verify flags count.
  if (decision.autoVerifyEmail) attributes.email_verified = 'true';
  if (decision.autoVerifyPhone) attributes.phone_number_verified = 'true';
  const sub = newUuid();
  const groupName = await ensureProviderGroup(deps, pool, provider);
  const user = await deps.store.transaction(async (tx) => {
    // Cognito: a provider's user signs in through the provider only, so its email or phone number is
    // no sign-in alias: it may be the same as a user's of the pool (linking merges such users).
    const created = await insertUser(deps, pool, sub, { username, attributes, status: 'EXTERNAL_PROVIDER', passwordHash: null, aliases: [] }, 'User already exists', tx);
    await tx.userIdentities.insert({ poolId: pool.id, providerName: provider.name, providerUserId: profile.providerUserId, sub, createdAt: now });
    await tx.groups.addMember(pool.id, groupName, sub, now);
    return created;
  });
  try {
    await postConfirmation(deps, pool, client.id, 'PostConfirmation_ConfirmSignUp', user);
  } catch (error) {
    // A failing PostConfirmation fails the first sign-in: nothing of the user stays.
    await deps.store.users.delete(user.sub);
    throw error;
  }
  return user;
}

/**
 * A user the identity already signs in as (its own federated user or a linked one): refused when
 * disabled, else updated as updateFederatedUser says. Cognito: a linked user keeps its username,
 * status and groups; only the mapped attributes come from the provider.
 */
async function updateKnownUser(deps: Deps, pool: PoolRecord, user: UserRecord, mapped: Attributes): Promise<UserRecord> {
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  return updateFederatedUser(deps, pool, user, mapped);
}

/** A returning user: the mapped attributes the provider sent this time overwrite the stored ones. */
async function updateFederatedUser(deps: Deps, pool: PoolRecord, user: UserRecord, mapped: Attributes): Promise<UserRecord> {
  const changed = Object.entries(mapped).filter(([name, value]) => user.attributes[name] !== value);
  if (changed.length === 0) return user;
  checkMapped(pool, Object.fromEntries(changed), false);
  const attributes = { ...user.attributes, ...Object.fromEntries(changed) };
  // A new address the provider does not say is verified is not: the pool verified the old one.
  for (const name of ['email', 'phone_number']) {
    const flag = `${name}_verified`;
    if (changed.some(([changedName]) => changedName === name) && !(flag in mapped) && attributes[flag] === 'true') attributes[flag] = 'false';
  }
  const updatedAt = deps.clock.now();
  // A user linked to the provider (a user of the pool) keeps its aliases in step with its attributes.
  if (user.status === 'EXTERNAL_PROVIDER') {
    await deps.store.users.update(user.sub, { attributes, updatedAt });
  } else {
    await deps.store.transaction(async (tx) => {
      await syncAliases(tx, pool, user, attributes);
      await tx.users.update(user.sub, { attributes, updatedAt });
    });
  }
  return { ...user, attributes, updatedAt };
}

/**
 * Signs in the user a provider vouches for, creating them on their first sign-in. Runs
 * InboundFederation, PreSignUp_ExternalProvider and PostConfirmation (first sign-in), then
 * PreAuthentication and PostAuthentication, as Cognito does for federated users; any of them
 * failing fails the sign-in. TokenGeneration_HostedAuth runs when the app redeems the code.
 */
export async function federatedSignIn(deps: Deps, pool: PoolRecord, client: ClientRecord, provider: IdentityProviderRecord, profile: FederatedProfile): Promise<UserRecord> {
  if (!profile.providerUserId) throw invalidAttributes('the identity provider sent no user id.');
  const username = federatedUsername(pool, provider, profile.providerUserId);
  const mapped = await inboundFederation(deps, pool, client, provider, username, profile, mapAttributes(provider, profile.claims));
  checkClientMayWrite(client, mapped);
  // The identity's own federated user, or the user it is linked to (links.ts).
  const known = await findLinkedUser(deps, pool, provider, { providerUserId: profile.providerUserId, mapped, issuer: profile.issuer });
  const user = known ? await updateKnownUser(deps, pool, known, mapped) : await createFederatedUser(deps, pool, client, provider, username, profile, mapped);
  await preAuthentication(deps, pool, client, user.username, user);
  await postAuthentication(deps, pool, client, user, { newDeviceUsed: false });
  return user;
}
