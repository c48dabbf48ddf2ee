// A pool's identity providers (OIDC, SAML, social): Cognito's rules for creating, replacing and
// deleting one, the IdentityProviderType view, and the one way the sign-in code reads a provider's
// secrets. ProviderDetails rules per type live in provider-details.ts.
// - Social providers are named after their type (Cognito: "Provider X cannot be of type Google.");
//   COGNITO is the user pool itself, never a provider name.
// - AttributeMapping keys are pool attributes; custom ones must exist and be mutable. Every type but
//   SAML maps `username` to the provider's user id unless told otherwise, as Cognito shows it.
// - IdpIdentifiers are unique within the pool.
// - Secrets are sealed at rest; Describe shows client_secret (as Cognito does) but never private_key.
import type { Deps } from './deps.js';
import type { IdentityProviderRecord, Json, PoolRecord, Store } from '../store/store.js';
import {
  DuplicateProviderException,
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException,
} from '../cognito/errors.js';
import { StoreConflict } from '../store/errors.js';
import { NEW_PROVIDER_NAME_PATTERN } from '../cognito/identity-provider-shapes.js';
import { schemaOf, toEpochSeconds } from './pools.js';
import {
  builtInJwksUri,
  normalizeDetails,
  SECRET_KEYS,
  SOCIAL_TYPES,
  type NormalizedDetails,
  type ProviderSecrets,
  type ProviderType,
} from './provider-details.js';

export type { ProviderType, ProviderSecrets } from './provider-details.js';

/** Cognito: 300 identity providers per user pool. */
const MAX_PROVIDERS = 300;
const SECRETS_PURPOSE = 'identity-provider-secrets';

// Kept inside the stored details under keys no ProviderDetails input can have (inputs are checked
// against each type's key list), and never shown by Describe.
const SEALED_SECRETS_KEY = 'gatehouse:secrets';
const SAML_METADATA_KEY = 'gatehouse:saml-metadata';
const ACR_MAPPING_KEY = 'gatehouse:acr-mapping';
/** The ProviderDetails last sent, secrets left out: what a declared provider is compared with. */
const GIVEN_DETAILS_KEY = 'gatehouse:given-details';
const isInternalKey = (key: string): boolean => key.startsWith('gatehouse:');

/** The claim each type's user id comes from: Cognito's default `username` mapping. */
const USERNAME_CLAIM: Partial<Record<ProviderType, string>> = {
  OIDC: 'sub', Google: 'sub', SignInWithApple: 'sub', Facebook: 'id', LoginWithAmazon: 'user_id',
};

export interface IdentityProviderInput {
  ProviderName: string;
  ProviderType?: ProviderType;
  ProviderDetails?: Record<string, string>;
  AttributeMapping?: Record<string, string>;
  IdpIdentifiers?: string[];
  AcrMapping?: Record<string, string>;
}

export async function requireProvider(store: Store, poolId: string, name: string): Promise<IdentityProviderRecord> {
  const provider = await store.identityProviders.find(poolId, name);
  if (!provider) throw new ResourceNotFoundException(`Identity provider ${name} does not exist.`);
  return provider;
}

/** The provider's client_secret and (SignInWithApple) private_key, opened from the store. */
export function providerSecrets(deps: Deps, provider: IdentityProviderRecord): ProviderSecrets {
  const sealed = provider.details[SEALED_SECRETS_KEY];
  return sealed ? JSON.parse(deps.sealer.open(sealed, SECRETS_PURPOSE)) : {};
}

/** A SAML provider's metadata document: MetadataFile, or what MetadataURL served when it was configured. */
export function providerSamlMetadata(provider: IdentityProviderRecord): string | undefined {
  return provider.details[SAML_METADATA_KEY];
}

