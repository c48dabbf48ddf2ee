// The input shapes of CreateUserPool (and the settings UpdateUserPool shares): what the API and the
// declared pools file (declare/file-schema.ts) both accept.
import { Type } from '@sinclair/typebox';
import { ARN_PATTERN } from './shapes.js';

export const SchemaInput = Type.Object({
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

// Members as the AWS SDK's model names them. Enumerated values stay plain strings here: the domain
// checks the values it acts on, and the pools file (declare/file-schema.ts) refuses member names
// these do not list.
const Optional = Type.Optional;
// Cognito's ArnType for every LambdaConfig member that names a function, and for KMSKeyID.
// Deliberate divergence: a function may also be named by its bare name (Lambda's function-name
// syntax, 1–64 characters), which Gatehouse resolves as it resolves the ARN's function:<name> part.
// The versioned members require both LambdaVersion and LambdaArn; their versions are the model's enums.
const FUNCTION_NAME_PATTERN = '[\\w-]{1,64}';
const FunctionArn = Type.String({ minLength: 1, maxLength: 2048, pattern: `^(?:${ARN_PATTERN.slice(1, -1)}|${FUNCTION_NAME_PATTERN})$` });
const Arn = Type.String({ minLength: 20, maxLength: 2048, pattern: ARN_PATTERN });
const VersionedLambda = (versions: string[]) => Type.Object({
  LambdaVersion: Type.Union(versions.map((v) => Type.Literal(v))),
  LambdaArn: FunctionArn,
});
const LambdaConfig = Type.Object({
  PreSignUp: Optional(FunctionArn),
  CustomMessage: Optional(FunctionArn),
  PostConfirmation: Optional(FunctionArn),
  PreAuthentication: Optional(FunctionArn),
  PostAuthentication: Optional(FunctionArn),
  DefineAuthChallenge: Optional(FunctionArn),
  CreateAuthChallenge: Optional(FunctionArn),
  VerifyAuthChallengeResponse: Optional(FunctionArn),
  PreTokenGeneration: Optional(FunctionArn),
  UserMigration: Optional(FunctionArn),
  PreTokenGenerationConfig: Optional(VersionedLambda(['V1_0', 'V2_0', 'V3_0'])),
  CustomSMSSender: Optional(VersionedLambda(['V1_0'])),
  CustomEmailSender: Optional(VersionedLambda(['V1_0'])),
  KMSKeyID: Optional(Arn),
  InboundFederation: Optional(VersionedLambda(['V1_0'])),
});
const DeviceConfiguration = Type.Object({
  ChallengeRequiredOnNewDevice: Optional(Type.Boolean()),
  DeviceOnlyRememberedOnUserPrompt: Optional(Type.Boolean()),
});
const EmailConfiguration = Type.Object({
  SourceArn: Optional(Type.String()),
  ReplyToEmailAddress: Optional(Type.String()),
  EmailSendingAccount: Optional(Type.String()),
  From: Optional(Type.String()),
  ConfigurationSet: Optional(Type.String()),
});
const SmsConfiguration = Type.Object({
  SnsCallerArn: Optional(Type.String()),
  ExternalId: Optional(Type.String()),
  SnsRegion: Optional(Type.String()),
  EumsSms: Optional(Type.Object({})),
});
const UserPoolAddOns = Type.Object({
  AdvancedSecurityMode: Optional(Type.String()),
  AdvancedSecurityAdditionalFlows: Optional(Type.Object({ CustomAuthMode: Optional(Type.String()) })),
});
const AuthFactor = Type.Union(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN', 'SOFTWARE_TOKEN'].map((f) => Type.Literal(f)));
const SignInPolicy = Type.Object({ AllowedFirstAuthFactors: Optional(Type.Array(AuthFactor, { minItems: 1, maxItems: 5 })) });

const VerifiedAttribute = Type.Union([Type.Literal('email'), Type.Literal('phone_number')]);
export const PoolSettings = {
  Policies: Type.Optional(Type.Object({ PasswordPolicy: Type.Optional(PasswordPolicy), SignInPolicy: Type.Optional(SignInPolicy) })),
  DeletionProtection: Type.Optional(Type.Union([Type.Literal('ACTIVE'), Type.Literal('INACTIVE')])),
  LambdaConfig: Type.Optional(LambdaConfig),
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
  DeviceConfiguration: Type.Optional(DeviceConfiguration),
  EmailConfiguration: Type.Optional(EmailConfiguration),
  SmsConfiguration: Type.Optional(SmsConfiguration),
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
  UserPoolAddOns: Type.Optional(UserPoolAddOns),
  AccountRecoverySetting: Type.Optional(Type.Object({
    RecoveryMechanisms: Type.Optional(Type.Array(Type.Object({
      Priority: Type.Integer({ minimum: 1, maximum: 2 }),
      Name: Type.Union([Type.Literal('verified_email'), Type.Literal('verified_phone_number'), Type.Literal('admin_only')]),
    }), { minItems: 1, maxItems: 2 })),
  })),
  UserPoolTier: Type.Optional(Type.Union([Type.Literal('LITE'), Type.Literal('ESSENTIALS'), Type.Literal('PLUS')])),
};

export const CreateUserPoolInput = Type.Object({
  PoolName: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\w\\s+=,.@-]+$' }),
  ...PoolSettings,
  AliasAttributes: Type.Optional(Type.Array(Type.Union([Type.Literal('email'), Type.Literal('phone_number'), Type.Literal('preferred_username')]), { maxItems: 3 })),
  UsernameAttributes: Type.Optional(Type.Array(VerifiedAttribute, { maxItems: 2 })),
  UsernameConfiguration: Type.Optional(Type.Object({ CaseSensitive: Type.Boolean() })),
  Schema: Type.Optional(Type.Array(SchemaInput, { minItems: 1, maxItems: 50 })),
});
