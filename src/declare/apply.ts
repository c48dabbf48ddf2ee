// Applies declared pools to the store, idempotently: what exists is updated to match the file,
// what is missing is created with ids derived from the seed. Users are created once (a later apply
// updates their attributes, groups and enabled flag but never resets a password they may have changed).
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ConfigSchema } from '../config/schema.js';
import { describeSchemaErrors } from '../config/schema-errors.js';
import type { Deps } from '../domain/deps.js';
import type { PoolRecord } from '../store/store.js';
import { createPool, updatePool } from '../domain/pools.js';
import { createClient, updateClient } from '../domain/clients.js';
import { clientSecret } from '../domain/client-secrets.js';
import { findUserByLogin, insertUser, resolveUsername, syncAliases } from '../domain/users.js';
import { applyAttributeChanges, checkRequiredAttributes, validateAttributes } from '../domain/attributes.js';
import { checkPasswordPolicy } from '../domain/password-policy.js';
import { createDomain } from '../domain/domains.js';
import { passwordCredentials } from '../domain/credentials.js';
import { createResourceServer, updateResourceServer } from '../domain/resource-servers.js';
import { addUserToGroup, createGroup, updateGroup } from '../domain/groups.js';
import { createIdentityProvider, hasGivenDetails, updateIdentityProvider } from '../domain/identity-providers.js';
import { DeclarationFile, type PoolDeclaration, type UserDeclaration } from './file-schema.js';
import { DEFAULT_SEED, derivedClientId, derivedClientSecret, derivedPoolId } from './ids.js';

export interface AppliedPool {
  id: string;
  name: string;
  domain?: string;
  clients: Array<{ id: string; name: string; secret?: string }>;
  users: string[];
}

// The file may also hold server options, checked by the config loader: any other key is a mistake.
const checkFile = TypeCompiler.Compile(Type.Object({
  ...DeclarationFile.properties,
  ...Object.fromEntries(Object.keys(ConfigSchema.properties).map((section) => [section, Type.Optional(Type.Unknown())])),
}, { additionalProperties: false }));

export class DeclarationError extends Error {}

/** Validates a parsed file against the published schema; every problem is reported at once. */
export function parseDeclarations(value: unknown): DeclarationFile {
  if (checkFile.Check(value)) return value;
  const problems = describeSchemaErrors(checkFile.Errors(value)).map((line) => `  ${line}`);
  throw new DeclarationError(`the pools in the config file do not match its schema:\n${problems.join('\n')}`);
}

export async function applyDeclarations(deps: Deps, file: DeclarationFile): Promise<AppliedPool[]> {
  const seed = file.seed ?? DEFAULT_SEED;
  const applied: AppliedPool[] = [];
  for (const declaration of file.pools ?? []) applied.push(await applyPool(deps, seed, declaration));
  return applied;
}

