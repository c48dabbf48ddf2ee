// User pools: creation with Cognito's defaults, the settings every other rule reads, and the
// UserPoolType view that DescribeUserPool returns.
import type { Deps } from './deps.js';
import type { Json, PoolRecord, Store } from '../store/store.js';
import { InvalidParameterException, ResourceNotFoundException } from '../cognito/errors.js';
import { checkTags } from './tag-rules.js';
import { checkLambdaConfig } from './triggers/lambda-config-rules.js';
import { newPoolId } from '../crypto/random.js';
import { buildSchema, customAttribute, type SchemaAttribute, type SchemaInput } from './schema-attributes.js';
import { withPreTokenGenerationInStep } from './triggers/pre-token-generation.js';
import { checkSignInPolicy } from './auth-factors.js';
import { checkUserPoolAddOns } from './risk/add-ons.js';

const DEFAULT_PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

/** The members of CreateUserPool/UpdateUserPool we keep as the pool's configuration. */
const CONFIG_MEMBERS = [
  'Policies', 'DeletionProtection', 'LambdaConfig', 'AutoVerifiedAttributes', 'AliasAttributes', 'UsernameAttributes',
  'VerificationMessageTemplate', 'SmsVerificationMessage', 'EmailVerificationMessage', 'EmailVerificationSubject',
  'SmsAuthenticationMessage', 'MfaConfiguration', 'UserAttributeUpdateSettings', 'DeviceConfiguration',
  'EmailConfiguration', 'SmsConfiguration', 'UserPoolTags', 'AdminCreateUserConfig', 'UserPoolAddOns',
  'UsernameConfiguration', 'AccountRecoverySetting', 'UserPoolTier',
] as const;

/** Members UpdateUserPool may not change (fixed at creation, as in Cognito). */
const IMMUTABLE_MEMBERS = new Set(['AliasAttributes', 'UsernameAttributes', 'UsernameConfiguration']);

export interface PoolSettings {
  id: string;
  name: string;
  config: Json;
  schema: SchemaAttribute[];
}

function requirePoolId(id: string): void {
  if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(id) || id.length > 55) {
    throw new InvalidParameterException(`1 validation error detected: Value '${id}' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+`);
  }
}

export async function requirePool(store: Store, id: string): Promise<PoolRecord> {
  requirePoolId(id);
  const pool = await store.pools.find(id);
  if (!pool) throw new ResourceNotFoundException(`User pool ${id} does not exist.`);
  return pool;
}

/** VerificationMessageTemplate members and the legacy members that mirror them. */
const LEGACY_MESSAGES = [
  ['SmsMessage', 'SmsVerificationMessage'],
  ['EmailMessage', 'EmailVerificationMessage'],
  ['EmailSubject', 'EmailVerificationSubject'],
] as const;

/**
 * Cognito keeps VerificationMessageTemplate and the legacy SmsVerificationMessage,
 * EmailVerificationMessage and EmailVerificationSubject in step: each fills the other, and where
 * both are given the template wins.
 */
function keepVerificationMessagesInStep(config: Json): void {
  const template = { DefaultEmailOption: 'CONFIRM_WITH_CODE', ...config.VerificationMessageTemplate };
  for (const [member, legacy] of LEGACY_MESSAGES) {
    template[member] ??= config[legacy];
    if (template[member] === undefined) delete template[member];
    else config[legacy] = template[member];
  }
  config.VerificationMessageTemplate = template;
}

function normalizeConfig(input: Json, previous?: Json): Json {
  const config: Json = {};
  for (const member of CONFIG_MEMBERS) {
    if (input[member] !== undefined) config[member] = input[member];
  }
  // Cognito fills these in when they are omitted.
  config.Policies = {
    ...config.Policies,
    PasswordPolicy: { ...DEFAULT_PASSWORD_POLICY, ...config.Policies?.PasswordPolicy },
  };
  if (!config.Policies.SignInPolicy) config.Policies.SignInPolicy = { AllowedFirstAuthFactors: ['PASSWORD'] };
  config.DeletionProtection ??= 'INACTIVE';
  config.MfaConfiguration ??= 'OFF';
  config.LambdaConfig = withPreTokenGenerationInStep(config.LambdaConfig ?? {});
  config.AdminCreateUserConfig = {
    AllowAdminCreateUserOnly: false,
    UnusedAccountValidityDays: config.Policies.PasswordPolicy.TemporaryPasswordValidityDays,
    ...config.AdminCreateUserConfig,
  };
  keepVerificationMessagesInStep(config);
  config.EmailConfiguration ??= { EmailSendingAccount: 'COGNITO_DEFAULT' };
  config.UserPoolTags ??= {};
  config.UserPoolTier ??= 'ESSENTIALS';
  if (previous) {
    for (const member of IMMUTABLE_MEMBERS) {
      if (previous[member] !== undefined) config[member] = previous[member];
      else delete config[member];
    }
    config.SchemaAttributes = previous.SchemaAttributes;
    if (previous.MfaFactors) config.MfaFactors = previous.MfaFactors;
  }
  return config;
}

