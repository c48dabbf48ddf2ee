// First factors of choice-based sign-in (USER_AUTH): which ones a pool allows, which ones its tier
// permits, and which ones a given user can use. Sign-in, GetUserAuthFactors and the Hosted UI ask here.
import type { PoolRecord, UserRecord } from '../store/store.js';
import { FeatureUnavailableInTierException, InvalidParameterException } from '../cognito/errors.js';
import type { Json } from '../store/store.js';
import { enabledOf, passkeySatisfiesMfa } from './mfa-settings.js';

export type FirstFactor = 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
const FIRST_FACTORS: FirstFactor[] = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
const PASSWORDLESS = new Set<string>(['EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']);

/** The pool's SignInPolicy.AllowedFirstAuthFactors (Cognito's default: PASSWORD alone). */
export function allowedFirstFactors(pool: PoolRecord): FirstFactor[] {
  const allowed: string[] = pool.config.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
  return FIRST_FACTORS.filter((f) => allowed.includes(f));
}

/**
 * CreateUserPool / UpdateUserPool: the sign-in policy and the tier together.
 * - Cognito: SOFTWARE_TOKEN is an AuthFactorType but "not currently supported as a first auth factor".
 * - Cognito: passwordless first factors need the Essentials tier or higher; a LITE pool that names
 *   one is refused with FeatureUnavailableInTierException and this message.
 */
export function checkSignInPolicy(config: Json): void {
  const factors: string[] = config.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? [];
  if (factors.includes('SOFTWARE_TOKEN')) {
    throw new InvalidParameterException('SOFTWARE_TOKEN is not supported as a first auth factor in AllowedFirstAuthFactors.');
  }
  if (new Set(factors).size !== factors.length) throw new InvalidParameterException('AllowedFirstAuthFactors must not contain duplicates.');
  if (config.UserPoolTier === 'LITE' && factors.some((f) => PASSWORDLESS.has(f))) {
    throw new FeatureUnavailableInTierException('The following features need to be disabled for the LITE pricing tier configured: Passwordless Sign-In');
  }
  // Cognito: where MFA is required, a passkey first factor must count as MFA (FactorConfiguration).
  if (config.MfaConfiguration === 'ON' && factors.includes('WEB_AUTHN') && !passkeySatisfiesMfa(config)) {
    throw new InvalidParameterException('WEB_AUTHN cannot be used as an auth factor when MFA is enabled if not configured for MFA.');
  }
}

const isTrue = (value: string | undefined): boolean => value === 'true';

/** Whether the user has what the factor needs, whatever the pool allows. */
function userHas(user: UserRecord, factor: FirstFactor, webAuthnCredentials: number): boolean {
  switch (factor) {
    case 'PASSWORD': return user.passwordHash !== null || user.srpSealed !== null;
    case 'EMAIL_OTP': return Boolean(user.attributes.email) && isTrue(user.attributes.email_verified);
    case 'SMS_OTP': return Boolean(user.attributes.phone_number) && isTrue(user.attributes.phone_number_verified);
    case 'WEB_AUTHN': return webAuthnCredentials > 0;
  }
}

/**
 * The first factors this user can use in this pool: the pool allows the factor and the user has
 * what it needs (a password; a verified email; a verified phone number; a registered passkey).
 * Cognito: a user with MFA activated is not offered passwordless first factors ("If a user has MFA
 * configured, passwordless sign-in options will not be available"), so they keep the password;
 * passkeys stay offered where the pool counts a user-verified passkey as MFA (FactorConfiguration).
 */
export function availableFirstFactors(pool: PoolRecord, user: UserRecord, options: { webAuthnCredentials: number }): FirstFactor[] {
  const hasMfa = (pool.config.MfaConfiguration ?? 'OFF') !== 'OFF' && enabledOf(user).length > 0;
  const barredByMfa = (factor: FirstFactor): boolean =>
    hasMfa && PASSWORDLESS.has(factor) && !(factor === 'WEB_AUTHN' && passkeySatisfiesMfa(pool.config));
  return allowedFirstFactors(pool).filter((factor) => userHas(user, factor, options.webAuthnCredentials) && !barredByMfa(factor));
}

export type ConfiguredFactor = FirstFactor | 'SOFTWARE_TOKEN';

/**
 * GetUserAuthFactors / AdminGetUserAuthFactors: the user's MFA settings (as AdminGetUser shows
 * them) and ConfiguredUserAuthFactors, the first factors they can use plus SOFTWARE_TOKEN
 * (Cognito: "can only be used as an MFA factor") when they have registered an authenticator app.
 */
export function userAuthFactors(pool: PoolRecord, user: UserRecord, options: { webAuthnCredentials: number }) {
  const enabled = enabledOf(user);
  const configured: ConfiguredFactor[] = availableFirstFactors(pool, user, options);
  if (typeof user.mfa.totpSealed === 'string') configured.push('SOFTWARE_TOKEN');
  return {
    Username: user.username,
    ...(user.mfa.preferred && { PreferredMfaSetting: user.mfa.preferred as string }),
    ...(enabled.length > 0 && { UserMFASettingList: enabled }),
    ConfiguredUserAuthFactors: configured,
  };
}
