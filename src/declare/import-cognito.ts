// Copies a live user pool from Amazon Cognito (or anything that speaks its API) into the store,
// keeping its ids: the pool, its settings and MFA configuration, app clients with their ids and
// secrets, the domain prefix, resource servers, groups, and users with their sub, attributes,
// status, enabled flag and group memberships. Passwords cannot be read from Cognito: users arrive
// without one and the pool keeps its source (domain/migration-source.ts), which checks each
// user's password at their first sign-in here.
// - Idempotent and resumable: the pool's parts go through `apply` (declare/apply.ts); a user
//   already here (same sub) is brought up to date, never duplicated, and keeps a password it has.
// - Not copied: Lambda triggers (their ARNs point at the source's account), identity providers
//   and their federated users, TOTP registrations and passkeys (Cognito never reveals them).
import type { CognitoIdentityProviderClient, UserPoolClientType, UserPoolType, UserType } from '@aws-sdk/client-cognito-identity-provider';
import type { Deps } from '../domain/deps.js';
import type { Json, PoolRecord, UserRecord } from '../store/store.js';
import { CognitoError } from '../cognito/errors.js';
import { CreateUserPoolInput } from '../cognito/user-pool-shapes.js';
import { CreateUserPoolClientInput } from '../cognito/client-shapes.js';
import { createSourceClient, loadCognitoSdk, saveMigrationSource, type AwsCredentials, type SourceEndpoint } from '../domain/migration-source.js';
import { insertUser, syncAliases, type UserStatus } from '../domain/users.js';
import { setPoolMfaConfig, type PoolMfaConfig } from '../domain/mfa-settings.js';
import { applyDeclarations, DeclarationError, parseDeclarations } from './apply.js';
import { schemaInputs } from './export.js';
import type { PoolDeclaration } from './file-schema.js';

export interface ImportOptions extends SourceEndpoint {
  sourcePoolId: string;
  /** The source's app client that checks passwords (it must allow ADMIN_USER_PASSWORD_AUTH). */
  clientId?: string;
  /** Create that client on the source (named MIGRATION_CLIENT_NAME) when clientId is not given. */
  createSourceClient?: boolean;
  /** Called with one line per step and per page of users. */
  report?: (line: string) => void;
}

export interface ImportResult {
  poolId: string;
  clients: number;
  groups: number;
  users: { created: number; updated: number; unchanged: number; skipped: number };
  memberships: number;
}

/** The app client import-cognito creates on the source with --create-source-client; never copied. */
export const MIGRATION_CLIENT_NAME = 'gatehouse-migration';

const POOL_INPUTS = new Set(Object.keys(CreateUserPoolInput.properties));
const CLIENT_INPUTS = new Set(Object.keys(CreateUserPoolClientInput.properties).filter((key) => key !== 'UserPoolId'));
// Cognito's statuses without a counterpart here: such users must reset their password.
const KNOWN_STATUSES = new Set<string>(['UNCONFIRMED', 'CONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED']);

/** Every page of a Cognito list operation; `next` answers the following page's token. */
async function* pages<T>(fetchPage: (token: string | undefined) => Promise<{ items: T[]; next?: string }>): AsyncGenerator<T[]> {
  let token: string | undefined;
  // Bounded: a source that never stops paging is cut off after a million pages.
  for (let page = 0; page < 1_000_000; page++) {
    const { items, next } = await fetchPage(token);
    yield items;
    if (!next) return;
    token = next;
  }
}

function pick(source: object, keys: Set<string>): Json {
  return Object.fromEntries(Object.entries(source).filter(([key, value]) => keys.has(key) && value !== undefined && value !== null));
}

/** The source pool as a declaration `apply` turns into the same pool (without triggers). */
function poolDeclaration(pool: UserPoolType, clients: Json[], resourceServers: Json[], groups: Json[]): PoolDeclaration {
  // The MFA mode stays in the settings (an update without it would turn MFA off until the
  // factors are set again with SetUserPoolMfaConfig, just after).
  const { LambdaConfig: _triggers, Schema: _schema, ...settings } = pick(pool, POOL_INPUTS);
  const schema = schemaInputs((pool.SchemaAttributes ?? []) as never);
  return {
    ...settings,
    PoolName: pool.Name!,
    Id: pool.Id!,
    ...(schema.length > 0 && { Schema: schema }),
    ...(pool.Domain && { Domain: pool.Domain }),
    ...(resourceServers.length > 0 && { ResourceServers: resourceServers }),
    ...(groups.length > 0 && { Groups: groups }),
    ...(clients.length > 0 && { Clients: clients }),
  } as PoolDeclaration;
}

function clientDeclaration(client: UserPoolClientType): Json {
  const settings = pick(client, CLIENT_INPUTS);
  // Identity providers are not copied: a client keeps only the pool's own sign-in.
  if (settings.SupportedIdentityProviders) settings.SupportedIdentityProviders = settings.SupportedIdentityProviders.filter((p: string) => p === 'COGNITO');
  return { ...settings, ClientId: client.ClientId, ...(client.ClientSecret && { GenerateSecret: true, ClientSecret: client.ClientSecret }) };
}

