// Writes the current pools back as declarations that `apply` turns into the same pools, clients,
// ids and secrets. Users are not exported: their passwords are only held as hashes.
import type { Deps } from '../domain/deps.js';
import type { IdentityProviderRecord, Json, PoolRecord } from '../store/store.js';
import { clientSecret } from '../domain/client-secrets.js';
import { describeIdentityProvider, providerSecrets } from '../domain/identity-providers.js';
import { STANDARD_ATTRIBUTES, type SchemaAttribute } from '../domain/schema-attributes.js';
import type { DeclarationFile, PoolDeclaration } from './file-schema.js';

/** Pool config members that are computed or kept for other operations (not inputs of CreateUserPool). */
const COMPUTED = new Set(['SchemaAttributes', 'MfaFactors']);

/** Only what differs from a default pool: required or re-shaped standard attributes, and the custom ones. */
export function schemaInputs(schema: SchemaAttribute[]): Json[] {
  const inputs: Json[] = [];
  for (const attribute of schema) {
    const standard = STANDARD_ATTRIBUTES.find((a) => a.Name === attribute.Name);
    if (standard) {
      if (attribute.Required !== standard.Required || attribute.Mutable !== standard.Mutable) {
        inputs.push({ Name: attribute.Name, AttributeDataType: attribute.AttributeDataType, Required: attribute.Required, Mutable: attribute.Mutable });
      }
      continue;
    }
    const { Name, DeveloperOnlyAttribute, ...rest } = attribute;
    inputs.push({ ...rest, Name: Name.replace(/^(dev:)?custom:/, ''), ...(DeveloperOnlyAttribute && { DeveloperOnlyAttribute }) });
  }
  return inputs;
}

/** A provider as Describe shows it, with Apple's private key (Describe never shows it; apply needs it). */
function declaredIdentityProvider(deps: Deps, provider: IdentityProviderRecord): Json {
  const { ProviderName, ProviderType, ProviderDetails, AttributeMapping, IdpIdentifiers, AcrMapping } = describeIdentityProvider(deps, provider);
  const { private_key: privateKey } = providerSecrets(deps, provider);
  return {
    ProviderName, ProviderType, ProviderDetails: { ...ProviderDetails, ...(privateKey !== undefined && { private_key: privateKey }) },
    AttributeMapping, IdpIdentifiers, ...(AcrMapping && { AcrMapping }),
  };
}

async function exportPool(deps: Deps, pool: PoolRecord): Promise<PoolDeclaration> {
  const settings: Json = {};
  for (const [key, value] of Object.entries(pool.config)) if (!COMPUTED.has(key)) settings[key] = value;
  const schema = schemaInputs(pool.config.SchemaAttributes ?? []);
  const clients = [];
  for (let after: string | undefined, more = true; more; ) {
    const page = await deps.store.clients.listByPool(pool.id, 60, after);
    for (const client of page.items) {
      const secret = clientSecret(deps, client);
      clients.push({ ClientName: client.name, ClientId: client.id, ...(secret && { GenerateSecret: true, ClientSecret: secret }), ...client.config });
    }
    after = page.next;
    more = page.next !== undefined;
  }
  const domain = (await deps.store.domains.listByPool(pool.id)).find((d) => !d.custom);
  const resourceServers = (await deps.store.resourceServers.list(pool.id, 1000)).items.map((s) => ({ Identifier: s.identifier, Name: s.name, Scopes: s.scopes }));
  const identityProviders = [];
  for (let after: string | undefined, more = true; more; ) {
    const page = await deps.store.identityProviders.list(pool.id, 60, after);
    for (const provider of page.items) identityProviders.push(declaredIdentityProvider(deps, provider));
    after = page.next;
    more = page.next !== undefined;
  }
  const groups = (await deps.store.groups.list(pool.id, 10_000)).items.map((g) => ({
    GroupName: g.name, ...(g.description && { Description: g.description }), ...(g.roleArn && { RoleArn: g.roleArn }), ...(g.precedence !== null && { Precedence: g.precedence }),
  }));
  return {
    PoolName: pool.name,
    Id: pool.id,
    ...settings,
    ...(schema.length > 0 && { Schema: schema }),
    ...(domain && { Domain: domain.domain }),
    ...(resourceServers.length > 0 && { ResourceServers: resourceServers }),
    ...(identityProviders.length > 0 && { IdentityProviders: identityProviders }),
    ...(groups.length > 0 && { Groups: groups }),
    ...(clients.length > 0 && { Clients: clients }),
  } as PoolDeclaration;
}

export async function exportDeclarations(deps: Deps, poolIds?: string[]): Promise<DeclarationFile> {
  const pools: PoolDeclaration[] = [];
  for (let after: string | undefined, more = true; more; ) {
    const page = await deps.store.pools.list(60, after);
    for (const pool of page.items) if (!poolIds || poolIds.includes(pool.id)) pools.push(await exportPool(deps, pool));
    after = page.next;
    more = page.next !== undefined;
  }
  return { pools };
}
