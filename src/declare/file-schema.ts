// The shape of user pools declared in a file (YAML or JSON): each pool is a CreateUserPool input
// with its clients (CreateUserPoolClient inputs), domain, resource servers, groups and users,
// all spelt as Cognito spells them, so a CreateUserPool JSON can be pasted in.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CreateUserPool } from '../api/user-pools.js';
import { CreateUserPoolClient } from '../api/user-pool-clients.js';

/**
 * The same shape refusing unknown keys at every depth: the API ignores a member it does not know,
 * but in a file a misspelt key (`UsernameAtributes`) would silently drop the setting. Objects
 * declared without members (`LambdaConfig`, `DeviceConfiguration`, …) are kept as given, opaque.
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
  Type.Omit(CreateUserPoolClient.input, ['UserPoolId']),
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

const ResourceServerDeclaration = Type.Object({
  Identifier: Type.String({ minLength: 1, maxLength: 256 }),
  Name: Type.String({ minLength: 1, maxLength: 256 }),
  Scopes: Type.Optional(Type.Array(Type.Object({ ScopeName: Type.String({ minLength: 1, maxLength: 256 }), ScopeDescription: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }))),
}, { additionalProperties: false });

const GroupDeclaration = Type.Object({
  GroupName: Type.String({ minLength: 1, maxLength: 128 }),
  Description: Type.Optional(Type.String({ maxLength: 2048 })),
  RoleArn: Type.Optional(Type.String({ minLength: 20, maxLength: 2048 })),
  Precedence: Type.Optional(Type.Integer({ minimum: 0 })),
}, { additionalProperties: false });

export const PoolDeclaration = strict(Type.Composite([
  CreateUserPool.input,
  Type.Object({
    Id: Type.Optional(Type.String({ pattern: '^[\\w-]+_[0-9a-zA-Z]+$', description: 'Fixed pool id; derived from the seed and PoolName when absent.' })),
    Clients: Type.Optional(Type.Array(ClientDeclaration)),
    Domain: Type.Optional(Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$', description: 'Hosted UI domain prefix.' })),
    ResourceServers: Type.Optional(Type.Array(ResourceServerDeclaration)),
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