async function readClients(sdk: Awaited<ReturnType<typeof loadCognitoSdk>>, source: CognitoIdentityProviderClient, poolId: string): Promise<UserPoolClientType[]> {
  const clients: UserPoolClientType[] = [];
  for await (const page of pages(async (NextToken) => {
    const out = await source.send(new sdk.ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60, NextToken }));
    return { items: out.UserPoolClients ?? [], next: out.NextToken };
  })) {
    for (const { ClientId } of page) {
      const out = await source.send(new sdk.DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId }));
      clients.push(out.UserPoolClient!);
    }
  }
  return clients;
}

/** The source's client for password checks: the one named, or ours, created there once. */
async function passwordClient(
  sdk: Awaited<ReturnType<typeof loadCognitoSdk>>, source: CognitoIdentityProviderClient, options: ImportOptions, clients: UserPoolClientType[],
): Promise<UserPoolClientType> {
  if (options.clientId) {
    const named = clients.find((c) => c.ClientId === options.clientId);
    if (!named) throw new DeclarationError(`the source pool has no app client ${options.clientId}`);
    const flows = named.ExplicitAuthFlows ?? [];
    if (!flows.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH') && !flows.includes('ADMIN_NO_SRP_AUTH')) {
      throw new DeclarationError(`app client ${options.clientId} does not allow ADMIN_USER_PASSWORD_AUTH, which password checks use`);
    }
    return named;
  }
  const ours = clients.find((c) => c.ClientName === MIGRATION_CLIENT_NAME);
  if (ours) return ours;
  if (!options.createSourceClient) {
    throw new DeclarationError('name the source app client that checks passwords (--client-id), or let import-cognito create one there (--create-source-client)');
  }
  const out = await source.send(new sdk.CreateUserPoolClientCommand({
    UserPoolId: options.sourcePoolId, ClientName: MIGRATION_CLIENT_NAME, GenerateSecret: false,
    ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  return out.UserPoolClient!;
}

/** The credentials the SDK resolved (given, or from its default chain): stored for the sign-in checks. */
async function resolvedCredentials(source: CognitoIdentityProviderClient): Promise<AwsCredentials> {
  const { accessKeyId, secretAccessKey, sessionToken } = await source.config.credentials();
  return { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
}

function statusOf(user: UserType): UserStatus {
  const status = user.UserStatus ?? 'CONFIRMED';
  return (KNOWN_STATUSES.has(status) ? status : 'RESET_REQUIRED') as UserStatus;
}

const sameAttributes = (a: Record<string, string>, b: Record<string, string>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** One source user here: 'created', 'updated' or 'unchanged'; 'skipped' (with the reason reported) when it cannot be. */
async function importUser(deps: Deps, pool: PoolRecord, user: UserType, report: (line: string) => void): Promise<'created' | 'updated' | 'unchanged' | 'skipped'> {
  const all = Object.fromEntries((user.Attributes ?? []).map((a) => [a.Name!, a.Value ?? '']));
  const { sub, ...attributes } = all;
  if (user.UserStatus === 'EXTERNAL_PROVIDER' || !sub) {
    report(`  skipped ${user.Username}: ${sub ? 'a federated user (identity providers are not copied)' : 'no sub'}`);
    return 'skipped';
  }
  const enabled = user.Enabled ?? true;
  const current = await deps.store.users.findBySub(sub);
  if (current && current.poolId !== pool.id) {
    report(`  skipped ${user.Username}: its sub belongs to a user of pool ${current.poolId}`);
    return 'skipped';
  }
  if (current) {
    // A user who set a password here keeps the status it has here; until then the source's is the truth.
    const status = current.passwordHash === null ? statusOf(user) : current.status;
    if (sameAttributes(current.attributes, attributes) && current.enabled === enabled && current.status === status) return 'unchanged';
    try {
      await syncAliases(deps.store, pool, current, attributes);
    } catch (error) {
      return skipped(user, error, report);
    }
    await deps.store.users.update(sub, { attributes, enabled, status, updatedAt: deps.clock.now() });
    return 'updated';
  }
  try {
    await insertUser(deps, pool, sub, { username: user.Username!, attributes, status: statusOf(user), enabled, passwordHash: null }, 'User account already exists');
  } catch (error) {
    return skipped(user, error, report);
  }
  return 'created';
}

/** A user another user's name or alias stands in the way of: reported, and the import goes on. */
function skipped(user: UserType, error: unknown, report: (line: string) => void): 'skipped' {
  if (!(error instanceof CognitoError)) throw error;
  report(`  skipped ${user.Username}: ${error.message}`);
  return 'skipped';
}

export async function importCognitoPool(deps: Deps, options: ImportOptions): Promise<ImportResult> {
  const report = options.report ?? (() => {});
  const sdk = await loadCognitoSdk();
  const source = await createSourceClient(options);
  try {
    const poolId = options.sourcePoolId;
    const described = (await source.send(new sdk.DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    report(`pool ${poolId} (${described.Name})`);
    const sourceClients = await readClients(sdk, source, poolId);
    const checker = await passwordClient(sdk, source, options, sourceClients);
    const appClients = sourceClients.filter((c) => c.ClientName !== MIGRATION_CLIENT_NAME || c.ClientId === options.clientId);
    const resourceServers: Json[] = [];
    for await (const page of pages(async (NextToken) => {
      const out = await source.send(new sdk.ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 50, NextToken }));
      return { items: out.ResourceServers ?? [], next: out.NextToken };
    })) for (const s of page) resourceServers.push({ Identifier: s.Identifier, Name: s.Name, ...(s.Scopes?.length && { Scopes: s.Scopes }) });
    const groups: Json[] = [];
    for await (const page of pages(async (NextToken) => {
      const out = await source.send(new sdk.ListGroupsCommand({ UserPoolId: poolId, Limit: 60, NextToken }));
      return { items: out.Groups ?? [], next: out.NextToken };
    })) {
      for (const g of page) groups.push({ GroupName: g.GroupName, ...(g.Description && { Description: g.Description }), ...(g.RoleArn && { RoleArn: g.RoleArn }), ...(g.Precedence !== undefined && { Precedence: g.Precedence }) });
    }

    const declaration = poolDeclaration(described, appClients.map(clientDeclaration), resourceServers, groups);
    await applyDeclarations(deps, parseDeclarations({ pools: [declaration] }));
    const mfa = await source.send(new sdk.GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    const { $metadata: _metadata, ...mfaConfig } = mfa;
    await setPoolMfaConfig(deps, (await deps.store.pools.find(poolId))!, { ...mfaConfig, MfaConfiguration: mfa.MfaConfiguration ?? 'OFF' } as Partial<PoolMfaConfig>);
    if (described.LambdaConfig && Object.keys(described.LambdaConfig).length > 0) report('  note: Lambda triggers are not copied; set them on the pool here if you need them');
    report(`  settings, ${appClients.length} app clients, ${resourceServers.length} resource servers, ${groups.length} groups${described.Domain ? `, domain ${described.Domain}` : ''}`);

    // Recorded before the users: those copied so far can sign in while the rest are copied.
    await saveMigrationSource(deps, poolId, {
      sourcePoolId: poolId, region: options.region, ...(options.endpoint && { endpoint: options.endpoint }),
      credentials: await resolvedCredentials(source), clientId: checker.ClientId!, ...(checker.ClientSecret && { clientSecret: checker.ClientSecret }),
    });
    report(`  passwords are checked at the source with app client ${checker.ClientId}`);

    const pool = (await deps.store.pools.find(poolId))!;
    const users = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
    for await (const page of pages(async (PaginationToken) => {
      const out = await source.send(new sdk.ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken }));
      return { items: out.Users ?? [], next: out.PaginationToken };
    })) {
      for (const user of page) users[await importUser(deps, pool, user, report)]++;
      report(`  users: ${users.created} created, ${users.updated} updated, ${users.unchanged} unchanged, ${users.skipped} skipped`);
    }

    let memberships = 0;
    for (const { GroupName } of groups as Array<{ GroupName: string }>) {
      for await (const page of pages(async (NextToken) => {
        const out = await source.send(new sdk.ListUsersInGroupCommand({ UserPoolId: poolId, GroupName, Limit: 60, NextToken }));
        return { items: out.Users ?? [], next: out.NextToken };
      })) {
        for (const member of page) {
          const sub = member.Attributes?.find((a) => a.Name === 'sub')?.Value;
          const user: UserRecord | undefined = sub ? await deps.store.users.findBySub(sub) : undefined;
          if (!user || user.poolId !== poolId) continue;
          // Adding a member twice is a no-op: a re-run does not duplicate memberships.
          await deps.store.groups.addMember(poolId, GroupName, user.sub, deps.clock.now());
          memberships++;
        }
      }
    }
    report(`  group memberships: ${memberships}`);
    return { poolId, clients: appClients.length, groups: groups.length, users, memberships };
  } finally {
    source.destroy();
  }
}

export interface ImportStatus {
  poolId: string;
  sourcePoolId: string;
  clientId: string;
  users: number;
  withoutPassword: number;
}

/** How far the lazy password migration of an imported pool has come. */
export async function importStatus(deps: Deps, poolId: string): Promise<ImportStatus | undefined> {
  const source = await deps.store.migrationSources.find(poolId);
  if (!source) return undefined;
  return {
    poolId, sourcePoolId: source.sourcePoolId, clientId: source.clientId,
    users: await deps.store.pools.countUsers(poolId), withoutPassword: await deps.store.migrationSources.countWithoutPassword(poolId),
  };
}