async function applyPool(deps: Deps, seed: string, declaration: PoolDeclaration): Promise<AppliedPool> {
  const { Id, Clients = [], Domain, ResourceServers = [], IdentityProviders = [], Groups = [], Users = [], ...settings } = declaration;
  const poolId = Id ?? derivedPoolId(seed, deps.config.aws.region, settings.PoolName);
  const existing = await deps.store.pools.find(poolId);
  if (existing) await updatePool(deps, existing, settings, settings.PoolName);
  else await createPool(deps, settings, poolId);
  const pool = (await deps.store.pools.find(poolId))!;

  // Through the API's rules (domain/resource-servers.ts): unique scope names, at most 25 per pool.
  for (const server of ResourceServers) {
    const current = await deps.store.resourceServers.find(poolId, server.Identifier);
    if (current) await updateResourceServer(deps, current, server);
    else await createResourceServer(deps, pool, server);
  }

  // Through the API's rules, before the clients that may list them. The file is the whole truth:
  // a mapping, identifier list or ACR mapping it leaves out is cleared.
  for (const provider of IdentityProviders) {
    const current = await deps.store.identityProviders.find(poolId, provider.ProviderName);
    if (current && current.type !== provider.ProviderType) {
      throw new DeclarationError(`identity provider ${provider.ProviderName} is of type ${current.type}, not ${provider.ProviderType}`);
    }
    if (current) {
      // Unchanged details are not sent again: an OIDC issuer or SAML metadata URL need not answer at every start.
      const { ProviderDetails, ...rest } = provider;
      const details = hasGivenDetails(deps, current, ProviderDetails) ? {} : { ProviderDetails };
      await updateIdentityProvider(deps, pool, current, { AttributeMapping: {}, IdpIdentifiers: [], AcrMapping: {}, ...rest, ...details });
    }
    else await createIdentityProvider(deps, pool, provider);
  }

  const clients: AppliedPool['clients'] = [];
  for (const { ClientId, ClientSecret, ...input } of Clients) {
    const id = ClientId ?? derivedClientId(seed, settings.PoolName, input.ClientName);
    const current = await deps.store.clients.find(id);
    if (current && current.poolId !== poolId) throw new DeclarationError(`client id ${id} belongs to another pool`);
    if (current) {
      await updateClient(deps, pool, current, input);
      const secret = clientSecret(deps, current);
      clients.push({ id, name: input.ClientName, ...(secret && { secret }) });
    } else {
      const secret = ClientSecret ?? (input.GenerateSecret ? derivedClientSecret(seed, settings.PoolName, input.ClientName) : undefined);
      await createClient(deps, pool, input, { id, secret });
      clients.push({ id, name: input.ClientName, ...(secret && { secret }) });
    }
  }

  if (Domain) {
    const owner = await deps.store.domains.find(Domain);
    if (owner && owner.poolId !== poolId) throw new DeclarationError(`domain ${Domain} belongs to pool ${owner.poolId}`);
    if (!owner) await createDomain(deps, pool, { Domain });
  }

  for (const group of Groups) {
    const current = await deps.store.groups.find(poolId, group.GroupName);
    // The file is the whole truth: a member it leaves out is cleared.
    if (current) await updateGroup(deps, current, { Description: group.Description ?? null, RoleArn: group.RoleArn ?? null, Precedence: group.Precedence ?? null });
    else await createGroup(deps, pool, group);
  }

  const users: string[] = [];
  for (const user of Users) users.push(await applyUser(deps, pool, user));
  return { id: poolId, name: settings.PoolName, ...(Domain && { domain: Domain }), clients, users };
}

async function applyUser(deps: Deps, pool: PoolRecord, declaration: UserDeclaration): Promise<string> {
  const declared = declaration.Attributes ?? {};
  let user = await findUserByLogin(deps.store, pool, declaration.Username);
  if (user) {
    validateAttributes(pool, declared, { creating: false });
    const attributes = applyAttributeChanges(user.attributes, declared);
    await syncAliases(deps.store, pool, user, attributes);
    await deps.store.users.update(user.sub, { attributes, enabled: declaration.Enabled ?? user.enabled, updatedAt: deps.clock.now() });
  } else {
    const { username, attributes, sub } = resolveUsername(pool, declaration.Username, declared);
    validateAttributes(pool, attributes, { creating: true });
    checkRequiredAttributes(pool, attributes);
    // A declared hash carries no SRP verifier: that user gets one when the password is next set.
    let credentials: { passwordHash: string | null; srpSealed: string | null } = { passwordHash: declaration.PasswordHash ?? null, srpSealed: null };
    if (declaration.Password !== undefined) {
      checkPasswordPolicy(pool.config.Policies.PasswordPolicy, declaration.Password);
      credentials = await passwordCredentials(deps, pool, username, declaration.Password);
    }
    user = await insertUser(deps, pool, sub, {
      username, attributes, ...credentials, status: declaration.Status ?? 'CONFIRMED', enabled: declaration.Enabled ?? true,
    }, 'User account already exists');
  }
  for (const group of declaration.Groups ?? []) {
    const declared = await deps.store.groups.find(pool.id, group);
    if (!declared) throw new DeclarationError(`user ${declaration.Username}: group ${group} is not declared`);
    await addUserToGroup(deps, pool, declared, user);
  }
  return user.username;
}