/** Where to send the user and fetch tokens and claims: the details, plus the built-in JWKS of Google and Apple. */
export function providerEndpoints(provider: IdentityProviderRecord): {
  authorizeUrl?: string; tokenUrl?: string; attributesUrl?: string; jwksUri?: string; issuer?: string;
  tokenRequestMethod: 'GET' | 'POST'; attributesRequestMethod: 'GET' | 'POST'; scopes: string[];
} {
  const d = provider.details;
  return {
    authorizeUrl: d.authorize_url,
    tokenUrl: d.token_url,
    attributesUrl: d.attributes_url,
    jwksUri: d.jwks_uri ?? builtInJwksUri(provider.type),
    issuer: d.oidc_issuer,
    tokenRequestMethod: d.token_request_method === 'GET' ? 'GET' : 'POST',
    attributesRequestMethod: d.attributes_request_method === 'POST' ? 'POST' : 'GET',
    // Facebook's scopes are comma-separated ("public_profile, email"); the others space-separated.
    scopes: (d.authorize_scopes ?? '').split(/[\s,]+/).filter(Boolean),
  };
}

function checkName(name: string, type: ProviderType): void {
  if (!NEW_PROVIDER_NAME_PATTERN.test(name)) throw new InvalidParameterException(`Invalid ProviderName ${name}: at most 32 characters, no underscore or space first or after the second character.`);
  if (name.toUpperCase() === 'COGNITO') throw new InvalidParameterException(`Provider name ${name} is reserved.`);
  const socialName = SOCIAL_TYPES.find((t) => t === name);
  if (SOCIAL_TYPES.includes(type) ? name !== type : socialName !== undefined) {
    throw new InvalidParameterException(`Provider ${name} cannot be of type ${type}.`);
  }
}

function checkAttributeMapping(pool: PoolRecord, type: ProviderType, mapping: Record<string, string>): Record<string, string> {
  const schema = new Map(schemaOf(pool).map((a) => [a.Name, a]));
  for (const attribute of Object.keys(mapping)) {
    if (attribute === 'username') continue;
    const declared = schema.get(attribute);
    if (!declared || attribute === 'sub' || attribute === 'identities') {
      throw new InvalidParameterException(`Invalid AttributeMapping: ${attribute} is not an attribute of the user pool that can be mapped.`);
    }
    // Cognito: mapped attributes are written at every sign-in, so a custom one must be mutable.
    if (attribute.startsWith('custom:') && !declared.Mutable) {
      throw new InvalidParameterException(`Invalid AttributeMapping: ${attribute} is immutable and cannot be mapped.`);
    }
  }
  const usernameClaim = USERNAME_CLAIM[type];
  return usernameClaim && mapping.username === undefined ? { ...mapping, username: usernameClaim } : { ...mapping };
}

async function checkIdentifiers(store: Store, poolId: string, name: string, identifiers: string[]): Promise<void> {
  const seen = new Set<string>();
  for (const identifier of identifiers) {
    if (seen.has(identifier)) throw new InvalidParameterException(`Duplicate IdpIdentifier: ${identifier}`);
    seen.add(identifier);
    const holder = await store.identityProviders.findByIdentifier(poolId, identifier);
    if (holder && holder.name !== name) throw new InvalidParameterException(`IdpIdentifier ${identifier} is already used by identity provider ${holder.name}.`);
  }
}

function checkAcrMapping(type: ProviderType, mapping: Record<string, string>): void {
  if (Object.keys(mapping).length > 0 && type !== 'OIDC') throw new InvalidParameterException('AcrMapping is supported only by OIDC providers.');
  for (const level of Object.keys(mapping)) {
    if (!/^Level[1-4]$/.test(level)) throw new InvalidParameterException(`Invalid AcrMapping key ${level}: use Level1 to Level4.`);
  }
}

const withoutSecrets = (details: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(details).filter(([key]) => !(SECRET_KEYS as readonly string[]).includes(key)));

