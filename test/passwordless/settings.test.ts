// Pool settings for choice-based sign-in through the AWS SDK: UserPoolTier, the sign-in policy's
// AllowedFirstAuthFactors and their gating by tier, WebAuthnConfiguration through
// Set/GetUserPoolMfaConfig, GetUserAuthFactors / AdminGetUserAuthFactors, AdminDeleteSoftwareToken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminDeleteSoftwareTokenCommand,
  AdminGetUserAuthFactorsCommand,
  AdminInitiateAuthCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserAuthFactorsCommand,
  GetUserPoolMfaConfigCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
  type AuthFactorType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, signIn } from '../helpers/users.js';
import { totp } from '../helpers/totp.js';

const PASSWORD = 'Passw0rd!';
const signInPolicy = (factors: string[]) => ({ SignInPolicy: { AllowedFirstAuthFactors: factors as AuthFactorType[] } });

describe('passwordless pool settings', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const describePool = async (poolId: string) => (await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;

  describe('UserPoolTier and SignInPolicy', () => {
    it('gives a new pool the ESSENTIALS tier and PASSWORD alone, and UpdateUserPool changes the tier', async () => {
      const poolId = await t.fixtures.pool();
      const pool = await describePool(poolId);
      expect(pool.UserPoolTier).toBe('ESSENTIALS');
      expect(pool.Policies?.SignInPolicy).toEqual({ AllowedFirstAuthFactors: ['PASSWORD'] });
      await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolTier: 'PLUS' }));
      expect((await describePool(poolId)).UserPoolTier).toBe('PLUS');
      await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolTier: 'LITE' }));
      expect((await describePool(poolId)).UserPoolTier).toBe('LITE');
    });

    it('keeps the passwordless factors an ESSENTIALS pool allows', async () => {
      const poolId = await t.fixtures.pool({ Policies: signInPolicy(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']) });
      expect((await describePool(poolId)).Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']);
    });

    it('refuses passwordless factors in a LITE pool, at creation and at update, and writes nothing', async () => {
      const message = 'The following features need to be disabled for the LITE pricing tier configured: Passwordless Sign-In';
      await expect(t.cognito.send(new CreateUserPoolCommand({ PoolName: 'lite', UserPoolTier: 'LITE', Policies: signInPolicy(['PASSWORD', 'EMAIL_OTP']) })))
        .rejects.toMatchObject({ name: 'FeatureUnavailableInTierException', message, $metadata: { httpStatusCode: 400 } });

      const poolId = await t.fixtures.pool({ UserPoolTier: 'LITE' });
      await expect(t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolTier: 'LITE', Policies: signInPolicy(['PASSWORD', 'WEB_AUTHN']) })))
        .rejects.toMatchObject({ name: 'FeatureUnavailableInTierException', message });
      // Moving an ESSENTIALS pool with SMS_OTP down to LITE is refused the same way.
      const essentials = await t.fixtures.pool({ Policies: signInPolicy(['PASSWORD', 'SMS_OTP']) });
      await expect(t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: essentials, UserPoolTier: 'LITE', Policies: signInPolicy(['PASSWORD', 'SMS_OTP']) })))
        .rejects.toMatchObject({ name: 'FeatureUnavailableInTierException', message });
      expect(await describePool(essentials)).toMatchObject({ UserPoolTier: 'ESSENTIALS', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'SMS_OTP'] } } });
      expect((await describePool(poolId)).Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual(['PASSWORD']);
    });

    it('refuses SOFTWARE_TOKEN, unknown factors, duplicates and an empty list as first factors', async () => {
      for (const factors of [['PASSWORD', 'SOFTWARE_TOKEN'], ['PASSWORD', 'MAGIC_LINK'], ['PASSWORD', 'PASSWORD'], []]) {
        await expect(t.cognito.send(new CreateUserPoolCommand({ PoolName: 'bad-policy', Policies: signInPolicy(factors) })))
          .rejects.toMatchObject({ name: 'InvalidParameterException' });
      }
    });
  });

  describe('WebAuthnConfiguration', () => {
    const getConfig = (poolId: string) => t.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));

    it('answers user verification "preferred", passkeys as a single factor and no relying party id until they are set', async () => {
      const poolId = await t.fixtures.pool();
      expect((await getConfig(poolId)).WebAuthnConfiguration).toEqual({ UserVerification: 'preferred', FactorConfiguration: 'SINGLE_FACTOR' });
    });

    it('sets the relying party id and user verification, echoes them and keeps them through other MFA changes', async () => {
      const poolId = await t.fixtures.pool();
      const set = await t.cognito.send(new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId, WebAuthnConfiguration: { RelyingPartyId: 'auth.example.com', UserVerification: 'required' },
      }));
      expect(set.WebAuthnConfiguration).toEqual({ RelyingPartyId: 'auth.example.com', UserVerification: 'required', FactorConfiguration: 'SINGLE_FACTOR' });
      await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      expect(await getConfig(poolId)).toMatchObject({
        MfaConfiguration: 'OPTIONAL', WebAuthnConfiguration: { RelyingPartyId: 'auth.example.com', UserVerification: 'required' },
      });
    });

    it('refuses a relying party id that is not a host name, and a user verification Cognito does not know', async () => {
      const poolId = await t.fixtures.pool();
      for (const RelyingPartyId of ['https://auth.example.com', 'auth.example.com:8443', 'auth.example.com/login', 'Auth.Example.com', '', 'a'.repeat(128)]) {
        await expect(t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, WebAuthnConfiguration: { RelyingPartyId } })))
          .rejects.toMatchObject({ name: 'InvalidParameterException' });
      }
      await expect(t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, WebAuthnConfiguration: { UserVerification: 'discouraged' as 'required' } })))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
      expect((await getConfig(poolId)).WebAuthnConfiguration).toEqual({ UserVerification: 'preferred', FactorConfiguration: 'SINGLE_FACTOR' });
    });

    it('accepts localhost as relying party id', async () => {
      const poolId = await t.fixtures.pool();
      const set = await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost' } }));
      expect(set.WebAuthnConfiguration).toEqual({ RelyingPartyId: 'localhost', UserVerification: 'preferred', FactorConfiguration: 'SINGLE_FACTOR' });
    });

    it('sets FactorConfiguration, refuses a value Cognito does not know, and keeps it through other MFA changes', async () => {
      const poolId = await t.fixtures.pool();
      const set = await t.cognito.send(new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
      }));
      expect(set.WebAuthnConfiguration).toEqual({ RelyingPartyId: 'localhost', UserVerification: 'preferred', FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' });
      await expect(t.cognito.send(new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId, WebAuthnConfiguration: { FactorConfiguration: 'MULTI_FACTOR' as 'SINGLE_FACTOR' },
      }))).rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
      await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      expect((await getConfig(poolId)).WebAuthnConfiguration).toMatchObject({ FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' });
    });

    it('requires passkeys to count as MFA where MFA is required and WEB_AUTHN is a first factor, as Cognito does', async () => {
      const poolId = await t.fixtures.pool({ Policies: signInPolicy(['PASSWORD', 'WEB_AUTHN']) });
      // Required MFA with passkeys as a single factor: refused, and nothing changes.
      await expect(t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('SINGLE_FACTOR') });
      expect(await getConfig(poolId)).toMatchObject({ MfaConfiguration: 'OFF' });
      // Optional MFA is fine with a single-factor passkey.
      await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      // Required MFA with passkeys that count as MFA: accepted.
      const on = await t.cognito.send(new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true },
        WebAuthnConfiguration: { FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
      }));
      expect(on).toMatchObject({ MfaConfiguration: 'ON', WebAuthnConfiguration: { FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' } });

      // A pool with required MFA and single-factor passkeys cannot add WEB_AUTHN to its first factors.
      const required = await t.fixtures.pool({ Policies: signInPolicy(['PASSWORD']) });
      await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: required, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      await expect(t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: required, MfaConfiguration: 'ON', Policies: signInPolicy(['PASSWORD', 'WEB_AUTHN']) })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'WEB_AUTHN cannot be used as an auth factor when MFA is enabled if not configured for MFA.' });
      expect((await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: required }))).UserPool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual(['PASSWORD']);
    });

    it('refuses passkeys as MFA in a LITE pool', async () => {
      const poolId = await t.fixtures.pool({ UserPoolTier: 'LITE' });
      await expect(t.cognito.send(new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
      }))).rejects.toMatchObject({ name: 'FeatureUnavailableInTierException' });
    });
  });

  describe('GetUserAuthFactors, AdminGetUserAuthFactors and AdminDeleteSoftwareToken', () => {
    const passwordlessPool = () => t.fixtures.poolWithClient(
      { AutoVerifiedAttributes: ['email'], Policies: signInPolicy(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']) },
      { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    );

    it('lists the factors the pool allows and the user has: a password and a verified email, not an unverified phone', async () => {
      const client = await passwordlessPool();
      await confirmedUser(t, client, 'ana', PASSWORD, { email: 'ana@example.com', phone_number: '+15550100' });
      const { AccessToken } = await signIn(t, client, 'ana', PASSWORD);
      const own = await t.cognito.send(new GetUserAuthFactorsCommand({ AccessToken }));
      expect(own).toMatchObject({ Username: 'ana', ConfiguredUserAuthFactors: ['PASSWORD', 'EMAIL_OTP'] });
      expect(own.UserMFASettingList).toBeUndefined();
      expect(own.PreferredMfaSetting).toBeUndefined();
      const admin = await t.cognito.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: client.poolId, Username: 'ana' }));
      expect(admin).toMatchObject({ Username: 'ana', ConfiguredUserAuthFactors: ['PASSWORD', 'EMAIL_OTP'] });
    });

    it('lists only PASSWORD in a pool whose sign-in policy allows only the password', async () => {
      const client = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'] });
      await confirmedUser(t, client, 'bo', PASSWORD, { email: 'bo@example.com' });
      const out = await t.cognito.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: client.poolId, Username: 'bo' }));
      expect(out.ConfiguredUserAuthFactors).toEqual(['PASSWORD']);
    });

    it('answers UserNotFoundException for an unknown user and NotAuthorizedException for a bad token', async () => {
      const client = await passwordlessPool();
      await expect(t.cognito.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: client.poolId, Username: 'nobody' })))
        .rejects.toMatchObject({ name: 'UserNotFoundException' });
      await expect(t.cognito.send(new GetUserAuthFactorsCommand({ AccessToken: 'not-a-token' })))
        .rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await expect(t.cognito.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: client.poolId, Username: 'nobody' })))
        .rejects.toMatchObject({ name: 'UserNotFoundException' });
    });

    it('shows TOTP MFA, hides passwordless factors from a user with MFA, and AdminDeleteSoftwareToken removes the TOTP factor', async () => {
      const client = await passwordlessPool();
      await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: client.poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      await confirmedUser(t, client, 'cy', PASSWORD, { email: 'cy@example.com' });
      const { AccessToken } = await signIn(t, client, 'cy', PASSWORD);
      const { SecretCode } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }));
      await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!, t.clock.now()) }));
      await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));

      // 1. With TOTP on: MFA members, and no passwordless first factor (Cognito does not offer them to users with MFA).
      expect(await t.cognito.send(new GetUserAuthFactorsCommand({ AccessToken }))).toMatchObject({
        Username: 'cy', PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], ConfiguredUserAuthFactors: ['PASSWORD', 'SOFTWARE_TOKEN'],
      });
      const adminSignIn = () => t.cognito.send(new AdminInitiateAuthCommand({
        UserPoolId: client.poolId, ClientId: client.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cy', PASSWORD },
      }));
      expect((await adminSignIn()).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');

      // 2. The administrator deletes the software token: no TOTP factor, no MFA challenge, email OTP offered again.
      await t.cognito.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: client.poolId, Username: 'cy' }));
      const after = await t.cognito.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: client.poolId, Username: 'cy' }));
      expect(after).toMatchObject({ Username: 'cy', ConfiguredUserAuthFactors: ['PASSWORD', 'EMAIL_OTP'] });
      expect(after.UserMFASettingList).toBeUndefined();
      expect(after.PreferredMfaSetting).toBeUndefined();
      const signedIn = await adminSignIn();
      expect(signedIn.ChallengeName).toBeUndefined();
      expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();

      // 3. A new authenticator app can be registered.
      const fresh = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: signedIn.AuthenticationResult!.AccessToken }));
      expect(fresh.SecretCode).toBeTruthy();
      expect(fresh.SecretCode).not.toBe(SecretCode);
      // Deleting again is harmless.
      await t.cognito.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: client.poolId, Username: 'cy' }));
    });
  });
});