function validateConfig(config: Json): void {
  if (config.UsernameAttributes?.length && config.AliasAttributes?.length) {
    throw new InvalidParameterException('Only one of AliasAttributes or UsernameAttributes can be set in a User Pool.');
  }
  const policy = config.Policies.PasswordPolicy;
  if (policy.MinimumLength < 6 || policy.MinimumLength > 99) {
    throw new InvalidParameterException('Password policy MinimumLength must be between 6 and 99.');
  }
  const mechanisms: Array<{ Name: string }> = config.AccountRecoverySetting?.RecoveryMechanisms ?? [];
  if (mechanisms.some((m) => m.Name === 'admin_only') && mechanisms.length > 1) {
    throw new InvalidParameterException('admin_only cannot be combined with other recovery mechanisms.');
  }
  checkSignInPolicy(config);
  checkTags(config.UserPoolTags);
  checkLambdaConfig(config.LambdaConfig);
  checkUserPoolAddOns(config);
}

/** `id` is for pools declared in a file, whose ids are derived so that they never change. */
export async function createPool(deps: Deps, input: Json, id = newPoolId(deps.config.aws.region)): Promise<PoolRecord> {
  const config = normalizeConfig(input);
  config.SchemaAttributes = buildSchema(input.Schema as SchemaInput[] | undefined);
  validateConfig(config);
  const now = deps.clock.now();
  const pool: PoolRecord = { id, name: input.PoolName, config, createdAt: now, updatedAt: now };
  // The keys are made before the transaction opens: on SQLite a transaction holds the process's one
  // connection, and generating two RSA keys takes a few hundred milliseconds.
  const keys = await deps.keys.newPoolKeys(pool.id);
  await deps.store.transaction(async (tx) => {
    await tx.pools.insert(pool);
    for (const key of keys) await tx.keys.insert(key);
  });
  return pool;
}

/** UpdateUserPool is a full replace of the mutable members: what is omitted returns to its default. */
export async function updatePool(deps: Deps, pool: PoolRecord, input: Json, name?: string): Promise<void> {
  const config = normalizeConfig(input, pool.config);
  if (input.UserPoolTags === undefined) config.UserPoolTags = pool.config.UserPoolTags;
  validateConfig(config);
  await deps.store.pools.update(pool.id, { config, updatedAt: deps.clock.now(), ...(name !== undefined && { name }) });
}

export const poolArn = (deps: Deps, poolId: string): string =>
  `arn:aws:cognito-idp:${deps.config.aws.region}:${deps.config.aws.accountId}:userpool/${poolId}`;

export const toEpochSeconds = (ms: number): number => ms / 1000;

export async function describePool(deps: Deps, pool: PoolRecord): Promise<Json> {
  const domains = await deps.store.domains.listByPool(pool.id);
  const prefix = domains.find((d) => !d.custom);
  const custom = domains.find((d) => d.custom);
  const { UsernameConfiguration, MfaFactors: _factors, ...config } = pool.config;
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: poolArn(deps, pool.id),
    CreationDate: toEpochSeconds(pool.createdAt),
    LastModifiedDate: toEpochSeconds(pool.updatedAt),
    ...config,
    ...(UsernameConfiguration && { UsernameConfiguration }),
    EstimatedNumberOfUsers: await deps.store.pools.countUsers(pool.id),
    ...(prefix && { Domain: prefix.domain }),
    ...(custom && { CustomDomain: custom.domain }),
  };
}

/** Usernames and email aliases match case-insensitively unless the pool says otherwise (API default: sensitive). */
export const isCaseSensitive = (pool: PoolRecord): boolean => pool.config.UsernameConfiguration?.CaseSensitive ?? true;

export const schemaOf = (pool: PoolRecord): SchemaAttribute[] => pool.config.SchemaAttributes ?? [];

/** DeleteUserPool: refused while DeletionProtection is ACTIVE; everything of the pool goes in one transaction. */
export async function deletePool(deps: Deps, pool: PoolRecord): Promise<void> {
  if (pool.config.DeletionProtection === 'ACTIVE') {
    throw new InvalidParameterException('The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.');
  }
  await deps.store.transaction((tx) => tx.pools.delete(pool.id));
}

/** Cognito: a pool has at most 50 custom attributes. */
const MAX_CUSTOM_ATTRIBUTES = 50;

/** AddCustomAttributes: new names only, within the limit. */
export async function addCustomAttributes(deps: Deps, pool: PoolRecord, inputs: SchemaInput[]): Promise<void> {
  const schema = [...pool.config.SchemaAttributes];
  for (const attributeInput of inputs) {
    const attribute = customAttribute(attributeInput);
    if (schema.some((a) => a.Name === attribute.Name)) {
      throw new InvalidParameterException(`Existing attribute already has name ${attribute.Name}.`);
    }
    schema.push(attribute);
  }
  if (schema.filter((a) => a.Name.includes('custom:')).length > MAX_CUSTOM_ATTRIBUTES) {
    throw new InvalidParameterException(`A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
  }
  await deps.store.pools.update(pool.id, { config: { ...pool.config, SchemaAttributes: schema }, updatedAt: deps.clock.now() });
}