function storedDetails(
  deps: Deps, normalized: NormalizedDetails, given: Record<string, string>, acrMapping: Record<string, string> | undefined,
): Record<string, string> {
  const details: Record<string, string> = { ...normalized.details, [GIVEN_DETAILS_KEY]: JSON.stringify(withoutSecrets(given)) };
  if (Object.keys(normalized.secrets).length > 0) details[SEALED_SECRETS_KEY] = deps.sealer.seal(JSON.stringify(normalized.secrets), SECRETS_PURPOSE);
  if (normalized.samlMetadata !== undefined) details[SAML_METADATA_KEY] = normalized.samlMetadata;
  if (acrMapping && Object.keys(acrMapping).length > 0) details[ACR_MAPPING_KEY] = JSON.stringify(acrMapping);
  return details;
}

export async function createIdentityProvider(deps: Deps, pool: PoolRecord, input: IdentityProviderInput & { ProviderType: ProviderType; ProviderDetails: Record<string, string> }): Promise<IdentityProviderRecord> {
  const type = input.ProviderType;
  checkName(input.ProviderName, type);
  if (await deps.store.identityProviders.find(pool.id, input.ProviderName)) throw duplicate(pool, input.ProviderName);
  const attributeMapping = checkAttributeMapping(pool, type, input.AttributeMapping ?? {});
  const idpIdentifiers = input.IdpIdentifiers ?? [];
  await checkIdentifiers(deps.store, pool.id, input.ProviderName, idpIdentifiers);
  checkAcrMapping(type, input.AcrMapping ?? {});
  const existing = await deps.store.identityProviders.list(pool.id, MAX_PROVIDERS);
  if (existing.items.length >= MAX_PROVIDERS) throw new LimitExceededException(`A user pool can have at most ${MAX_PROVIDERS} identity providers.`);
  // Last, as it may fetch a discovery document or SAML metadata.
  const normalized = await normalizeDetails(deps.config, type, input.ProviderDetails);
  const now = deps.clock.now();
  const provider: IdentityProviderRecord = {
    poolId: pool.id, name: input.ProviderName, type, details: storedDetails(deps, normalized, input.ProviderDetails, input.AcrMapping),
    attributeMapping, idpIdentifiers, createdAt: now, updatedAt: now,
  };
  try {
    await deps.store.identityProviders.insert(provider);
  } catch (error) {
    if (error instanceof StoreConflict) throw duplicate(pool, input.ProviderName);
    throw error;
  }
  return provider;
}

// Cognito's wording, as CloudTrail records it.
const duplicate = (pool: PoolRecord, name: string) => new DuplicateProviderException(`${name} already exists in user pool ${pool.id}`);

/** UpdateIdentityProvider: each member given replaces the stored one; secrets not sent again are kept. */
export async function updateIdentityProvider(deps: Deps, pool: PoolRecord, current: IdentityProviderRecord, input: IdentityProviderInput): Promise<IdentityProviderRecord> {
  const type = current.type as ProviderType;
  const attributeMapping = input.AttributeMapping ? checkAttributeMapping(pool, type, input.AttributeMapping) : current.attributeMapping;
  const idpIdentifiers = input.IdpIdentifiers ?? current.idpIdentifiers;
  if (input.IdpIdentifiers) await checkIdentifiers(deps.store, pool.id, current.name, idpIdentifiers);
  const acrMapping = input.AcrMapping ?? acrMappingOf(current);
  checkAcrMapping(type, acrMapping ?? {});
  const normalized: NormalizedDetails = input.ProviderDetails
    ? await normalizeDetails(deps.config, type, input.ProviderDetails, providerSecrets(deps, current))
    : {
        details: Object.fromEntries(Object.entries(current.details).filter(([key]) => !isInternalKey(key))),
        secrets: providerSecrets(deps, current),
        samlMetadata: providerSamlMetadata(current),
      };
  const given = input.ProviderDetails ?? JSON.parse(current.details[GIVEN_DETAILS_KEY] ?? '{}');
  const provider: IdentityProviderRecord = {
    ...current, details: storedDetails(deps, normalized, given, acrMapping), attributeMapping, idpIdentifiers, updatedAt: deps.clock.now(),
  };
  await deps.store.identityProviders.update(provider);
  return provider;
}

