// CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools, AddCustomAttributes.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { InvalidParameterException } from './errors.js';
import { UserPoolId, NextToken } from './shapes.js';
import { NameCursor, decodePageToken, encodePageToken } from './pagination.js';
import { createPool, describePool, requirePool, toEpochSeconds, updatePool } from '../domain/pools.js';
import { customAttribute } from '../domain/schema-attributes.js';

const SchemaInput = Type.Object({
  Name: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  AttributeDataType: Type.Optional(Type.Union(['String', 'Number', 'DateTime', 'Boolean'].map((v) => Type.Literal(v)))),
  DeveloperOnlyAttribute: Type.Optional(Type.Boolean()),
  Mutable: Type.Optional(Type.Boolean()),
  Required: Type.Optional(Type.Boolean()),
  NumberAttributeConstraints: Type.Optional(Type.Object({ MinValue: Type.Optional(Type.String()), MaxValue: Type.Optional(Type.String()) })),
  StringAttributeConstraints: Type.Optional(Type.Object({ MinLength: Type.Optional(Type.String()), MaxLength: Type.Optional(Type.String()) })),
});

const PasswordPolicy = Type.Object({
  MinimumLength: Type.Optional(Type.Integer({ minimum: 6, maximum: 99 })),
  RequireUppercase: Type.Optional(Type.Boolean()),
  RequireLowercase: Type.Optional(Type.Boolean()),
  RequireNumbers: Type.Optional(Type.Boolean()),
  RequireSymbols: Type.Optional(Type.Boolean()),
  PasswordHistorySize: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 })),
  TemporaryPasswordValidityDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
});

const VerifiedAttribute = Type.Union([Type.Literal('email'), Type.Literal('phone_number')]);
const PoolSettings = {
  Policies: Type.Optional(Type.Object({ PasswordPolicy: Type.Optional(PasswordPolicy), SignInPolicy: Type.Optional(Type.Object({})) })),
  DeletionProtection: Type.Optional(Type.Union([Type.Literal('ACTIVE'), Type.Literal('INACTIVE')])),
  LambdaConfig: Type.Optional(Type.Object({})),
  AutoVerifiedAttributes: Type.Optional(Type.Array(VerifiedAttribute, { maxItems: 2 })),
  VerificationMessageTemplate: Type.Optional(Type.Object({
    SmsMessage: Type.Optional(Type.String({ minLength: 6, maxLength: 140 })),
    EmailMessage: Type.Optional(Type.String({ minLength: 6, maxLength: 20_000 })),
    EmailSubject: Type.Optional(Type.String({ minLength: 1, maxLength: 140 })),
    EmailMessageByLink: Type.Optional(Type.String({ minLength: 6, maxLength: 20_000 })),
    EmailSubjectByLink: Type.Optional(Type.String({ minLength: 1, maxLength: 140 })),
    DefaultEmailOption: Type.Optional(Type.Union([Type.Literal('CONFIRM_WITH_LINK'), Type.Literal('CONFIRM_WITH_CODE')])),
  })),
  SmsVerificationMessage: Type.Optional(Type.String({ minLength: 6, maxLength: 140 })),
  EmailVerificationMessage: Type.Optional(Type.String({ minLength: 6, maxLength: 20_000 })),
  EmailVerificationSubject: Type.Optional(Type.String({ minLength: 1, maxLength: 140 })),
  SmsAuthenticationMessage: Type.Optional(Type.String({ minLength: 6, maxLength: 140 })),
  MfaConfiguration: Type.Optional(Type.Union([Type.Literal('OFF'), Type.Literal('ON'), Type.Literal('OPTIONAL')])),
  UserAttributeUpdateSettings: Type.Optional(Type.Object({ AttributesRequireVerificationBeforeUpdate: Type.Optional(Type.Array(VerifiedAttribute)) })),
  DeviceConfiguration: Type.Optional(Type.Object({})),
  EmailConfiguration: Type.Optional(Type.Object({})),
  SmsConfiguration: Type.Optional(Type.Object({})),
  UserPoolTags: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 128 }), Type.String({ maxLength: 256 }))),
  AdminCreateUserConfig: Type.Optional(Type.Object({
    AllowAdminCreateUserOnly: Type.Optional(Type.Boolean()),
    UnusedAccountValidityDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    InviteMessageTemplate: Type.Optional(Type.Object({
      SMSMessage: Type.Optional(Type.String({ minLength: 6, maxLength: 140 })),
      EmailMessage: Type.Optional(Type.String({ minLength: 6, maxLength: 20_000 })),
      EmailSubject: Type.Optional(Type.String({ minLength: 1, maxLength: 140 })),
    })),
  })),
  UserPoolAddOns: Type.Optional(Type.Object({})),
  AccountRecoverySetting: Type.Optional(Type.Object({
    RecoveryMechanisms: Type.Optional(Type.Array(Type.Object({
      Priority: Type.Integer({ minimum: 1, maximum: 2 }),
      Name: Type.Union([Type.Literal('verified_email'), Type.Literal('verified_phone_number'), Type.Literal('admin_only')]),
    }), { minItems: 1, maxItems: 2 })),
  })),
  UserPoolTier: Type.Optional(Type.Union([Type.Literal('LITE'), Type.Literal('ESSENTIALS'), Type.Literal('PLUS')])),
};

