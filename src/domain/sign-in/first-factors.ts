// Which USER_AUTH first factors a user may choose in a pool: the pool's
// SignInPolicy.AllowedFirstAuthFactors that Gatehouse implements, narrowed to what the user has
// (a password, a verified email, a verified phone number). The one place that decides it, so the
// pool-tier gating can take it over in one step.
import type { PoolRecord, UserRecord } from '../../store/store.js';

export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP';
export type OtpFactor = 'EMAIL_OTP' | 'SMS_OTP';

export const isOtpFactor = (factor: string): factor is OtpFactor => factor === 'EMAIL_OTP' || factor === 'SMS_OTP';

const poolAllows = (pool: PoolRecord): string[] => pool.config.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];

/** Cognito: a user with MFA set up is offered no passwordless first factor. */
function hasMfa(pool: PoolRecord, user: UserRecord): boolean {
  if ((pool.config.MfaConfiguration ?? 'OFF') === 'OFF') return false;
  const enabled = (user.mfa as { enabled?: unknown }).enabled;
  return Array.isArray(enabled) && enabled.length > 0;
}

/**
 * The first factors `user` may choose. For a name that matches nobody (`user` undefined), every
 * factor the pool allows: an unknown name must not be told apart by its choices.
 */
export function firstFactorsFor(pool: PoolRecord, user: UserRecord | undefined): FirstFactor[] {
  const allowed = poolAllows(pool);
  const factors: FirstFactor[] = [];
  if (allowed.includes('PASSWORD') && (!user || user.passwordHash || user.srpSealed)) factors.push('PASSWORD', 'PASSWORD_SRP');
  const passwordless = !user || !hasMfa(pool, user);
  if (allowed.includes('EMAIL_OTP') && passwordless && (!user || (user.attributes.email && user.attributes.email_verified === 'true'))) factors.push('EMAIL_OTP');
  if (allowed.includes('SMS_OTP') && passwordless && (!user || (user.attributes.phone_number && user.attributes.phone_number_verified === 'true'))) factors.push('SMS_OTP');
  return factors;
}
