// SetUserPoolMfaConfig, GetUserPoolMfaConfig, AssociateSoftwareToken, VerifySoftwareToken,
// SetUserMFAPreference, AdminSetUserMFAPreference, and the legacy SetUserSettings, AdminSetUserSettings.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { InvalidParameterException } from '../cognito/errors.js';
import { Token, Username, UserPoolId } from '../cognito/shapes.js';
import { requirePool } from '../domain/pools.js';
import { requireUser } from '../domain/users.js';
import { authenticateAccessToken } from '../domain/access-token.js';
import { associateForSession, associateForUser, verifyForSession, verifyForUser } from '../domain/mfa.js';
import { getPoolMfaConfig, setPoolMfaConfig, setUserMfaPreference, setUserSettings, type FactorSetting } from '../domain/mfa-settings.js';

const Session = Type.String({ minLength: 20, maxLength: 4096 });
const MfaMode = Type.Union([Type.Literal('OFF'), Type.Literal('ON'), Type.Literal('OPTIONAL')]);
const SmsMfaConfiguration = Type.Object({
  SmsAuthenticationMessage: Type.Optional(Type.String({ minLength: 6, maxLength: 140, pattern: '\\{####\\}' })),
  SmsConfiguration: Type.Optional(Type.Object({
    SnsCallerArn: Type.String({ minLength: 20, maxLength: 2048 }),
    ExternalId: Type.Optional(Type.String()),
    SnsRegion: Type.Optional(Type.String({ minLength: 5, maxLength: 32 })),
  })),
});
const SoftwareTokenMfaConfiguration = Type.Object({ Enabled: Type.Optional(Type.Boolean()) });
const EmailMfaConfiguration = Type.Object({
  Message: Type.Optional(Type.String({ minLength: 6, maxLength: 20_000, pattern: '\\{####\\}' })),
  Subject: Type.Optional(Type.String({ minLength: 1, maxLength: 140 })),
});
const WebAuthnConfiguration = Type.Object({
  RelyingPartyId: Type.Optional(Type.String({ minLength: 1, maxLength: 127 })),
  UserVerification: Type.Optional(Type.Union([Type.Literal('required'), Type.Literal('preferred')])),
  FactorConfiguration: Type.Optional(Type.Union([Type.Literal('SINGLE_FACTOR'), Type.Literal('MULTI_FACTOR_WITH_USER_VERIFICATION')])),
});
const FactorSettings = Type.Optional(Type.Object({ Enabled: Type.Optional(Type.Boolean()), PreferredMfa: Type.Optional(Type.Boolean()) }));
const PreferenceInput = {
  SMSMfaSettings: FactorSettings,
  SoftwareTokenMfaSettings: FactorSettings,
  EmailMfaSettings: FactorSettings,
  WebAuthnMfaSettings: Type.Optional(Type.Object({}, { additionalProperties: true })),
};

type Preferences = { SMSMfaSettings?: FactorSetting; SoftwareTokenMfaSettings?: FactorSetting; EmailMfaSettings?: FactorSetting };
const bySetting = (input: Preferences) => ({
  SMS_MFA: input.SMSMfaSettings,
  SOFTWARE_TOKEN_MFA: input.SoftwareTokenMfaSettings,
  EMAIL_OTP: input.EmailMfaSettings,
});

export const GetUserPoolMfaConfig = defineOperation({
  name: 'GetUserPoolMfaConfig',
  auth: 'admin',
  input: Type.Object({ UserPoolId }),
  async handler(input, { deps }) {
    return getPoolMfaConfig(await requirePool(deps.store, input.UserPoolId));
  },
});

export const SetUserPoolMfaConfig = defineOperation({
  name: 'SetUserPoolMfaConfig',
  auth: 'admin',
  input: Type.Object({
    UserPoolId,
    SmsMfaConfiguration: Type.Optional(SmsMfaConfiguration),
    SoftwareTokenMfaConfiguration: Type.Optional(SoftwareTokenMfaConfiguration),
    EmailMfaConfiguration: Type.Optional(EmailMfaConfiguration),
    MfaConfiguration: Type.Optional(MfaMode),
    WebAuthnConfiguration: Type.Optional(WebAuthnConfiguration),
  }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const { UserPoolId: _id, ...config } = input;
    return setPoolMfaConfig(deps, pool, config);
  },
});

function oneOf(input: { AccessToken?: string; Session?: string }): void {
  if (Boolean(input.AccessToken) === Boolean(input.Session)) throw new InvalidParameterException('Exactly one of AccessToken or Session must be provided.');
}

export const AssociateSoftwareToken = defineOperation({
  name: 'AssociateSoftwareToken',
  auth: 'public',
  input: Type.Object({ AccessToken: Type.Optional(Token), Session: Type.Optional(Session) }),
  async handler(input, { deps }) {
    oneOf(input);
    if (input.Session) {
      const { secret, session } = await associateForSession(deps, input.Session);
      return { SecretCode: secret, Session: session };
    }
    const { user } = await authenticateAccessToken(deps, input.AccessToken!);
    return { SecretCode: await associateForUser(deps, user) };
  },
});

export const VerifySoftwareToken = defineOperation({
  name: 'VerifySoftwareToken',
  auth: 'public',
  input: Type.Object({
    AccessToken: Type.Optional(Token),
    Session: Type.Optional(Session),
    UserCode: Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]+$' }),
    FriendlyDeviceName: Type.Optional(Type.String({ maxLength: 256 })),
  }),
  async handler(input, { deps }) {
    oneOf(input);
    if (input.Session) return { Status: 'SUCCESS', Session: await verifyForSession(deps, input.Session, input.UserCode, input.FriendlyDeviceName) };
    const { user } = await authenticateAccessToken(deps, input.AccessToken!);
    await verifyForUser(deps, user, input.UserCode, input.FriendlyDeviceName);
    return { Status: 'SUCCESS' };
  },
});

export const SetUserMFAPreference = defineOperation({
  name: 'SetUserMFAPreference',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, ...PreferenceInput }),
  async handler(input, { deps }) {
    const { user } = await authenticateAccessToken(deps, input.AccessToken);
    await setUserMfaPreference(deps, user, bySetting(input));
    return {};
  },
});

export const AdminSetUserMFAPreference = defineOperation({
  name: 'AdminSetUserMFAPreference',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, ...PreferenceInput }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const user = await requireUser(deps.store, pool, input.Username);
    await setUserMfaPreference(deps, user, bySetting(input));
    return {};
  },
});

const MFAOptions = Type.Array(Type.Object({
  DeliveryMedium: Type.Optional(Type.Union([Type.Literal('SMS'), Type.Literal('EMAIL')])),
  AttributeName: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
}), { maxItems: 10 });

export const SetUserSettings = defineOperation({
  name: 'SetUserSettings',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, MFAOptions }),
  async handler(input, { deps }) {
    const { user } = await authenticateAccessToken(deps, input.AccessToken);
    await setUserSettings(deps, user, input.MFAOptions);
    return {};
  },
});

export const AdminSetUserSettings = defineOperation({
  name: 'AdminSetUserSettings',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, MFAOptions }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    await setUserSettings(deps, await requireUser(deps.store, pool, input.Username), input.MFAOptions);
    return {};
  },
});

export const mfaOperations = [
  GetUserPoolMfaConfig, SetUserPoolMfaConfig, AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference, AdminSetUserMFAPreference,
  SetUserSettings, AdminSetUserSettings,
];
