// SMS MFA through the AWS SDK: a phone number (verified or not) is what SMS MFA needs, as in
// Cognito; a passed SMS_MFA challenge marks the number verified; a code sent to a number that has
// changed since cannot pass. The legacy SetUserSettings / AdminSetUserSettings (MFAOptions, SMS
// only) and the MFA members of GetUser / AdminGetUser / ListUsers agree with SetUserMFAPreference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand,
  AdminSetUserSettingsCommand,
  AdminUpdateUserAttributesCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SetUserSettingsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { attributesOf, confirmedUser, signIn, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
const SMS_OPTION = { DeliveryMedium: 'SMS', AttributeName: 'phone_number' } as const;

describe('SMS MFA and the legacy MFAOptions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function smsPool(mode: 'ON' | 'OPTIONAL'): Promise<AppClient> {
    const client = await t.fixtures.poolWithClient();
    await t.cognito.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: client.poolId, MfaConfiguration: mode, SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms-mfa' } },
    }));
    return client;
  }
  const passwordAuth = (client: AppClient, username: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));
  const answerSms = (client: AppClient, session: string | undefined, username: string, code: string) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: client.clientId, ChallengeName: 'SMS_MFA', Session: session, ChallengeResponses: { USERNAME: username, SMS_MFA_CODE: code } }));
  const adminUser = (client: AppClient, username: string) => t.cognito.send(new AdminGetUserCommand({ UserPoolId: client.poolId, Username: username }));

  it('enables SMS MFA for an unverified phone number, and refuses it without a phone number', async () => {
    const client = await smsPool('OPTIONAL');
    await confirmedUser(t, client, 'una', PASSWORD, { phone_number: '+15555550100' });
    await confirmedUser(t, client, 'noel', PASSWORD);
    expect(attributesOf((await adminUser(client, 'una')).UserAttributes).phone_number_verified).not.toBe('true');

    const { AccessToken } = await signIn(t, client, 'una', PASSWORD);
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    expect(await adminUser(client, 'una')).toMatchObject({ UserMFASettingList: ['SMS_MFA'], PreferredMfaSetting: 'SMS_MFA' });

    const noPhone = await signIn(t, client, 'noel', PASSWORD);
    await expect(t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: noPhone.AccessToken, SMSMfaSettings: { Enabled: true } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'User does not have delivery config set to turn on SMS_MFA' });
  });

  it('with MFA ON, sends SMS_MFA to an unverified number and marks it verified once the code is accepted', async () => {
    const client = await smsPool('ON');
    await confirmedUser(t, client, 'vic', PASSWORD, { phone_number: '+15555550101' });
    expect(attributesOf((await adminUser(client, 'vic')).UserAttributes).phone_number_verified).not.toBe('true');
    const challenge = await passwordAuth(client, 'vic');
    expect(challenge.ChallengeName).toBe('SMS_MFA');
    expect(challenge.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0101' });
    const code = await t.latestCode(client.poolId, 'vic');
    const out = await answerSms(client, challenge.Session, 'vic', code!);
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
    const user = await t.cognito.send(new GetUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken }));
    expect(attributesOf(user.UserAttributes).phone_number_verified).toBe('true');
  });

  it('refuses an SMS code sent to a number that changed before the answer, and leaves the new number unverified', async () => {
    const client = await smsPool('ON');
    await confirmedUser(t, client, 'wes', PASSWORD, { phone_number: '+15555550102' });
    const challenge = await passwordAuth(client, 'wes');
    const code = await t.latestCode(client.poolId, 'wes');
    await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: client.poolId, Username: 'wes', UserAttributes: [{ Name: 'phone_number', Value: '+15555550199' }] }));
    await expect(answerSms(client, challenge.Session, 'wes', code!)).rejects.toMatchObject({ name: 'CodeMismatchException' });
    expect(attributesOf((await adminUser(client, 'wes')).UserAttributes)).toMatchObject({ phone_number: '+15555550199', phone_number_verified: 'false' });
  });

  it('SetUserSettings with [SMS, phone_number] enables SMS MFA and an empty list disables it; GetUser, AdminGetUser and ListUsers agree', async () => {
    const client = await smsPool('OPTIONAL');
    await confirmedUser(t, client, 'xia', PASSWORD, { phone_number: '+15555550103' });
    const { AccessToken } = await signIn(t, client, 'xia', PASSWORD);

    await t.cognito.send(new SetUserSettingsCommand({ AccessToken, MFAOptions: [SMS_OPTION] }));
    const enabled = await t.cognito.send(new GetUserCommand({ AccessToken }));
    expect(enabled.MFAOptions).toEqual([SMS_OPTION]);
    expect(enabled.UserMFASettingList).toEqual(['SMS_MFA']);
    expect((await adminUser(client, 'xia')).MFAOptions).toEqual([SMS_OPTION]);
    const listed = await t.cognito.send(new ListUsersCommand({ UserPoolId: client.poolId, Filter: 'username = "xia"' }));
    expect(listed.Users?.[0].MFAOptions).toEqual([SMS_OPTION]);
    // The factor is live: the next sign-in is challenged by SMS.
    expect((await passwordAuth(client, 'xia')).ChallengeName).toBe('SMS_MFA');

    await t.cognito.send(new SetUserSettingsCommand({ AccessToken, MFAOptions: [] }));
    const disabled = await t.cognito.send(new GetUserCommand({ AccessToken }));
    expect(disabled.MFAOptions).toBeUndefined();
    expect(disabled.UserMFASettingList).toBeUndefined();
    expect((await passwordAuth(client, 'xia')).AuthenticationResult).toBeDefined();
  });

  it('SetUserMFAPreference for SMS shows in MFAOptions too, and disabling it there removes it', async () => {
    const client = await smsPool('OPTIONAL');
    await confirmedUser(t, client, 'yan', PASSWORD, { phone_number: '+15555550104' });
    const { AccessToken } = await signIn(t, client, 'yan', PASSWORD);
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    expect(await adminUser(client, 'yan')).toMatchObject({ MFAOptions: [SMS_OPTION], UserMFASettingList: ['SMS_MFA'], PreferredMfaSetting: 'SMS_MFA' });
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SMSMfaSettings: { Enabled: false } }));
    const after = await adminUser(client, 'yan');
    expect(after.MFAOptions).toBeUndefined();
    expect(after.PreferredMfaSetting).toBeUndefined();
  });

  it('AdminSetUserSettings sets the same as SetUserSettings, refusing EMAIL, other attributes and users without a phone', async () => {
    const client = await smsPool('OPTIONAL');
    await confirmedUser(t, client, 'zed', PASSWORD, { phone_number: '+15555550105' });
    await confirmedUser(t, client, 'zoe', PASSWORD);
    await t.cognito.send(new AdminSetUserSettingsCommand({ UserPoolId: client.poolId, Username: 'zed', MFAOptions: [SMS_OPTION] }));
    expect(await adminUser(client, 'zed')).toMatchObject({ MFAOptions: [SMS_OPTION], UserMFASettingList: ['SMS_MFA'] });

    for (const option of [{ DeliveryMedium: 'EMAIL' as const, AttributeName: 'email' }, { DeliveryMedium: 'SMS' as const, AttributeName: 'email' }]) {
      await expect(t.cognito.send(new AdminSetUserSettingsCommand({ UserPoolId: client.poolId, Username: 'zed', MFAOptions: [option] })))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
    }
    await expect(t.cognito.send(new AdminSetUserSettingsCommand({ UserPoolId: client.poolId, Username: 'zoe', MFAOptions: [SMS_OPTION] })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'User does not have delivery config set to turn on SMS_MFA' });
    await expect(t.cognito.send(new AdminSetUserSettingsCommand({ UserPoolId: client.poolId, Username: 'nobody', MFAOptions: [] })))
      .rejects.toMatchObject({ name: 'UserNotFoundException' });
    // Still enabled after the refused calls.
    expect((await adminUser(client, 'zed')).UserMFASettingList).toEqual(['SMS_MFA']);
  });
});