/**
 * Whether `details` are the ProviderDetails the provider was last given (secrets included), so that
 * applying an unchanged declaration fetches no discovery document or metadata again.
 */
export function hasGivenDetails(deps: Deps, provider: IdentityProviderRecord, details: Record<string, string>): boolean {
  const stored = provider.details[GIVEN_DETAILS_KEY];
  if (stored === undefined) return false;
  const given: Record<string, string> = JSON.parse(stored);
  const declared = withoutSecrets(details);
  const sameKeys = Object.keys(given).length === Object.keys(declared).length;
  if (!sameKeys || Object.entries(declared).some(([key, value]) => given[key] !== value)) return false;
  const secrets = providerSecrets(deps, provider);
  return SECRET_KEYS.every((key) => details[key] === undefined || details[key] === secrets[key]);
}

/**
 * Deletes the provider and takes it out of the SupportedIdentityProviders of the pool's app clients,
 * so that no client lists a provider that no longer exists (and each can still be updated as it is).
 * Users created by the provider stay, as Cognito keeps them; the identities that tied users to it
 * (its subjects and links by attribute) go, so a provider created later under the same name signs
 * no one in through them.
 */
export async function deleteIdentityProvider(deps: Deps, provider: IdentityProviderRecord): Promise<void> {
  await deps.store.transaction(async (store) => {
    let after: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await store.clients.listByPool(provider.poolId, 60, after);
      for (const client of page.items) {
        const supported: string[] | undefined = client.config.SupportedIdentityProviders;
        if (!supported?.includes(provider.name)) continue;
        const config = { ...client.config, SupportedIdentityProviders: supported.filter((name) => name !== provider.name) };
        await store.clients.update(client.id, { config, updatedAt: deps.clock.now() });
      }
      if (!page.next) break;
      after = page.next;
    }
    await store.userIdentities.deleteByProvider(provider.poolId, provider.name);
    await store.identityProviders.delete(provider.poolId, provider.name);
  });
}

/**
 * Cognito: an app client's SupportedIdentityProviders are COGNITO and the names of the pool's
 * providers; any other name is refused.
 */
export async function checkSupportedIdentityProviders(store: Store, poolId: string, names: string[]): Promise<void> {
  for (const name of names) {
    if (name === 'COGNITO') continue;
    if (!(await store.identityProviders.find(poolId, name))) throw new InvalidParameterException(`The provider ${name} does not exist for User Pool ${poolId}`);
  }
}

function acrMappingOf(provider: IdentityProviderRecord): Record<string, string> | undefined {
  const stored = provider.details[ACR_MAPPING_KEY];
  return stored ? JSON.parse(stored) : undefined;
}

/**
 * IdentityProviderType: the details sorted as Cognito lists them, secrets but private_key shown, with
 * `derived` (what Cognito works out itself, federation/saml-described-details.ts) among them.
 */
export function describeIdentityProvider(deps: Deps, provider: IdentityProviderRecord, derived: Record<string, string> = {}): Json {
  const shown: Record<string, string> = { ...derived };
  for (const [key, value] of Object.entries(provider.details)) if (!isInternalKey(key)) shown[key] = value;
  const { client_secret: clientSecret } = providerSecrets(deps, provider);
  if (clientSecret !== undefined) shown.client_secret = clientSecret;
  const acrMapping = acrMappingOf(provider);
  return {
    UserPoolId: provider.poolId,
    ProviderName: provider.name,
    ProviderType: provider.type,
    ProviderDetails: Object.fromEntries(Object.entries(shown).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    AttributeMapping: provider.attributeMapping,
    IdpIdentifiers: provider.idpIdentifiers,
    ...(acrMapping && { AcrMapping: acrMapping }),
    LastModifiedDate: toEpochSeconds(provider.updatedAt),
    CreationDate: toEpochSeconds(provider.createdAt),
  };
}
