// MFA through the AWS SDK: pool configuration, TOTP registration with an AccessToken and in the
// MFA_SETUP challenge, the SOFTWARE_TOKEN_MFA / SMS_MFA / EMAIL_OTP / SELECT_MFA_TYPE challenges,
// single use of codes and Sessions, and wrong codes counting toward the lockout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import { authenticateWithTotp } from '../helpers/identity-js.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, signIn, type AppClient } from '../helpers/users.js';
import { totp } from '../helpers/totp.js';

const PASSWORD = 'Passw0rd!';

describe('MFA', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const passwordAuth = (client: AppClient, username: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));
  const answer = (client: AppClient, name: ChallengeNameType, session: string | undefined, responses: Record<string, string>) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: client.clientId, ChallengeName: name, Session: session, ChallengeResponses: responses }));
  const code = (secret: string) => totp(secret, t.clock.now());

  async function poolWith(mode: 'ON' | 'OPTIONAL', factors: { totp?: boolean; sms?: boolean; email?: boolean } = { totp: true }) {
    const client = await t.fixtures.poolWithClient();
    await t.cognito.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: client.poolId, MfaConfiguration: mode,
      SoftwareTokenMfaConfiguration: { Enabled: factors.totp === true },
      ...(factors.sms && { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms-mfa' } } }),
      ...(factors.email && { EmailMfaConfiguration: { Message: 'Sign-in code {####}', Subject: 'Code' } }),
    }));
    return client;
  }

  /** Registers and enables TOTP with an AccessToken; returns the secret. */
  async function enableTotp(client: AppClient, username: string): Promise<string> {
    const { AccessToken } = await signIn(t, client, username, PASSWORD);
    const { SecretCode } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: code(SecretCode!), FriendlyDeviceName: 'phone' }));
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    t.clock.advance(30_000); // the next code belongs to a fresh time step
    return SecretCode!;
  }

  it('stores and answers the pool MFA configuration, refusing ON without any factor', async () => {
    const client = await t.fixtures.poolWithClient();
    const set = await t.cognito.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: client.poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Your code' },
    }));
    expect(set).toMatchObject({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Message: 'Code {####}' } });
    const got = await t.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: client.poolId }));
    expect(got).toMatchObject({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Subject: 'Your code' } });
    const other = await t.fixtures.poolWithClient();
    await expect(t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: other.poolId, MfaConfiguration: 'ON' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('registers TOTP with an AccessToken: verify before enabling, wrong codes refused, then GetUser reports it', async () => {
    const client = await poolWith('OPTIONAL');
    await confirmedUser(t, client, 'ana', PASSWORD);
    const { AccessToken } = await signIn(t, client, 'ana', PASSWORD);
    const { SecretCode, Session } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    expect(SecretCode).toMatch(/^[A-Z2-7]{32}$/);
    expect(Session).toBeUndefined();
    await expect(t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA' });
    const wrong = code(SecretCode!) === '000000' ? '111111' : '000000';
    await expect(t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: wrong })))
      .rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException', message: 'Code mismatch and fail enable Software Token MFA' });
    const verified = await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: code(SecretCode!) }));
    expect(verified.Status).toBe('SUCCESS');
    expect(verified.Session).toBeUndefined();
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const user = await t.cognito.send(new GetUserCommand({ AccessToken }));
    expect(user).toMatchObject({ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });
    const admin = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: client.poolId, Username: 'ana' }));
    expect(admin).toMatchObject({ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });
  });

  it('challenges SOFTWARE_TOKEN_MFA: a wrong code may be retried, the Session and the code work once', async () => {
    const client = await poolWith('OPTIONAL');
    await confirmedUser(t, client, 'bo', PASSWORD);
    const secret = await enableTotp(client, 'bo');
    const challenge = await passwordAuth(client, 'bo');
    expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(challenge.ChallengeParameters).toMatchObject({ USER_ID_FOR_SRP: 'bo', FRIENDLY_DEVICE_NAME: 'phone' });
    const good = code(secret);
    const bad = good === '123456' ? '654321' : '123456';
    await expect(answer(client, 'SOFTWARE_TOKEN_MFA', challenge.Session, { USERNAME: 'bo', SOFTWARE_TOKEN_MFA_CODE: bad }))
      .rejects.toMatchObject({ name: 'CodeMismatchException' });
    const out = await answer(client, 'SOFTWARE_TOKEN_MFA', challenge.Session, { USERNAME: 'bo', SOFTWARE_TOKEN_MFA_CODE: good });
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    await expect(answer(client, 'SOFTWARE_TOKEN_MFA', challenge.Session, { USERNAME: 'bo', SOFTWARE_TOKEN_MFA_CODE: good }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    // The same code on a new sign-in within its window: refused as Cognito refuses it.
    const again = await passwordAuth(client, 'bo');
    await expect(answer(client, 'SOFTWARE_TOKEN_MFA', again.Session, { USERNAME: 'bo', SOFTWARE_TOKEN_MFA_CODE: good }))
      .rejects.toMatchObject({ name: 'ExpiredCodeException', message: 'Your software token has already been used once.' });
  });

  it('counts wrong MFA codes toward the lockout', async () => {
    const client = await poolWith('OPTIONAL');
    await confirmedUser(t, client, 'cy', PASSWORD);
    const secret = await enableTotp(client, 'cy');
    const challenge = await passwordAuth(client, 'cy');
    const good = code(secret);
    const bad = good === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) {
      await expect(answer(client, 'SOFTWARE_TOKEN_MFA', challenge.Session, { USERNAME: 'cy', SOFTWARE_TOKEN_MFA_CODE: bad })).rejects.toMatchObject({ name: 'CodeMismatchException' });
    }
    await expect(answer(client, 'SOFTWARE_TOKEN_MFA', challenge.Session, { USERNAME: 'cy', SOFTWARE_TOKEN_MFA_CODE: good }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });

  it('with MFA ON, leads a user without a factor through MFA_SETUP (Associate and Verify with the Session), then challenges TOTP', async () => {
    const client = await poolWith('ON');
    await confirmedUser(t, client, 'di', PASSWORD);
    const setup = await passwordAuth(client, 'di');
    expect(setup.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(setup.ChallengeParameters!.MFAS_CAN_SETUP)).toEqual(['SOFTWARE_TOKEN_MFA']);
    await expect(answer(client, 'MFA_SETUP', setup.Session, { USERNAME: 'di' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const associated = await t.cognito.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
    expect(associated.Session).toBeTruthy();
    const verified = await t.cognito.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: code(associated.SecretCode!) }));
    expect(verified).toMatchObject({ Status: 'SUCCESS' });
    const done = await answer(client, 'MFA_SETUP', verified.Session, { USERNAME: 'di' });
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
    t.clock.advance(30_000);
    const next = await passwordAuth(client, 'di');
    expect(next.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const out = await answer(client, 'SOFTWARE_TOKEN_MFA', next.Session, { USERNAME: 'di', SOFTWARE_TOKEN_MFA_CODE: code(associated.SecretCode!) });
    expect(out.AuthenticationResult).toBeDefined();
  });

  it('sends SMS_MFA and EMAIL_OTP codes through the outbox and accepts them once', async () => {
    const client = await poolWith('OPTIONAL', { sms: true, email: true });
    await confirmedUser(t, client, 'eve', PASSWORD, { phone_number: '+15555550123', email: 'eve@example.com' });
    for (const [factor, settings, member, medium] of [
      ['SMS_MFA', { SMSMfaSettings: { Enabled: true, PreferredMfa: true } }, 'SMS_MFA_CODE', 'SMS'],
      ['EMAIL_OTP', { EmailMfaSettings: { Enabled: true, PreferredMfa: true }, SMSMfaSettings: { Enabled: false } }, 'EMAIL_OTP_CODE', 'EMAIL'],
    ] as const) {
      await t.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: client.poolId, Username: 'eve', ...settings }));
      const challenge = await passwordAuth(client, 'eve');
      expect(challenge.ChallengeName).toBe(factor);
      expect(challenge.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: medium, USER_ID_FOR_SRP: 'eve' });
      expect(challenge.ChallengeParameters!.CODE_DELIVERY_DESTINATION).toMatch(/\*/);
      const sent = await t.latestCode(client.poolId, 'eve');
      await expect(answer(client, factor, challenge.Session, { USERNAME: 'eve', [member]: sent === '000000' ? '000001' : '000000' }))
        .rejects.toMatchObject({ name: 'CodeMismatchException' });
      const out = await answer(client, factor, challenge.Session, { USERNAME: 'eve', [member]: sent! });
      expect(out.AuthenticationResult).toBeDefined();
    }
  });

  it('asks SELECT_MFA_TYPE when several factors are enabled and none is preferred', async () => {
    const client = await poolWith('OPTIONAL', { sms: true, totp: true });
    await confirmedUser(t, client, 'fay', PASSWORD, { phone_number: '+15555550124' });
    const secret = await enableTotp(client, 'fay');
    await t.cognito.send(new AdminSetUserMFAPreferenceCommand({
      UserPoolId: client.poolId, Username: 'fay', SMSMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
    }));
    const select = await passwordAuth(client, 'fay');
    expect(select.ChallengeName).toBe('SELECT_MFA_TYPE');
    expect(JSON.parse(select.ChallengeParameters!.MFAS_CAN_CHOOSE).sort()).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const chosen = await answer(client, 'SELECT_MFA_TYPE', select.Session, { USERNAME: 'fay', ANSWER: 'SOFTWARE_TOKEN_MFA' });
    expect(chosen.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const out = await answer(client, 'SOFTWARE_TOKEN_MFA', chosen.Session, { USERNAME: 'fay', SOFTWARE_TOKEN_MFA_CODE: code(secret) });
    expect(out.AuthenticationResult).toBeDefined();
  });

  it('does not challenge with MFA OFF even when the user has a factor', async () => {
    const client = await poolWith('OPTIONAL');
    await confirmedUser(t, client, 'gus', PASSWORD);
    await enableTotp(client, 'gus');
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: client.poolId, MfaConfiguration: 'OFF' }));
    expect((await passwordAuth(client, 'gus')).AuthenticationResult).toBeDefined();
  });

  describe('amazon-cognito-identity-js', () => {
    const authenticate = (client: AppClient, username: string, secret: { value?: string }) =>
      authenticateWithTotp(t, client, username, PASSWORD, secret);

    it('completes MFA_SETUP through associateSoftwareToken / verifySoftwareToken, then the totpRequired callback signs in', async () => {
      const client = await poolWith('ON');
      await confirmedUser(t, client, 'kai', PASSWORD);
      const secret: { value?: string } = {};
      const first = await authenticate(client, 'kai', secret);
      expect(first.steps).toEqual(['mfaSetup']);
      expect(first.session.isValid()).toBe(true);
      t.clock.advance(30_000);
      const second = await authenticate(client, 'kai', secret);
      expect(second.steps).toEqual(['totpRequired']);
      expect(second.session.getAccessToken().payload.username).toBe('kai');
    });
  });
});
