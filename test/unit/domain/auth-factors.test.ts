// availableFirstFactors: what the pool allows, intersected with what the user has.
import { describe, expect, it } from 'vitest';
import { availableFirstFactors } from '../../../src/domain/auth-factors.js';
import type { PoolRecord, UserRecord } from '../../../src/store/store.js';

const ALL = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
const pool = (allowed: string[], MfaConfiguration = 'OFF') =>
  ({ id: 'p', name: 'p', config: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: allowed } }, MfaConfiguration }, createdAt: 0, updatedAt: 0 }) as PoolRecord;
const user = (patch: Partial<UserRecord> = {}) => ({
  sub: 's', poolId: 'p', username: 'u', usernameKey: 'u', status: 'CONFIRMED', enabled: true, passwordHash: 'hash', srpSealed: null,
  attributes: {}, mfa: {}, failedAttempts: 0, lastFailedAt: null, lockedUntil: null, passwordExpiresAt: null, createdAt: 0, updatedAt: 0, ...patch,
}) as UserRecord;
const verifiedBoth = { email: 'a@example.com', email_verified: 'true', phone_number: '+15550100', phone_number_verified: 'true' };

describe('availableFirstFactors', () => {
  it.each([
    ['a password only', ALL, user(), 0, ['PASSWORD']],
    ['verified email and phone and a passkey', ALL, user({ attributes: verifiedBoth }), 1, ALL],
    ['unverified email and phone', ALL, user({ attributes: { email: 'a@example.com', email_verified: 'false', phone_number: '+15550100' } }), 0, ['PASSWORD']],
    ['no password (passwordless sign-up)', ALL, user({ passwordHash: null, attributes: verifiedBoth }), 0, ['EMAIL_OTP', 'SMS_OTP']],
    ['everything, in a pool that allows the password only', ['PASSWORD'], user({ attributes: verifiedBoth }), 2, ['PASSWORD']],
    ['everything, in a pool that allows passkeys and SMS', ['SMS_OTP', 'WEB_AUTHN'], user({ attributes: verifiedBoth }), 1, ['SMS_OTP', 'WEB_AUTHN']],
  ])('with %s', (_case, allowed, u, webAuthnCredentials, expected) => {
    expect(availableFirstFactors(pool(allowed), u, { webAuthnCredentials })).toEqual(expected);
  });

  it('keeps only the password for a user with MFA activated in a pool with MFA', () => {
    const withMfa = user({ attributes: verifiedBoth, mfa: { enabled: ['SOFTWARE_TOKEN_MFA'] } });
    expect(availableFirstFactors(pool(ALL, 'OPTIONAL'), withMfa, { webAuthnCredentials: 1 })).toEqual(['PASSWORD']);
    expect(availableFirstFactors(pool(ALL, 'OFF'), withMfa, { webAuthnCredentials: 1 })).toEqual(ALL);
  });
});