export const CreateUserPool = defineOperation({
  name: 'CreateUserPool',
  auth: 'admin',
  input: Type.Object({
    PoolName: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\w\\s+=,.@-]+$' }),
    ...PoolSettings,
    AliasAttributes: Type.Optional(Type.Array(Type.Union([Type.Literal('email'), Type.Literal('phone_number'), Type.Literal('preferred_username')]), { maxItems: 3 })),
    UsernameAttributes: Type.Optional(Type.Array(VerifiedAttribute, { maxItems: 2 })),
    UsernameConfiguration: Type.Optional(Type.Object({ CaseSensitive: Type.Boolean() })),
    Schema: Type.Optional(Type.Array(SchemaInput, { minItems: 1, maxItems: 50 })),
  }),
  async handler(input, { deps }) {
    const pool = await createPool(deps, input);
    return { UserPool: await describePool(deps, pool) };
  },
});

export const DescribeUserPool = defineOperation({
  name: 'DescribeUserPool',
  auth: 'admin',
  input: Type.Object({ UserPoolId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { UserPool: await describePool(deps, pool) };
  },
});

export const UpdateUserPool = defineOperation({
  name: 'UpdateUserPool',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ...PoolSettings }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    await updatePool(deps, pool, input);
    return {};
  },
});

export const DeleteUserPool = defineOperation({
  name: 'DeleteUserPool',
  auth: 'admin',
  input: Type.Object({ UserPoolId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    if (pool.config.DeletionProtection === 'ACTIVE') {
      throw new InvalidParameterException('The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.');
    }
    await deps.store.transaction((tx) => tx.pools.delete(pool.id));
    return {};
  },
});

export const ListUserPools = defineOperation({
  name: 'ListUserPools',
  auth: 'admin',
  input: Type.Object({ MaxResults: Type.Integer({ minimum: 1, maximum: 60 }), NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    const after = decodePageToken(input.NextToken, 'pools', NameCursor);
    const page = await deps.store.pools.list(input.MaxResults, after);
    return {
      UserPools: page.items.map((p) => ({
        Id: p.id,
        Name: p.name,
        LambdaConfig: p.config.LambdaConfig ?? {},
        LastModifiedDate: toEpochSeconds(p.updatedAt),
        CreationDate: toEpochSeconds(p.createdAt),
      })),
      ...(page.next && { NextToken: encodePageToken('pools', page.next) }),
    };
  },
});

export const AddCustomAttributes = defineOperation({
  name: 'AddCustomAttributes',
  auth: 'admin',
  input: Type.Object({ UserPoolId, CustomAttributes: Type.Array(SchemaInput, { minItems: 1, maxItems: 25 }) }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const schema = [...pool.config.SchemaAttributes];
    for (const attributeInput of input.CustomAttributes) {
      const attribute = customAttribute(attributeInput);
      if (schema.some((a) => a.Name === attribute.Name)) {
        throw new InvalidParameterException(`Existing attribute already has name ${attribute.Name}.`);
      }
      schema.push(attribute);
    }
    if (schema.filter((a) => a.Name.includes('custom:')).length > 50) {
      throw new InvalidParameterException('A user pool can have at most 50 custom attributes.');
    }
    await deps.store.pools.update(pool.id, { config: { ...pool.config, SchemaAttributes: schema }, updatedAt: deps.clock.now() });
    return {};
  },
});

export const userPoolOperations = [CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools, AddCustomAttributes];
