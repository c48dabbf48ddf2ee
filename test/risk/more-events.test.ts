// Threat protection beyond the password sign-ins: USER_AUTH's one-time codes, CUSTOM_AUTH (as
// CustomAuthMode says), a wrong MFA code, and the other event types AdminListUserAuthEvents lists
// (SignUp, ForgotPassword, PasswordChange, ResendCode), with the risk actions where they apply.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SetRiskConfigurationCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
  type AuthEventType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { totp } from '../helpers/totp.js';

const PASSWORD = 'Passw0rd!';
const BREACHED = 'Breached-Passw0rd!';
const HOME = '198.51.100.7';
const CUSTOM = ['DefineAuthChallenge', 'CreateAuthChallenge', 'VerifyAuthChallengeResponse'];
const PASSWORDLESS = { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } }, AutoVerifiedAttributes: ['email'] };
const FLOWS = ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

let t: TestServer;
let rig: TriggerRig;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'gatehouse-risk-events-'));
  writeFileSync(join(folder, 'breached.txt'), `${BREACHED}\n`);
  rig = await startTriggerRig('module', CUSTOM);
  t = await startTestServer({ config: { triggers: rig.config, threatProtection: { breachedPasswordsFile: join(folder, 'breached.txt') } } });
  // One custom challenge: "4" passes, anything else ends the sign-in.
  rig.handle('DefineAuthChallenge', (event) => {
    const last: Event | undefined = event.request.session.at(-1);
    const response = !last ? { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false }
      : last.challengeResult ? { challengeName: null, issueTokens: true, failAuthentication: false }
        : { challengeName: null, issueTokens: false, failAuthentication: true };
    return { ...event, response };
  });
  rig.handle('CreateAuthChallenge', (event) => ({ ...event, response: { publicChallengeParameters: { q: '2+2' }, privateChallengeParameters: { a: '4' }, challengeMetadata: 'MATH' } }));
  rig.handle('VerifyAuthChallengeResponse', (event) => ({ ...event, response: { answerCorrect: event.request.challengeAnswer === '4' } }));
});
afterAll(async () => {
  await t?.close();
  await rig?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function protectedPool(mode: 'AUDIT' | 'ENFORCED', pool: Record<string, unknown> = {}) {
  return t.fixtures.poolWithClient(
    { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: mode }, ...PASSWORDLESS, ...pool } as never,
    { ExplicitAuthFlows: FLOWS as never },
  );
}

async function user(poolId: string, username: string): Promise<void> {
  await t.cognito.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
  }));
  await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
}

const events = async (poolId: string, username: string): Promise<AuthEventType[]> =>
  (await t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username }))).AuthEvents ?? [];
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('USER_AUTH one-time codes', () => {
  const emailOtp = (clientId: string, USERNAME: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME, PREFERRED_CHALLENGE: 'EMAIL_OTP' } }));
  const answer = (clientId: string, Session: string | undefined, USERNAME: string, EMAIL_OTP_CODE: string) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'EMAIL_OTP', Session, ChallengeResponses: { USERNAME, EMAIL_OTP_CODE } }));

  it('records a wrong code as a failed sign-in and a right one as passed, with no password challenge', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    await user(poolId, 'ada');
    const challenge = await emailOtp(clientId, 'ada');
    const code = (await t.latestCode(poolId, 'ada'))!;
    await expect(answer(clientId, challenge.Session, 'ada', wrong(code))).rejects.toMatchObject({ name: 'CodeMismatchException' });
    t.clock.advance(1000);
    const done = await answer(clientId, challenge.Session, 'ada', code);
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();

    const [passed, failed] = await events(poolId, 'ada');
    expect(passed).toMatchObject({ EventType: 'SignIn', EventResponse: 'Pass', ChallengeResponses: [], EventRisk: { RiskDecision: 'NoRisk' }, EventContextData: { IpAddress: '127.0.0.1' } });
    expect(failed).toMatchObject({ EventType: 'SignIn', EventResponse: 'Fail', ChallengeResponses: [] });
  });

  it('refuses a code sign-in from a blocked address under ENFORCED, and records the block', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    await t.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ['127.0.0.0/8'] } }));
    await user(poolId, 'ben');
    const challenge = await emailOtp(clientId, 'ben');
    await expect(answer(clientId, challenge.Session, 'ben', (await t.latestCode(poolId, 'ben'))!))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Unable to login because of security reasons.' });
    expect((await events(poolId, 'ben'))[0]).toMatchObject({ EventResponse: 'Fail', EventRisk: { RiskDecision: 'Block' } });
  });

  it('records nothing while threat protection is off', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ UserPoolTier: 'PLUS', ...PASSWORDLESS } as never, { ExplicitAuthFlows: FLOWS as never });
    await user(poolId, 'cal');
    const challenge = await emailOtp(clientId, 'cal');
    await answer(clientId, challenge.Session, 'cal', (await t.latestCode(poolId, 'cal'))!);
    await expect(events(poolId, 'cal')).rejects.toMatchObject({ name: 'UserPoolAddOnNotEnabledException' });
  });
});

describe('a wrong MFA code', () => {
  it('ends the sign-in\'s event as Fail with Mfa / Failure', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await user(poolId, 'dee');
    const signIn = () => t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dee', PASSWORD },
      ContextData: { IpAddress: HOME, ServerName: 'app.example.com', ServerPath: '/login', HttpHeaders: [] },
    }));
    const { AccessToken } = (await signIn()).AuthenticationResult!;
    const { SecretCode } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!, t.clock.now()) }));
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    t.clock.advance(30_000);

    const challenge = await signIn();
    const good = totp(SecretCode!, t.clock.now());
    await expect(t.cognito.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId, ClientId: clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'dee', SOFTWARE_TOKEN_MFA_CODE: wrong(good) },
    }))).rejects.toMatchObject({ name: 'CodeMismatchException' });
    expect((await events(poolId, 'dee'))[0]).toMatchObject({
      EventType: 'SignIn', EventResponse: 'Fail',
      ChallengeResponses: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }, { ChallengeName: 'Mfa', ChallengeResponse: 'Failure' }],
    });
  });
});

