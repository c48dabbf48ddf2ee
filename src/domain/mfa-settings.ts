// MFA settings: the pool's configuration (OFF / OPTIONAL / ON and which
// factors) and the user's factors and preference, set by SetUserMFAPreference and by the legacy
// SetUserSettings (SMS only). user.mfa holds { enabled: Factor[], preferred?: Factor, ... }.
// - SMS MFA needs a phone_number, not a verified one (AWS API reference, SMSMfaSettingsType: "Phone
//   numbers don't need to be verified to be used for SMS MFA").
import type { Deps } from './deps.js';
import type { Json, PoolRecord, UserRecord } from '../store/store.js';
import { FeatureUnavailableInTierException, InvalidParameterException } from '../cognito/errors.js';

export type Factor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';
export const FACTORS: Factor[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

export interface PoolMfaConfig {
  MfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL';
  SmsMfaConfiguration?: Json;
  SoftwareTokenMfaConfiguration?: { Enabled?: boolean };
  EmailMfaConfiguration?: Json;
  WebAuthnConfiguration?: WebAuthnConfiguration;
}

/** Passkey settings (SetUserPoolMfaConfig's WebAuthnConfiguration). */
export interface WebAuthnConfiguration {
  RelyingPartyId?: string;
  UserVerification?: 'required' | 'preferred';
  FactorConfiguration?: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION';
}

/** The factors as stored in pool.config.MfaFactors; a pool made with an SmsConfiguration and no MFA call has SMS. */
function storedMfaConfig(pool: PoolRecord): PoolMfaConfig {
  const factors: Json = pool.config.MfaFactors ?? (pool.config.SmsConfiguration ? { SmsMfaConfiguration: { SmsConfiguration: pool.config.SmsConfiguration, ...(pool.config.SmsAuthenticationMessage && { SmsAuthenticationMessage: pool.config.SmsAuthenticationMessage }) } } : {});
  return {
    MfaConfiguration: pool.config.MfaConfiguration ?? 'OFF',
    ...(factors.SmsMfaConfiguration && { SmsMfaConfiguration: factors.SmsMfaConfiguration }),
    SoftwareTokenMfaConfiguration: { Enabled: factors.SoftwareTokenMfaConfiguration?.Enabled === true },
    ...(factors.EmailMfaConfiguration && { EmailMfaConfiguration: factors.EmailMfaConfiguration }),
    // Cognito: user verification is "preferred" and passkeys a single factor until set; no relying
    // party id until set (the passkey operations then fall back to the pool's domain).
    WebAuthnConfiguration: { UserVerification: 'preferred', FactorConfiguration: 'SINGLE_FACTOR', ...factors.WebAuthnConfiguration },
  };
}

/** The pool's passkey settings, with Cognito's defaults filled in. */
export const webAuthnConfigOf = (pool: PoolRecord): WebAuthnConfiguration => storedMfaConfig(pool).WebAuthnConfiguration!;

/**
 * WebAuthnConfiguration.FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION: a passkey sign-in
 * whose authenticator verified the user satisfies MFA by itself.
 */
export const passkeySatisfiesMfa = (config: { MfaFactors?: Json }): boolean =>
  config.MfaFactors?.WebAuthnConfiguration?.FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION';

/** A relying party id is a host name: lower-case DNS labels, no scheme, port or path (WebAuthn §5.1.2's "valid domain"). */
const RELYING_PARTY_ID = /^(?=.{1,127}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function checkWebAuthnConfiguration(pool: PoolRecord, input: WebAuthnConfiguration): void {
  // Cognito: passkeys as MFA need the Essentials tier or higher (passkey sign-in itself is gated by
  // the sign-in policy's WEB_AUTHN, see auth-factors.ts).
  if (pool.config.UserPoolTier === 'LITE' && input.FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION') {
    throw new FeatureUnavailableInTierException('The following features need to be disabled for the LITE pricing tier configured: Passkey MFA');
  }
  if (input.RelyingPartyId !== undefined && !RELYING_PARTY_ID.test(input.RelyingPartyId)) {
    throw new InvalidParameterException(`Invalid RelyingPartyId: ${input.RelyingPartyId} is not a domain name.`);
  }
}

/**
 * GetUserPoolMfaConfig's view. Cognito: the software-token configuration is shown only while MFA
 * is on or optional and TOTP is enabled.
 */
export function getPoolMfaConfig(pool: PoolRecord): PoolMfaConfig {
  const { SoftwareTokenMfaConfiguration, ...config } = storedMfaConfig(pool);
  return config.MfaConfiguration !== 'OFF' && SoftwareTokenMfaConfiguration?.Enabled ? { ...config, SoftwareTokenMfaConfiguration } : config;
}

export function poolFactors(pool: PoolRecord): Factor[] {
  const config = storedMfaConfig(pool);
  return FACTORS.filter((f) =>
    f === 'SMS_MFA' ? config.SmsMfaConfiguration !== undefined : f === 'EMAIL_OTP' ? config.EmailMfaConfiguration !== undefined : config.SoftwareTokenMfaConfiguration?.Enabled === true);
}

/** SetUserPoolMfaConfig: the members given replace the stored ones. */
export async function setPoolMfaConfig(deps: Deps, pool: PoolRecord, input: Partial<PoolMfaConfig>): Promise<PoolMfaConfig> {
  const current = storedMfaConfig(pool);
  const factors: Json = {
    ...(current.SmsMfaConfiguration && { SmsMfaConfiguration: current.SmsMfaConfiguration }),
    SoftwareTokenMfaConfiguration: current.SoftwareTokenMfaConfiguration,
    ...(current.EmailMfaConfiguration && { EmailMfaConfiguration: current.EmailMfaConfiguration }),
    ...(pool.config.MfaFactors?.WebAuthnConfiguration && { WebAuthnConfiguration: pool.config.MfaFactors.WebAuthnConfiguration }),
  };
  if (input.WebAuthnConfiguration !== undefined) {
    checkWebAuthnConfiguration(pool, input.WebAuthnConfiguration);
    factors.WebAuthnConfiguration = input.WebAuthnConfiguration;
  }
  if (input.SmsMfaConfiguration !== undefined) {
    // Cognito: SMS MFA needs an SmsConfiguration (the SNS role), given here or with the pool.
    const SmsConfiguration = input.SmsMfaConfiguration.SmsConfiguration ?? pool.config.SmsConfiguration;
    if (!SmsConfiguration) throw new InvalidParameterException('[SmsConfiguration] is a required member of [SoftwareTokenMfaConfiguration].');
    factors.SmsMfaConfiguration = { ...input.SmsMfaConfiguration, SmsConfiguration };
  }
  if (input.SoftwareTokenMfaConfiguration !== undefined) factors.SoftwareTokenMfaConfiguration = { Enabled: input.SoftwareTokenMfaConfiguration.Enabled === true };
  if (input.EmailMfaConfiguration !== undefined) factors.EmailMfaConfiguration = input.EmailMfaConfiguration;
  const mode = input.MfaConfiguration ?? current.MfaConfiguration;
  const config: Json = { ...pool.config, MfaConfiguration: mode, MfaFactors: factors };
  // Cognito: where MFA is required, passkeys allowed as a first factor must also count as MFA.
  const allowed: string[] = pool.config.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? [];
  if (mode === 'ON' && allowed.includes('WEB_AUTHN') && !passkeySatisfiesMfa(config)) {
    throw new InvalidParameterException('Cannot set WebAuthn factor configuration to SINGLE_FACTOR if MFA is required and WebAuthn is an allowed first auth factor');
  }
  if (factors.SmsMfaConfiguration?.SmsAuthenticationMessage) config.SmsAuthenticationMessage = factors.SmsMfaConfiguration.SmsAuthenticationMessage;
  const next = { ...pool, config };
  if (mode !== 'OFF' && poolFactors(next).length === 0) {
    throw new InvalidParameterException('At least one of [SmsMfaConfiguration] or [SoftwareTokenMfaConfiguration] must be provided.');
  }
  await deps.store.pools.update(pool.id, { config, updatedAt: deps.clock.now() });
  return getPoolMfaConfig(next);
}

// ---- User factors ---------------------------------------------------------------------------

export const enabledOf = (user: UserRecord): Factor[] => (user.mfa.enabled ?? []).filter((f: string): f is Factor => FACTORS.includes(f as Factor));

/** Whether the user has what the factor needs: a phone number, an email, a registered TOTP secret. */
export const canUse = (user: UserRecord, factor: Factor): boolean =>
  factor === 'SMS_MFA' ? Boolean(user.attributes.phone_number) : factor === 'EMAIL_OTP' ? Boolean(user.attributes.email) : typeof user.mfa.totpSealed === 'string';

export interface FactorSetting {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}

/** SetUserMFAPreference / AdminSetUserMFAPreference. */
export async function setUserMfaPreference(deps: Deps, user: UserRecord, settings: Partial<Record<Factor, FactorSetting>>): Promise<void> {
  const enabled = new Set(enabledOf(user));
  let preferred: Factor | undefined = user.mfa.preferred;
  const preferredNow = FACTORS.filter((f) => settings[f]?.PreferredMfa === true);
  if (preferredNow.length > 1) throw new InvalidParameterException('Only one MFA method can be preferred.');
  for (const factor of FACTORS) {
    const setting = settings[factor];
    if (!setting) continue;
    const on = setting.Enabled ?? (setting.PreferredMfa === true ? true : undefined);
    if (on === true) {
      if (!canUse(user, factor)) throw new InvalidParameterException(`User does not have delivery config set to turn on ${factor}`);
      enabled.add(factor);
    } else if (on === false) {
      enabled.delete(factor);
      if (preferred === factor) preferred = undefined;
    }
    if (setting.PreferredMfa === true) preferred = factor;
    else if (setting.PreferredMfa === false && preferred === factor) preferred = undefined;
  }
  const mfa: Json = { ...user.mfa, enabled: FACTORS.filter((f) => enabled.has(f)) };
  if (preferred && enabled.has(preferred)) mfa.preferred = preferred;
  else delete mfa.preferred;
  await deps.store.users.update(user.sub, { mfa, updatedAt: deps.clock.now() });
}

/** The legacy MFAOptions entry for SMS MFA: the only kind SetUserSettings can set. */
export const SMS_MFA_OPTION = { DeliveryMedium: 'SMS', AttributeName: 'phone_number' } as const;

/**
 * SetUserSettings / AdminSetUserSettings (legacy, SMS only): [{SMS, phone_number}] enables SMS MFA
 * as SMSMfaSettings {Enabled: true} does (the preference is left as it is); an empty list disables it.
 */
export async function setUserSettings(deps: Deps, user: UserRecord, options: Array<{ DeliveryMedium?: string; AttributeName?: string }>): Promise<void> {
  for (const option of options) {
    if (option.DeliveryMedium !== SMS_MFA_OPTION.DeliveryMedium || option.AttributeName !== SMS_MFA_OPTION.AttributeName) {
      throw new InvalidParameterException('MFAOptions can only set SMS delivery to phone_number; use SetUserMFAPreference for other MFA methods.');
    }
  }
  await setUserMfaPreference(deps, user, { SMS_MFA: { Enabled: options.length > 0 } });
}

/**
 * AdminDeleteSoftwareToken: forgets the user's TOTP secret (registered or pending) and turns TOTP
 * MFA off for them, so that they can register a new one with AssociateSoftwareToken. A user
 * without TOTP is left as they are.
 */
export async function deleteSoftwareToken(deps: Deps, user: UserRecord): Promise<void> {
  const { totpSealed: _secret, totpPendingSealed: _pending, totpName: _name, ...rest } = user.mfa;
  const mfa: Json = { ...rest, enabled: enabledOf(user).filter((f) => f !== 'SOFTWARE_TOKEN_MFA') };
  if (mfa.preferred === 'SOFTWARE_TOKEN_MFA') delete mfa.preferred;
  await deps.store.users.update(user.sub, { mfa, updatedAt: deps.clock.now() });
}
