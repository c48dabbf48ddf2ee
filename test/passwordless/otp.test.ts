// USER_AUTH's passwordless first factors through the AWS SDK: EMAIL_OTP and SMS_OTP as preferred
// challenges and as SELECT_CHALLENGE answers (AvailableChallenges listing what this user can use),
// single-use expiring codes, wrong codes counted toward the lockout, and the sign-in with the
// Session of SignUp / ConfirmSignUp. Then aws-amplify v6: signIn with USER_AUTH and EMAIL_OTP
// completed by confirmSignIn, and signUp with autoSignIn completed through the sign-up Session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoSignIn, confirmSignIn, confirmSignUp, fetchAuthSession, signIn, signUp } from 'aws-amplify/auth';
import {
  AdminInitiateAuthCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  type ChallengeNameType,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, type AppClient } from '../helpers/users.js';
import { useAmplify } from '../helpers/amplify.js';

const PASSWORD = 'Passw0rd!';
const FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const PASSWORDLESS = { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } }, AutoVerifiedAttributes: ['email'] } as const;

describe('USER_AUTH with EMAIL_OTP and SMS_OTP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const appClient = (pool: Record<string, unknown> = PASSWORDLESS, client: Record<string, unknown> = {}) =>
    t.fixtures.poolWithClient(pool as never, { ExplicitAuthFlows: FLOWS, ...client });
  const userAuth = (client: AppClient, parameters: Record<string, string>, session?: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_AUTH', AuthParameters: parameters, Session: session }));
  const answer = (client: AppClient, name: ChallengeNameType, session: string | undefined, responses: Record<string, string>) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: client.clientId, ChallengeName: name, Session: session, ChallengeResponses: responses }));
  const usernameIn = (accessToken: string | undefined) => decodeJwt(accessToken!).username;
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('sends a code for PREFERRED_CHALLENGE=EMAIL_OTP and signs in with EMAIL_OTP_CODE; the code and Session are single use', async () => {
    const client = await appClient();
    await confirmedUser(t, client, 'ana', PASSWORD, { email: 'ana@example.com' });
    const challenge = await userAuth(client, { USERNAME: 'ana', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(challenge.ChallengeName).toBe('EMAIL_OTP');
    expect(challenge.ChallengeParameters).toEqual({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***', USERNAME: 'ana' });
    const code = (await t.latestCode(client.poolId, 'ana'))!;
    const out = await answer(client, 'EMAIL_OTP', challenge.Session, { USERNAME: 'ana', EMAIL_OTP_CODE: code });
    expect(usernameIn(out.AuthenticationResult?.AccessToken)).toBe('ana');
    expect(out.AuthenticationResult?.RefreshToken).toBeTruthy();
    // Replayed: the same Session and code again.
    await expect(answer(client, 'EMAIL_OTP', challenge.Session, { USERNAME: 'ana', EMAIL_OTP_CODE: code })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    // The spent code with a fresh challenge's Session.
    const again = await userAuth(client, { USERNAME: 'ana', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const next = (await t.latestCode(client.poolId, 'ana'))!;
    if (next !== code) {
      await expect(answer(client, 'EMAIL_OTP', again.Session, { USERNAME: 'ana', EMAIL_OTP_CODE: code })).rejects.toMatchObject({ name: 'CodeMismatchException' });
    }
    expect((await answer(client, 'EMAIL_OTP', again.Session, { USERNAME: 'ana', EMAIL_OTP_CODE: next })).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('refuses a wrong code (the Session may be retried) and an expired one', async () => {
    const client = await appClient(PASSWORDLESS, { AuthSessionValidity: 15 });
    await confirmedUser(t, client, 'bo', PASSWORD, { email: 'bo@example.com' });
    const challenge = await userAuth(client, { USERNAME: 'bo', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const code = (await t.latestCode(client.poolId, 'bo'))!;
    await expect(answer(client, 'EMAIL_OTP', challenge.Session, { USERNAME: 'bo', EMAIL_OTP_CODE: wrong(code) }))
      .rejects.toMatchObject({ name: 'CodeMismatchException', message: 'Invalid code received for user' });
    await expect(answer(client, 'EMAIL_OTP', challenge.Session, { USERNAME: 'bo' }))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Missing required parameter EMAIL_OTP_CODE' });
    expect((await answer(client, 'EMAIL_OTP', challenge.Session, { USERNAME: 'bo', EMAIL_OTP_CODE: code })).AuthenticationResult).toBeTruthy();

    const late = await userAuth(client, { USERNAME: 'bo', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const lateCode = (await t.latestCode(client.poolId, 'bo'))!;
    t.clock.advance(3 * 60_000 + 1000);
    await expect(answer(client, 'EMAIL_OTP', late.Session, { USERNAME: 'bo', EMAIL_OTP_CODE: lateCode })).rejects.toMatchObject({ name: 'ExpiredCodeException' });
  });

  it('counts wrong codes toward the lockout, which then refuses the password too', async () => {
    const client = await appClient();
    await confirmedUser(t, client, 'cy', PASSWORD, { email: 'cy@example.com' });
    const challenge = await userAuth(client, { USERNAME: 'cy', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const code = (await t.latestCode(client.poolId, 'cy'))!;
    for (let i = 0; i < 4; i++) {
      await expect(answer(client, 'EMAIL_OTP', challenge.Session, { USERNAME: 'cy', EMAIL_OTP_CODE: wrong(code) })).rejects.toMatchObject({ name: 'CodeMismatchException' });
    }
    // The fifth wrong code exhausts the code and is the fifth failed sign-in.
    await expect(answer(client, 'EMAIL_OTP', challenge.Session, { USERNAME: 'cy', EMAIL_OTP_CODE: wrong(code) })).rejects.toMatchObject({ name: 'LimitExceededException' });
    await expect(answer(client, 'EMAIL_OTP', challenge.Session, { USERNAME: 'cy', EMAIL_OTP_CODE: code }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    await expect(userAuth(client, { USERNAME: 'cy', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    await expect(userAuth(client, { USERNAME: 'cy', PREFERRED_CHALLENGE: 'EMAIL_OTP' }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });

  it('lists in SELECT_CHALLENGE exactly the factors this user can use, and answers EMAIL_OTP or SMS_OTP with a code', async () => {
    const client = await appClient();
    await confirmedUser(t, client, 'di', PASSWORD, { email: 'di@example.com' });
    const select = await userAuth(client, { USERNAME: 'di' });
    expect(select).toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] });
    // No verified phone: SMS_OTP is neither started when preferred nor accepted as an answer.
    expect((await userAuth(client, { USERNAME: 'di', PREFERRED_CHALLENGE: 'SMS_OTP' })).ChallengeName).toBe('SELECT_CHALLENGE');
    await expect(answer(client, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'di', ANSWER: 'SMS_OTP' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const otp = await answer(client, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'di', ANSWER: 'EMAIL_OTP' });
    expect(otp).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' } });
    const code = (await t.latestCode(client.poolId, 'di'))!;
    expect(usernameIn((await answer(client, 'EMAIL_OTP', otp.Session, { USERNAME: 'di', EMAIL_OTP_CODE: code })).AuthenticationResult?.AccessToken)).toBe('di');

    // A verified phone adds SMS_OTP; the code goes by SMS, answered with SMS_OTP_CODE (AdminInitiateAuth too).
    await t.cognito.send(new AdminUpdateUserAttributesCommand({
      UserPoolId: client.poolId, Username: 'di', UserAttributes: [{ Name: 'phone_number', Value: '+15555550123' }, { Name: 'phone_number_verified', Value: 'true' }],
    }));
    const both = await userAuth(client, { USERNAME: 'di' });
    expect(both.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
    const sms = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: client.poolId, ClientId: client.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'di', PREFERRED_CHALLENGE: 'SMS_OTP' },
    }));
    expect(sms).toMatchObject({ ChallengeName: 'SMS_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0123' } });
    const smsCode = (await t.latestCode(client.poolId, 'di'))!;
    expect((await answer(client, 'SMS_OTP', sms.Session, { USERNAME: 'di', SMS_OTP_CODE: smsCode })).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('offers no code factor the pool does not allow, nor to a user with an unverified email', async () => {
    const passwordOnly = await appClient({ AutoVerifiedAttributes: ['email'] });
    await confirmedUser(t, passwordOnly, 'ed', PASSWORD, { email: 'ed@example.com' });
    expect((await userAuth(passwordOnly, { USERNAME: 'ed' })).AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    expect((await userAuth(passwordOnly, { USERNAME: 'ed', PREFERRED_CHALLENGE: 'EMAIL_OTP' })).ChallengeName).toBe('SELECT_CHALLENGE');

    const client = await appClient({ ...PASSWORDLESS, AutoVerifiedAttributes: [] });
    await confirmedUser(t, client, 'flo', PASSWORD, { email: 'flo@example.com' });
    expect((await userAuth(client, { USERNAME: 'flo' })).AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
  });

  it('offers no code factor to a user with MFA, and asks no MFA after a code', async () => {
    const client = await appClient();
    await t.cognito.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: client.poolId, MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: { SmsAuthenticationMessage: 'MFA {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms-mfa' } },
    }));
    await confirmedUser(t, client, 'max', PASSWORD, { email: 'max@example.com', phone_number: '+15555550199' });
    await confirmedUser(t, client, 'ned', PASSWORD, { email: 'ned@example.com', phone_number: '+15555550198' });
    await t.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: client.poolId, Username: 'max', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    expect((await userAuth(client, { USERNAME: 'max' })).AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    expect((await userAuth(client, { USERNAME: 'max', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })).ChallengeName).toBe('SMS_MFA');

    const otp = await userAuth(client, { USERNAME: 'ned', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const code = (await t.latestCode(client.poolId, 'ned'))!;
    const out = await answer(client, 'EMAIL_OTP', otp.Session, { USERNAME: 'ned', EMAIL_OTP_CODE: code });
    expect(out.ChallengeName).toBeUndefined();
    expect(usernameIn(out.AuthenticationResult?.AccessToken)).toBe('ned');
  });

  it('hides unknown users behind the same EMAIL_OTP challenge when the client asks, and every code fails', async () => {
    const client = await appClient(PASSWORDLESS, { PreventUserExistenceErrors: 'ENABLED' });
    const challenge = await userAuth(client, { USERNAME: 'nobody@example.com', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(challenge).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' } });
    await expect(answer(client, 'EMAIL_OTP', challenge.Session, { USERNAME: 'nobody@example.com', EMAIL_OTP_CODE: '123456' })).rejects.toMatchObject({ name: 'CodeMismatchException' });

    const open = await appClient();
    await expect(userAuth(open, { USERNAME: 'nobody', PREFERRED_CHALLENGE: 'EMAIL_OTP' })).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('signs in with the Session of ConfirmSignUp, once, for that user and client only', async () => {
    const client = await appClient();
    const signUp = await t.cognito.send(new SignUpCommand({ ClientId: client.clientId, Username: 'gus', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'gus@example.com' }] }));
    expect(signUp.UserConfirmed).toBe(false);
    expect(signUp.Session).toBeTruthy();
    // Not yet confirmed: SignUp's Session signs nobody in.
    await expect(userAuth(client, { USERNAME: 'gus' }, signUp.Session)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const code = (await t.latestCode(client.poolId, 'gus'))!;
    const confirmed = await t.cognito.send(new ConfirmSignUpCommand({ ClientId: client.clientId, Username: 'gus', ConfirmationCode: code, Session: signUp.Session }));
    expect(confirmed.Session).toBeTruthy();

    const other = await appClient();
    await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: other.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'gus' }, Session: confirmed.Session })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await confirmedUser(t, client, 'hal', PASSWORD, { email: 'hal@example.com' });
    await expect(userAuth(client, { USERNAME: 'hal' }, confirmed.Session)).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    const out = await userAuth(client, { USERNAME: 'gus' }, confirmed.Session);
    expect(usernameIn(out.AuthenticationResult?.AccessToken)).toBe('gus');
    await expect(userAuth(client, { USERNAME: 'gus' }, confirmed.Session)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses a sign-up Session after the client’s AuthSessionValidity, and answers none to clients without ALLOW_USER_AUTH', async () => {
    const client = await appClient();
    await t.cognito.send(new SignUpCommand({ ClientId: client.clientId, Username: 'ivy', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }] }));
    const code = (await t.latestCode(client.poolId, 'ivy'))!;
    const confirmed = await t.cognito.send(new ConfirmSignUpCommand({ ClientId: client.clientId, Username: 'ivy', ConfirmationCode: code }));
    t.clock.advance(3 * 60_000 + 1000);
    await expect(userAuth(client, { USERNAME: 'ivy' }, confirmed.Session)).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    const classic = await appClient(PASSWORDLESS, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const plain = await t.cognito.send(new SignUpCommand({ ClientId: classic.clientId, Username: 'jo', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'jo@example.com' }] }));
    expect(plain.Session).toBeUndefined();
  });
});

describe('aws-amplify v6 with EMAIL_OTP and the sign-up Session', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  const configure = useAmplify(() => t);
  afterAll(() => t.close());

  const appClient = () => t.fixtures.poolWithClient(PASSWORDLESS as never, { ExplicitAuthFlows: FLOWS });

  it('signIn with USER_AUTH and preferredChallenge EMAIL_OTP completes with confirmSignIn and the emailed code', async () => {
    const client = await appClient();
    await confirmedUser(t, client, 'kim', PASSWORD, { email: 'kim@example.com' });
    configure(client);
    const started = await signIn({ username: 'kim', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    expect(started.nextStep).toMatchObject({ signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'k***@e***' } });
    const code = (await t.latestCode(client.poolId, 'kim'))!;
    const done = await confirmSignIn({ challengeResponse: code });
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await fetchAuthSession()).tokens?.accessToken.payload.username).toBe('kim');
  });

  it('signUp with autoSignIn signs in after confirmSignUp through the sign-up Session, without the password again', async () => {
    const client = await appClient();
    configure(client);
    const started = await signUp({
      username: 'lou', password: PASSWORD,
      options: { userAttributes: { email: 'lou@example.com' }, autoSignIn: { authFlowType: 'USER_AUTH' } },
    });
    expect(started.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const code = (await t.latestCode(client.poolId, 'lou'))!;
    const confirmed = await confirmSignUp({ username: 'lou', confirmationCode: code });
    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    const signedIn = await autoSignIn();
    expect(signedIn).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await fetchAuthSession()).tokens?.idToken?.payload['cognito:username']).toBe('lou');
  });
});
