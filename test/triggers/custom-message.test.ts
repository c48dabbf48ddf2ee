// CustomMessage at every message Gatehouse sends: each source's event member by member under the
// three runners, the function's text sent with the code put in (and the code working), the pool's
// template where the function leaves a member null, and Cognito's errors for a text it refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminResetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { RUNNER_KINDS, startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { adminCreatedUser, signIn } from '../helpers/users.js';
import { errorOf, latestMessage } from './message-helpers.js';

const PASSWORD = 'Passw0rd!';
const ENVELOPE = { version: '1', region: 'us-east-1', callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: expect.any(String) } };
const NULL_RESPONSE = { smsMessage: null, emailMessage: null, emailSubject: null };

/** A function that writes its own text around the placeholders it is given. */
const rewrite = (event: Event) => ({
  ...event,
  response: {
    smsMessage: `SMS ${event.triggerSource} ${event.request.codeParameter}${event.request.usernameParameter ? ` ${event.request.usernameParameter}` : ''}`,
    emailMessage: `<p>${event.triggerSource}: ${event.request.usernameParameter ? `${event.request.usernameParameter} / ` : ''}${event.request.codeParameter}</p>`,
    emailSubject: `Subject of ${event.triggerSource}`,
  },
});

describe.each(RUNNER_KINDS)('CustomMessage run by a %s function', (kind) => {
  let rig: TriggerRig;
  let t: TestServer;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    rig = await startTriggerRig(kind, ['CustomMessage']);
    t = await startTestServer({ config: { triggers: rig.config } });
    ({ poolId, clientId } = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'], LambdaConfig: { CustomMessage: rig.arn('CustomMessage') } }));
    rig.handle('CustomMessage', rewrite);
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  const lastEvent = () => rig.events('CustomMessage').at(-1);
  const verifiedUser = (username: string) =>
    adminCreatedUser(t, poolId, username, PASSWORD, [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }]);

  it('CustomMessage_SignUp and CustomMessage_ResendCode: the events, the function\'s text sent, and its code confirms', async () => {
    const expected = (source: string, clientMetadata: Record<string, string>) => ({
      ...ENVELOPE, triggerSource: source, userPoolId: poolId, userName: 'sam', callerContext: { ...ENVELOPE.callerContext, clientId },
      request: {
        userAttributes: { sub: expect.any(String), email: 'sam@example.com', 'cognito:user_status': 'UNCONFIRMED' },
        codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null, clientMetadata,
      },
      response: NULL_RESPONSE,
    });
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'sam', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'sam@example.com' }], ClientMetadata: { origin: 'signup-page' } }));
    expect(lastEvent()).toEqual(expected('CustomMessage_SignUp', { origin: 'signup-page' }));
    const sent = (await latestMessage(t, poolId, 'sam'))!;
    expect(sent).toMatchObject({ medium: 'EMAIL', destination: 'sam@example.com', subject: 'Subject of CustomMessage_SignUp', body: `<p>CustomMessage_SignUp: ${sent.code}</p>` });
    expect(sent.code).toMatch(/^[0-9]{6}$/);

    await t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'sam', ClientMetadata: { origin: 'resend' } }));
    expect(lastEvent()).toEqual(expected('CustomMessage_ResendCode', { origin: 'resend' }));
    const resent = (await latestMessage(t, poolId, 'sam'))!;
    expect(resent.body).toBe(`<p>CustomMessage_ResendCode: ${resent.code}</p>`);
    await t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'sam', ConfirmationCode: resent.code! }));
    expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }))).UserStatus).toBe('CONFIRMED');
  });

  it('CustomMessage_AdminCreateUser: usernameParameter, no client, and the invitation carries the login and the temporary password', async () => {
    await t.cognito.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'ada', DesiredDeliveryMediums: ['EMAIL'], ClientMetadata: { invitedBy: 'ops' },
      UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }));
    expect(lastEvent()).toEqual({
      ...ENVELOPE, triggerSource: 'CustomMessage_AdminCreateUser', userPoolId: poolId, userName: 'ada', callerContext: { ...ENVELOPE.callerContext, clientId: null },
      request: {
        userAttributes: { sub: expect.any(String), email: 'ada@example.com', email_verified: 'true', 'cognito:user_status': 'FORCE_CHANGE_PASSWORD' },
        codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: '{username}', clientMetadata: { invitedBy: 'ops' },
      },
      response: NULL_RESPONSE,
    });
    const sent = (await latestMessage(t, poolId, 'ada'))!;
    expect(sent.body).toBe(`<p>CustomMessage_AdminCreateUser: ada / ${sent.code}</p>`);
    const challenge = await t.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ada', PASSWORD: sent.code! } }));
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('CustomMessage_ForgotPassword (ForgotPassword and AdminResetUserPassword): the events, and the code resets the password', async () => {
    await verifiedUser('fay');
    await t.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'fay', ClientMetadata: { flow: 'forgot' } }));
    const expected = (client: string | null, clientMetadata: Record<string, string>, status: string) => ({
      ...ENVELOPE, triggerSource: 'CustomMessage_ForgotPassword', userPoolId: poolId, userName: 'fay', callerContext: { ...ENVELOPE.callerContext, clientId: client },
      request: {
        userAttributes: { sub: expect.any(String), email: 'fay@example.com', email_verified: 'true', 'cognito:user_status': status },
        codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null, clientMetadata,
      },
      response: NULL_RESPONSE,
    });
    expect(lastEvent()).toEqual(expected(clientId, { flow: 'forgot' }, 'CONFIRMED'));
    await t.cognito.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'fay', ClientMetadata: { flow: 'admin-reset' } }));
    expect(lastEvent()).toEqual(expected(null, { flow: 'admin-reset' }, 'CONFIRMED'));
    const sent = (await latestMessage(t, poolId, 'fay'))!;
    expect(sent.body).toBe(`<p>CustomMessage_ForgotPassword: ${sent.code}</p>`);
    await t.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fay', ConfirmationCode: sent.code!, Password: 'N3w-Passw0rd!' }));
    expect((await signIn(t, { poolId, clientId }, 'fay', 'N3w-Passw0rd!')).AccessToken).toBeDefined();
  });

  it('CustomMessage_UpdateUserAttribute and CustomMessage_VerifyUserAttribute: the events, and the code verifies the address', async () => {
    await verifiedUser('uma');
    const { AccessToken } = await signIn(t, { poolId, clientId }, 'uma', PASSWORD);
    await t.cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'uma.new@example.com' }], ClientMetadata: { step: 'update' } }));
    const expected = (source: string, clientMetadata: Record<string, string>) => ({
      ...ENVELOPE, triggerSource: source, userPoolId: poolId, userName: 'uma', callerContext: { ...ENVELOPE.callerContext, clientId },
      request: {
        userAttributes: { sub: expect.any(String), email: 'uma.new@example.com', email_verified: 'false', 'cognito:user_status': 'CONFIRMED' },
        codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null, clientMetadata,
      },
      response: NULL_RESPONSE,
    });
    expect(lastEvent()).toEqual(expected('CustomMessage_UpdateUserAttribute', { step: 'update' }));
    await t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email', ClientMetadata: { step: 'verify' } }));
    expect(lastEvent()).toEqual(expected('CustomMessage_VerifyUserAttribute', { step: 'verify' }));
    const sent = (await latestMessage(t, poolId, 'uma'))!;
    expect(sent).toMatchObject({ destination: 'uma.new@example.com', body: `<p>CustomMessage_VerifyUserAttribute: ${sent.code}</p>` });
    await t.cognito.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: sent.code! }));

    await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'uma', UserAttributes: [{ Name: 'email', Value: 'uma.admin@example.com' }], ClientMetadata: { step: 'admin' } }));
    expect(lastEvent()).toMatchObject({ triggerSource: 'CustomMessage_UpdateUserAttribute', callerContext: { clientId: null }, request: { clientMetadata: { step: 'admin' } } });
  });

  it('CustomMessage_Authentication: the SMS MFA code\'s event (no ClientMetadata from InitiateAuth), and the code signs in', async () => {
    const mfa = await t.fixtures.poolWithClient({ LambdaConfig: { CustomMessage: rig.arn('CustomMessage') } });
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfa.poolId, MfaConfiguration: 'ON', SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms' } } }));
    await adminCreatedUser(t, mfa.poolId, 'max', PASSWORD, [{ Name: 'phone_number', Value: '+15555550142' }]);
    const challenge = await t.cognito.send(new InitiateAuthCommand({ ClientId: mfa.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'max', PASSWORD }, ClientMetadata: { ignored: 'yes' } }));
    expect(challenge.ChallengeName).toBe('SMS_MFA');
    expect(lastEvent()).toEqual({
      ...ENVELOPE, triggerSource: 'CustomMessage_Authentication', userPoolId: mfa.poolId, userName: 'max', callerContext: { ...ENVELOPE.callerContext, clientId: mfa.clientId },
      request: {
        userAttributes: { sub: expect.any(String), phone_number: '+15555550142', 'cognito:user_status': 'CONFIRMED' },
        codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null,
      },
      response: NULL_RESPONSE,
    });
    const sent = (await latestMessage(t, mfa.poolId, 'max'))!;
    expect(sent).toMatchObject({ medium: 'SMS', subject: null, body: `SMS CustomMessage_Authentication ${sent.code}` });
    const out = await t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: mfa.clientId, ChallengeName: 'SMS_MFA', Session: challenge.Session, ChallengeResponses: { USERNAME: 'max', SMS_MFA_CODE: sent.code! } }));
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
    expect(rig.rejected).toEqual([]);
  });
});

