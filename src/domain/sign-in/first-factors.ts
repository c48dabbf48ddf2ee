// Which USER_AUTH first factors a user may choose in a pool, as challenge names: the factors
// auth-factors.ts finds for the user, those Gatehouse implements, PASSWORD offered as PASSWORD and
// PASSWORD_SRP.
import type { PoolRecord, UserRecord } from '../../store/store.js';
import { allowedFirstFactors, availableFirstFactors } from '../auth-factors.js';

export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP';
export type OtpFactor = 'EMAIL_OTP' | 'SMS_OTP';

export const isOtpFactor = (factor: string): factor is OtpFactor => factor === 'EMAIL_OTP' || factor === 'SMS_OTP';

/**
 * The first factors `user` may choose. For a name that matches nobody (`user` undefined), every
 * factor the pool allows (a client that hides users offers a decoy's instead: decoy-factors.ts).
 */
export function firstFactorsFor(pool: PoolRecord, user: UserRecord | undefined): FirstFactor[] {
  // WEB_AUTHN needs the user's passkeys from the store: user-auth.ts adds it (web-authn.ts).
  const factors = user ? availableFirstFactors(pool, user, { webAuthnCredentials: 0 }) : allowedFirstFactors(pool);
  return factors.flatMap((factor): FirstFactor[] =>
    factor === 'PASSWORD' ? ['PASSWORD', 'PASSWORD_SRP'] : isOtpFactor(factor) ? [factor] : []);
}
