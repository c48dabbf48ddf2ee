// The shape of user pools declared in a file (YAML or JSON): each pool is a CreateUserPool input
// with its clients (CreateUserPoolClient inputs), domain, resource servers, identity providers,
// groups and users,
// all spelt as Cognito spells them, so a CreateUserPool JSON can be pasted in.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CreateUserPoolInput } from '../cognito/user-pool-shapes.js';
import { CreateUserPoolClientInput } from '../cognito/client-shapes.js';
import { ResourceServerIdentifier, ResourceServerSettings } from '../cognito/resource-server-shapes.js';
import { GroupName, GroupSettings } from '../cognito/group-shapes.js';
import { AcrMapping, AttributeMapping, IdpIdentifiers, ProviderDetails, ProviderType } from '../cognito/identity-provider-shapes.js';

/**
 * The same shape refusing unknown keys at every depth: the API ignores a member it does not know,
 * but in a file a misspelt key (`UsernameAtributes`) would silently drop the setting. The few
 * objects declared without members (such as `SmsConfiguration.EumsSms`) are kept as given, opaque.
 */
function strict<T extends TSchema>(schema: T): T {
  const copy: TSchema = { ...schema };
  if (schema.type === 'object' && schema.properties && Object.keys(schema.properties).length > 0) {
    copy.properties = Object.fromEntries(Object.entries(schema.properties as Record<string, TSchema>).map(([k, v]) => [k, strict(v)]));
    copy.additionalProperties = false;
  }
  if (schema.items) copy.items = strict(schema.items as TSchema);
  for (const key of ['anyOf', 'allOf', 'oneOf'] as const) if (schema[key]) copy[key] = (schema[key] as TSchema[]).map(strict);
  if (schema.patternProperties) {
    copy.patternProperties = Object.fromEntries(Object.entries(schema.patternProperties as Record<string, TSchema>).map(([k, v]) => [k, strict(v)]));
  }
  return copy as T;
}

const ClientDeclaration = strict(Type.Composite([
  Type.Omit(CreateUserPoolClientInput, ['UserPoolId']),
  Type.Object({
    ClientId: Type.Optional(Type.String({ pattern: '^[a-z0-9]{1,128}$', description: 'Fixed client id; derived from the seed, pool and client names when absent.' })),
    ClientSecret: Type.Optional(Type.String({ pattern: '^[a-z0-9]{1,64}$', description: 'Fixed secret (implies GenerateSecret); derived from the seed when absent and GenerateSecret is true.' })),
  }),
]));

const UserDeclaration = Type.Object({
  Username: Type.String({ minLength: 1, maxLength: 128 }),
  Password: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'Set when the user is created (never reset by a later apply).' })),
  PasswordHash: Type.Optional(Type.String({ pattern: '^\\$argon2id\\$', description: 'An argon2id hash instead of a password.' })),
  Attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
  Groups: Type.Optional(Type.Array(Type.String())),
  Status: Type.Optional(Type.Union([Type.Literal('CONFIRMED'), Type.Literal('UNCONFIRMED'), Type.Literal('FORCE_CHANGE_PASSWORD')])),
  Enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

// Resource servers and groups take the API's own shapes (and go through the same domain rules).
const ResourceServerDeclaration = strict(Type.Object({ Identifier: ResourceServerIdentifier, ...ResourceServerSettings }));

// The name's full pattern is checked by the domain (domain/identity-providers.ts), as for the API.
const IdentityProviderDeclaration = Type.Object({
  ProviderName: Type.String({ minLength: 1, maxLength: 32 }),
  ProviderType,
  ProviderDetails,
  AttributeMapping: Type.Optional(AttributeMapping),
  IdpIdentifiers: Type.Optional(IdpIdentifiers),
  AcrMapping: Type.Optional(AcrMapping),
}, { additionalProperties: false });

const GroupDeclaration = Type.Object({ GroupName, ...GroupSettings }, { additionalProperties: false });

export const PoolDeclaration = strict(Type.Composite([
  CreateUserPoolInput,
  Type.Object({
    Id: Type.Optional(Type.String({ pattern: '^[\\w-]+_[0-9a-zA-Z]+$', description: 'Fixed pool id; derived from the seed and PoolName when absent.' })),
    Clients: Type.Optional(Type.Array(ClientDeclaration)),
    Domain: Type.Optional(Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$', description: 'Hosted UI domain prefix.' })),
    ResourceServers: Type.Optional(Type.Array(ResourceServerDeclaration)),
    IdentityProviders: Type.Optional(Type.Array(IdentityProviderDeclaration, { description: 'Before the clients, which may list them in SupportedIdentityProviders.' })),
    Groups: Type.Optional(Type.Array(GroupDeclaration)),
    Users: Type.Optional(Type.Array(UserDeclaration)),
  }),
]));

export const DeclarationFile = Type.Object({
  seed: Type.Optional(Type.String({ minLength: 1, description: 'Ids and secrets are derived from it: the same file always yields the same ids. Dev and test use only: anyone with the file can derive the secrets.' })),
  pools: Type.Optional(Type.Array(PoolDeclaration)),
}, { description: 'Gatehouse configuration file: server options (see the README) and declared user pools.' });

export type PoolDeclaration = Static<typeof PoolDeclaration>;
export type ClientDeclaration = Static<typeof ClientDeclaration>;
export type UserDeclaration = Static<typeof UserDeclaration>;
export type DeclarationFile = Static<typeof DeclarationFile>;