describe('what CustomMessage\'s answer does', () => {
  let rig: TriggerRig;
  let t: TestServer;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    rig = await startTriggerRig('module', ['CustomMessage']);
    t = await startTestServer({ config: { triggers: rig.config } });
    ({ poolId, clientId } = await t.fixtures.poolWithClient({
      AutoVerifiedAttributes: ['email'],
      VerificationMessageTemplate: { EmailSubject: 'Pool subject', EmailMessage: 'Pool text {####}', SmsMessage: 'Pool sms {####}' },
      LambdaConfig: { CustomMessage: rig.arn('CustomMessage') },
    }));
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  const signUp = (Username: string) =>
    t.cognito.send(new SignUpCommand({ ClientId: clientId, Username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }] }));

  it('members left null keep the pool\'s template; a subject alone replaces only the subject', async () => {
    rig.handle('CustomMessage', (event) => event);
    await signUp('nil');
    const untouched = (await latestMessage(t, poolId, 'nil'))!;
    expect(untouched).toMatchObject({ subject: 'Pool subject', body: `Pool text ${untouched.code}` });
    rig.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, emailSubject: 'Only the subject' } }));
    await signUp('subj');
    const subjectOnly = (await latestMessage(t, poolId, 'subj'))!;
    expect(subjectOnly).toMatchObject({ subject: 'Only the subject', body: `Pool text ${subjectOnly.code}` });
  });

  it('an email MFA code (EMAIL_OTP) is sent with the function\'s subject and text, and the code signs in', async () => {
    const mfa = await t.fixtures.poolWithClient({ LambdaConfig: { CustomMessage: rig.arn('CustomMessage') } });
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfa.poolId, MfaConfiguration: 'ON', EmailMfaConfiguration: { Message: 'Pool code {####}', Subject: 'Pool' } }));
    await adminCreatedUser(t, mfa.poolId, 'otto', PASSWORD, [{ Name: 'email', Value: 'otto@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await t.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: mfa.poolId, Username: 'otto', EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
    rig.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, emailSubject: `${event.triggerSource} subject`, emailMessage: `Sign in with ${event.request.codeParameter}` } }));
    const challenge = await t.cognito.send(new InitiateAuthCommand({ ClientId: mfa.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'otto', PASSWORD } }));
    expect(challenge.ChallengeName).toBe('EMAIL_OTP');
    const sent = (await latestMessage(t, mfa.poolId, 'otto'))!;
    expect(sent).toMatchObject({ medium: 'EMAIL', subject: 'CustomMessage_Authentication subject', body: `Sign in with ${sent.code}` });
    const out = await t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: mfa.clientId, ChallengeName: 'EMAIL_OTP', Session: challenge.Session, ChallengeResponses: { USERNAME: 'otto', EMAIL_OTP_CODE: sent.code! } }));
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
  });

  it('the function never sees the code, and a code-like text it writes is not substituted twice', async () => {
    rig.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, emailMessage: `Code {####}, user {username}` } }));
    await signUp('plain');
    const sent = (await latestMessage(t, poolId, 'plain'))!;
    expect(sent.body).toBe(`Code ${sent.code}, user plain`);
    expect(JSON.stringify(rig.events('CustomMessage'))).not.toContain(sent.code);
  });

  it('a text without the code placeholder, or too long, is refused as Cognito refuses it', async () => {
    rig.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, emailMessage: 'No code here' } }));
    expect(await errorOf(signUp('nocode'))).toEqual({
      name: 'InvalidParameterException',
      message: '1 validation error detected: Value at \'emailBody\' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*',
    });
    rig.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, emailMessage: `${'x'.repeat(20_000)}{####}` } }));
    expect(await errorOf(signUp('toolong'))).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('length less than or equal to 20000') });
    rig.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, emailMessage: 'Password {####}' } }));
    const invitation = await errorOf(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'inv', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'inv@example.com' }] })));
    expect(invitation).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('{username}') });
  });

  it('an SMS over 140 characters is refused; a member of the wrong type is InvalidLambdaResponseException; a throw is UserLambdaValidationException', async () => {
    rig.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, smsMessage: `${'y'.repeat(140)}{####}` } }));
    const sms = await errorOf(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'smsy', DesiredDeliveryMediums: ['SMS'], UserAttributes: [{ Name: 'phone_number', Value: '+15555550111' }] })));
    expect(sms).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('length less than or equal to 140') });
    rig.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, emailMessage: 42 } }));
    expect((await errorOf(signUp('wrongtype'))).name).toBe('InvalidLambdaResponseException');
    rig.handle('CustomMessage', () => {
      throw new Error('Template store is down');
    });
    expect(await errorOf(signUp('thrown'))).toEqual({ name: 'UserLambdaValidationException', message: 'CustomMessage failed with error Template store is down.' });
  });

  it('a refused message leaves no user behind: the same username signs up (or is created) once the function works', async () => {
    rig.handle('CustomMessage', () => {
      throw new Error('down');
    });
    expect((await errorOf(signUp('retry-me'))).name).toBe('UserLambdaValidationException');
    const invite = () => t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'invite-me', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'invite-me@example.com' }] }));
    expect((await errorOf(invite())).name).toBe('UserLambdaValidationException');
    for (const Username of ['retry-me', 'invite-me']) {
      expect((await errorOf(t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username })))).name).toBe('UserNotFoundException');
    }
    rig.handle('CustomMessage', (event) => event);
    expect((await signUp('retry-me')).CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    expect((await invite()).User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
  });
});