describe('CUSTOM_AUTH', () => {
  const lambdaConfig = () => Object.fromEntries(CUSTOM.map((name) => [name, rig.arn(name)]));
  const start = (clientId: string, USERNAME: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME } }));
  const respond = (clientId: string, Session: string | undefined, USERNAME: string, ANSWER: string) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session, ChallengeResponses: { USERNAME, ANSWER } }));

  it('with CustomAuthMode AUDIT, records the sign-in Define ends with tokens as passed, and the one it fails as failed', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT', {
      LambdaConfig: lambdaConfig(), UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT', AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'AUDIT' } },
    });
    await user(poolId, 'eve');
    const passed = await respond(clientId, (await start(clientId, 'eve')).Session, 'eve', '4');
    expect(passed.AuthenticationResult?.AccessToken).toBeTruthy();
    t.clock.advance(1000);
    await expect(respond(clientId, (await start(clientId, 'eve')).Session, 'eve', '5')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const [failed, pass] = await events(poolId, 'eve');
    expect(pass).toMatchObject({ EventType: 'SignIn', EventResponse: 'Pass', ChallengeResponses: [] });
    expect(failed).toMatchObject({ EventType: 'SignIn', EventResponse: 'Fail', ChallengeResponses: [] });
  });

  it('with CustomAuthMode ENFORCED, blocks a custom sign-in from a blocked address', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED', {
      LambdaConfig: lambdaConfig(), UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED', AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'ENFORCED' } },
    });
    await t.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ['127.0.0.0/8'] } }));
    await user(poolId, 'fay');
    await expect(respond(clientId, (await start(clientId, 'fay')).Session, 'fay', '4'))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Unable to login because of security reasons.' });
    expect((await events(poolId, 'fay'))[0]).toMatchObject({ EventResponse: 'Fail', EventRisk: { RiskDecision: 'Block' } });
  });

  it('without CustomAuthMode, records and blocks no custom sign-in', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED', { LambdaConfig: lambdaConfig() });
    await t.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ['127.0.0.0/8'] } }));
    await user(poolId, 'gus');
    const passed = await respond(clientId, (await start(clientId, 'gus')).Session, 'gus', '4');
    expect(passed.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await events(poolId, 'gus')).toEqual([]);
  });
});

describe('the other event types', () => {
  it('records SignUp, ResendCode, ForgotPassword and PasswordChange (reset and change), with the caller\'s address', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'hal', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'hal@example.com' }] }));
    t.clock.advance(1000);
    await t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'hal' }));
    await user(poolId, 'ivy');
    await t.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ivy' }));
    t.clock.advance(1000);
    await t.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'ivy', ConfirmationCode: (await t.latestCode(poolId, 'ivy'))!, Password: 'Reset-Passw0rd!' }));
    t.clock.advance(1000);
    const { AccessToken } = (await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ivy', PASSWORD: 'Reset-Passw0rd!' } }))).AuthenticationResult!;
    t.clock.advance(1000);
    await t.cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Reset-Passw0rd!', ProposedPassword: 'Changed-Passw0rd!' }));

    const shape = (e: AuthEventType) => [e.EventType, e.EventResponse, e.EventRisk?.RiskDecision, e.ChallengeResponses, e.EventContextData?.IpAddress];
    expect((await events(poolId, 'hal')).map(shape)).toEqual([
      ['ResendCode', 'Pass', 'NoRisk', [], '127.0.0.1'],
      ['SignUp', 'Pass', 'NoRisk', [], '127.0.0.1'],
    ]);
    expect((await events(poolId, 'ivy')).map((e) => [e.EventType, e.EventResponse])).toEqual([
      ['PasswordChange', 'Pass'], ['SignIn', 'Pass'], ['PasswordChange', 'Pass'], ['ForgotPassword', 'Pass'],
    ]);
  });

  it('records a password change refused for a breached password as a blocked PasswordChange', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    await t.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { EventFilter: ['PASSWORD_CHANGE'], Actions: { EventAction: 'BLOCK' } } }));
    await user(poolId, 'jay');
    const { AccessToken } = (await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'jay', PASSWORD } }))).AuthenticationResult!;
    t.clock.advance(1000);
    await expect(t.cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: BREACHED })))
      .rejects.toMatchObject({ name: 'InvalidPasswordException' });
    expect((await events(poolId, 'jay'))[0]).toMatchObject({
      EventType: 'PasswordChange', EventResponse: 'Fail', EventRisk: { RiskDecision: 'Block', CompromisedCredentialsDetected: true },
    });
  });

  it('does not count the other events in the sign-in signals: a sign-up does not make the first sign-in\'s address known', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'kit', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'kit@example.com' }] }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'kit', Password: PASSWORD, Permanent: true }));
    await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kit', PASSWORD },
      ContextData: { IpAddress: HOME, ServerName: 'app.example.com', ServerPath: '/login', HttpHeaders: [] },
    }));
    // The first sign-in sets the baseline: no risk, though the sign-up came from another address.
    expect((await events(poolId, 'kit'))[0]).toMatchObject({ EventType: 'SignIn', EventRisk: { RiskDecision: 'NoRisk' } });
    expect((await events(poolId, 'kit'))[0]!.EventRisk!.RiskLevel).toBeUndefined();
  });
});
