// Threat protection through the AWS SDK: the add-on and its tier, Set/DescribeRiskConfiguration,
// the sign-in events (AdminListUserAuthEvents), the risk signals and their actions, compromised
// credentials from the operator's list, and feedback on events.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateAuthEventFeedbackCommand,
  ChangePasswordCommand,
  CreateUserPoolCommand,
  DescribeRiskConfigurationCommand,
  InitiateAuthCommand,
  SetRiskConfigurationCommand,
  SignUpCommand,
  UpdateAuthEventFeedbackCommand,
  UpdateUserPoolCommand,
  AssociateSoftwareTokenCommand,
  VerifySoftwareTokenCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  AdminRespondToAuthChallengeCommand,
  type SetRiskConfigurationCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';
import { totp } from '../helpers/totp.js';

const PASSWORD = 'Risk-Passw0rd!';
const BREACHED_PLAIN = 'Breached-Passw0rd!';
const BREACHED_HASHED = 'Hashed-Breach-Passw0rd1!';
const HOME = '198.51.100.7';
const AWAY = '203.0.113.9';
const SOURCE_ARN = 'arn:aws:ses:us-east-1:000000000000:identity/security@example.com';

let t: TestServer;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'gatehouse-risk-'));
  const list = join(folder, 'breached.txt');
  // Both formats of the list: a plain password, and an upper-case SHA-1 with a count after it.
  const sha1 = createHash('sha1').update(BREACHED_HASHED).digest('hex').toUpperCase();
  writeFileSync(list, `0000000000000000000000000000000000000000:3\n${BREACHED_PLAIN}\n${sha1}:42\n`);
  t = await startTestServer({ config: { threatProtection: { breachedPasswordsFile: list, passwordSprayUsers: 3 } } });
});
afterAll(async () => {
  await t.close();
  rmSync(folder, { recursive: true, force: true });
});

async function protectedPool(mode: 'AUDIT' | 'ENFORCED', extra: Record<string, unknown> = {}): Promise<{ poolId: string; clientId: string }> {
  return t.fixtures.poolWithClient({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: mode }, ...extra });
}

async function user(poolId: string, username: string, password = PASSWORD, email?: string): Promise<void> {
  await t.cognito.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS',
    ...(email && { UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }] }),
  }));
  await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
}

/** A server-side sign-in on behalf of a user at `ip` (ContextData, as Cognito's risk assessment reads it). */
const signInFrom = (poolId: string, clientId: string, username: string, ip: string, password = PASSWORD) =>
  t.cognito.send(new AdminInitiateAuthCommand({
    UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password },
    ContextData: { IpAddress: ip, ServerName: 'app.example.com', ServerPath: '/login', HttpHeaders: [{ headerName: 'User-Agent', headerValue: 'risk-test-browser' }] },
  }));

const events = async (poolId: string, username: string) =>
  (await t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username }))).AuthEvents ?? [];

const setRisk = (input: SetRiskConfigurationCommandInput) => t.cognito.send(new SetRiskConfigurationCommand(input));

const blockLow = { Actions: { LowAction: { Notify: false, EventAction: 'BLOCK' as const } } };

describe('the threat protection add-on', () => {
  it('needs the PLUS tier and one of OFF, AUDIT, ENFORCED', async () => {
    await expect(t.cognito.send(new CreateUserPoolCommand({ PoolName: 'p', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } })))
      .rejects.toMatchObject({ name: 'FeatureUnavailableInTierException' });
    await expect(t.cognito.send(new CreateUserPoolCommand({ PoolName: 'p', UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'SOMETIMES' as never } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    const poolId = await t.fixtures.pool({ UserPoolTier: 'ESSENTIALS', UserPoolAddOns: { AdvancedSecurityMode: 'OFF' } });
    await expect(t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } })))
      .rejects.toMatchObject({ name: 'FeatureUnavailableInTierException' });
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } }));
    expect((await t.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration).toEqual({ UserPoolId: poolId });
  });

  it('answers every threat protection operation with UserPoolAddOnNotEnabledException while it is off', async () => {
    const { poolId } = await t.fixtures.poolWithClient({ UserPoolTier: 'PLUS' });
    await user(poolId, 'off-user');
    const calls = [
      () => t.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId })),
      () => setRisk({ UserPoolId: poolId }),
      () => t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'off-user' })),
      () => t.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'off-user', EventId: 'e1', FeedbackValue: 'Valid' })),
      () => t.cognito.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'off-user', EventId: 'e1', FeedbackToken: 'x', FeedbackValue: 'Valid' })),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ name: 'UserPoolAddOnNotEnabledException' });
  });
});

describe('SetRiskConfiguration and DescribeRiskConfiguration', () => {
  it('keep the pool configuration and a client configuration, and describe a client without one by the pool', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    const other = await t.fixtures.client(poolId);
    const config = {
      CompromisedCredentialsRiskConfiguration: { EventFilter: ['SIGN_IN' as const, 'SIGN_UP' as const], Actions: { EventAction: 'BLOCK' as const } },
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: { SourceArn: SOURCE_ARN, From: 'security@example.com', BlockEmail: { Subject: 'Blocked', TextBody: 'Blocked {username}' } },
        Actions: {
          LowAction: { Notify: false, EventAction: 'NO_ACTION' as const },
          MediumAction: { Notify: true, EventAction: 'MFA_IF_CONFIGURED' as const },
          HighAction: { Notify: true, EventAction: 'BLOCK' as const },
        },
      },
      RiskExceptionConfiguration: { BlockedIPRangeList: ['192.0.2.0/24'], SkippedIPRangeList: ['10.0.0.0/8', '2001:db8::/32'] },
    };
    const set = (await setRisk({ UserPoolId: poolId, ...config })).RiskConfiguration!;
    expect(set).toMatchObject({ UserPoolId: poolId, ...config });
    expect(set.ClientId).toBeUndefined();
    expect(set.LastModifiedDate).toBeInstanceOf(Date);
    expect((await t.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration).toMatchObject(config);

    const clientOwn = { RiskExceptionConfiguration: { SkippedIPRangeList: ['203.0.113.0/24'] } };
    expect((await setRisk({ UserPoolId: poolId, ClientId: clientId, ...clientOwn })).RiskConfiguration).toMatchObject({ ClientId: clientId, ...clientOwn });
    const described = (await t.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration!;
    expect(described).toMatchObject({ UserPoolId: poolId, ClientId: clientId, ...clientOwn });
    expect(described.AccountTakeoverRiskConfiguration).toBeUndefined();
    const fallback = (await t.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: other.clientId }))).RiskConfiguration!;
    expect(fallback).toMatchObject(config);

    // A client set with no members: its own configuration is gone, the pool's applies again.
    await setRisk({ UserPoolId: poolId, ClientId: clientId });
    const again = (await t.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration!;
    expect(again).toMatchObject(config);
    expect(again.ClientId).toBeUndefined();
    // Only the UserPoolId: the pool's configuration back to its defaults.
    expect((await setRisk({ UserPoolId: poolId })).RiskConfiguration).toEqual({ UserPoolId: poolId, LastModifiedDate: expect.any(Date) });
  });

  it('refuses unknown clients and pools, bad actions, bad CIDR blocks and notifying without a NotifyConfiguration', async () => {
    const { poolId } = await protectedPool('ENFORCED');
    await expect(setRisk({ UserPoolId: poolId, ClientId: 'nosuchclient1234' })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(t.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: 'us-east-1_nosuch' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(setRisk({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: { Actions: { LowAction: { Notify: false, EventAction: 'PANIC' as never } } } }))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(setRisk({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { EventFilter: ['LOGOUT' as never], Actions: { EventAction: 'BLOCK' } } }))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(setRisk({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'MFA_REQUIRED' as never } } }))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    for (const range of ['10.0.0.0', '10.0.0.0/33', 'example.com/8', '2001:db8::/129']) {
      await expect(setRisk({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: [range] } }))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
    }
    await expect(setRisk({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: { Actions: { HighAction: { Notify: true, EventAction: 'BLOCK' } } } }))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('sign-in events and AdminListUserAuthEvents', () => {
  it('records successes and failures with their members, newest first, in pages', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    await user(poolId, 'ana');
    await signInFrom(poolId, clientId, 'ana', HOME);
    t.clock.advance(1000);
    await expect(signInFrom(poolId, clientId, 'ana', HOME, 'Wrong-Passw0rd!')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    t.clock.advance(1000);
    await signInFrom(poolId, clientId, 'ana', HOME);

    const [latest, failed, first] = await events(poolId, 'ana');
    expect(first).toMatchObject({
      EventType: 'SignIn', EventResponse: 'Pass',
      EventRisk: { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: false },
      ChallengeResponses: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }],
      EventContextData: { IpAddress: HOME, DeviceName: 'risk-test-browser' },
    });
    expect(first!.EventId).toMatch(/^[\w-]+$/);
    expect(first!.CreationDate).toBeInstanceOf(Date);
    expect(first!.EventFeedback).toBeUndefined();
    expect(failed).toMatchObject({ EventResponse: 'Fail', ChallengeResponses: [{ ChallengeName: 'Password', ChallengeResponse: 'Failure' }] });
    expect(latest).toMatchObject({ EventResponse: 'Pass' });
    expect(latest!.CreationDate!.getTime()).toBeGreaterThan(first!.CreationDate!.getTime());

    const page1 = await t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'ana', MaxResults: 2 }));
    expect(page1.AuthEvents!.map((e) => e.EventId)).toEqual([latest!.EventId, failed!.EventId]);
    const page2 = await t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'ana', MaxResults: 2, NextToken: page1.NextToken }));
    expect(page2.AuthEvents!.map((e) => e.EventId)).toEqual([first!.EventId]);
    expect(page2.NextToken).toBeUndefined();
  });

  it('records a sign-in that asks for MFA as InProgress, and as passed with the MFA answer', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await user(poolId, 'mia');
    const { AccessToken } = (await signInFrom(poolId, clientId, 'mia', HOME)).AuthenticationResult!;
    const { SecretCode } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!, t.clock.now()) }));
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    t.clock.advance(30_000);

    const challenge = await signInFrom(poolId, clientId, 'mia', HOME);
    expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect((await events(poolId, 'mia'))[0]).toMatchObject({ EventResponse: 'InProgress', ChallengeResponses: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }] });
    await t.cognito.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId, ClientId: clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'mia', SOFTWARE_TOKEN_MFA_CODE: totp(SecretCode!, t.clock.now()) },
    }));
    expect((await events(poolId, 'mia'))[0]).toMatchObject({
      EventResponse: 'Pass',
      ChallengeResponses: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }, { ChallengeName: 'Mfa', ChallengeResponse: 'Success' }],
    });
  });

  it('deletes a user\'s events with the user', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    await user(poolId, 'pat');
    await signInFrom(poolId, clientId, 'pat', HOME);
    expect(await events(poolId, 'pat')).toHaveLength(1);
    const sub = (await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'pat' }))).UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
    await t.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'pat' }));
    // No API lists a deleted user's events: the store shows that none are left behind.
    expect(await t.server.deps.store.authEvents.listForUser(sub, 10)).toEqual([]);
  });

  it('answers an unknown user, a foreign pagination token and an out-of-range MaxResults as Cognito does', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    await user(poolId, 'ben');
    await signInFrom(poolId, clientId, 'ben', HOME);
    await signInFrom(poolId, clientId, 'ben', HOME);
    await expect(t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    const token = (await t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'ben', MaxResults: 1 }))).NextToken!;
    await user(poolId, 'cai');
    await expect(t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'cai', NextToken: token }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'ben', MaxResults: 61 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('risk signals and actions', () => {
  it('ENFORCED with a BLOCK action refuses a sign-in from a new address, and records the block', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    await setRisk({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: blockLow });
    await user(poolId, 'dan');
    // 1. The first sign-in sets the baseline. 2. The same address again: no risk.
    await signInFrom(poolId, clientId, 'dan', HOME);
    await signInFrom(poolId, clientId, 'dan', HOME);
    // 3. A new address: Low risk, blocked.
    await expect(signInFrom(poolId, clientId, 'dan', AWAY)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const [blocked] = await events(poolId, 'dan');
    expect(blocked).toMatchObject({ EventResponse: 'Fail', EventRisk: { RiskDecision: 'Block', RiskLevel: 'Low' }, EventContextData: { IpAddress: AWAY } });
    // 4. Home still works.
    expect((await signInFrom(poolId, clientId, 'dan', HOME)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('takes InitiateAuth\'s UserContextData.IpAddress only from a client with EnablePropagateAdditionalUserContextData', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    const propagating = await t.fixtures.client(poolId, { EnablePropagateAdditionalUserContextData: true });
    await user(poolId, 'uma');
    for (const id of [clientId, propagating.clientId]) {
      t.clock.advance(1000);
      await t.cognito.send(new InitiateAuthCommand({
        ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'uma', PASSWORD }, UserContextData: { IpAddress: AWAY, EncodedData: 'x' },
      }));
    }
    const [fromPropagating, fromPlain] = await events(poolId, 'uma');
    expect(fromPlain!.EventContextData!.IpAddress).toBe('127.0.0.1');
    expect(fromPropagating!.EventContextData!.IpAddress).toBe(AWAY);
  });

  it('ENFORCED with a BLOCK action refuses a sign-in with a new device key', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    await setRisk({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: blockLow });
    await user(poolId, 'dev');
    const withDevice = (deviceKey: string) => t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'dev', PASSWORD, DEVICE_KEY: deviceKey },
      ContextData: { IpAddress: HOME, ServerName: 'app', ServerPath: '/', HttpHeaders: [] },
    }));
    await withDevice('us-east-1_11111111-1111-1111-1111-111111111111');
    await withDevice('us-east-1_11111111-1111-1111-1111-111111111111');
    await expect(withDevice('us-east-1_22222222-2222-2222-2222-222222222222')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await events(poolId, 'dev'))[0]).toMatchObject({ EventRisk: { RiskDecision: 'Block', RiskLevel: 'Low' } });
  });

  it('AUDIT records the risk of a new address and lets the sign-in through', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    await setRisk({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: blockLow });
    await user(poolId, 'eve');
    await signInFrom(poolId, clientId, 'eve', HOME);
    expect((await signInFrom(poolId, clientId, 'eve', AWAY)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await events(poolId, 'eve'))[0]).toMatchObject({ EventResponse: 'Pass', EventRisk: { RiskDecision: 'AccountTakeover', RiskLevel: 'Low' } });
  });

  it('MFA_REQUIRED blocks a risky sign-in of a user without MFA; MFA_IF_CONFIGURED lets it through', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    await user(poolId, 'fay');
    await signInFrom(poolId, clientId, 'fay', HOME);
    await setRisk({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: { Actions: { LowAction: { Notify: false, EventAction: 'MFA_IF_CONFIGURED' } } } });
    expect((await signInFrom(poolId, clientId, 'fay', AWAY)).AuthenticationResult?.AccessToken).toBeTruthy();
    await setRisk({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: { Actions: { LowAction: { Notify: false, EventAction: 'MFA_REQUIRED' } } } });
    await expect(signInFrom(poolId, clientId, 'fay', '192.0.2.200')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('skips the assessment for SkippedIPRangeList and always blocks BlockedIPRangeList', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    await setRisk({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: blockLow, RiskExceptionConfiguration: { SkippedIPRangeList: ['203.0.113.0/24'], BlockedIPRangeList: ['192.0.2.0/24'] } });
    await user(poolId, 'gus');
    await signInFrom(poolId, clientId, 'gus', HOME);
    expect((await signInFrom(poolId, clientId, 'gus', AWAY)).AuthenticationResult).toBeDefined();
    await expect(signInFrom(poolId, clientId, 'gus', '192.0.2.1')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('rates a sign-in from an address where several users just failed as password spraying (High)', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    await setRisk({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: { Actions: { HighAction: { Notify: false, EventAction: 'BLOCK' } } } });
    const sprayer = '198.51.100.66';
    for (const name of ['s1', 's2', 's3', 'victim']) await user(poolId, name);
    for (const name of ['s1', 's2', 's3']) {
      await expect(signInFrom(poolId, clientId, name, sprayer, 'Spring2026!x')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    }
    await expect(signInFrom(poolId, clientId, 'victim', sprayer)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await events(poolId, 'victim'))[0]).toMatchObject({ EventRisk: { RiskDecision: 'Block', RiskLevel: 'High' } });
    // Elsewhere the victim signs in.
    expect((await signInFrom(poolId, clientId, 'victim', HOME)).AuthenticationResult).toBeDefined();
  });
});

describe('compromised credentials from the operator\'s list', () => {
  it('blocks a sign-in with a breached password (plain or SHA-1 entry) and sets the user to RESET_REQUIRED', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    await setRisk({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } });
    for (const [name, password] of [['hal', BREACHED_PLAIN], ['ivy', BREACHED_HASHED]] as const) {
      await user(poolId, name, password);
      await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name, PASSWORD: password } })))
        .rejects.toMatchObject({ name: 'NotAuthorizedException' });
      expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name }))).UserStatus).toBe('RESET_REQUIRED');
      expect((await events(poolId, name))[0]).toMatchObject({ EventRisk: { RiskDecision: 'Block', CompromisedCredentialsDetected: true } });
    }
  });

  it('only records a breached password under NO_ACTION or in AUDIT', async () => {
    for (const [mode, action] of [['ENFORCED', 'NO_ACTION'], ['AUDIT', 'BLOCK']] as const) {
      const { poolId, clientId } = await protectedPool(mode);
      await setRisk({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: action } } });
      await user(poolId, 'jo', BREACHED_PLAIN);
      expect((await signInFrom(poolId, clientId, 'jo', HOME, BREACHED_PLAIN)).AuthenticationResult).toBeDefined();
      expect((await events(poolId, 'jo'))[0]).toMatchObject({ EventResponse: 'Pass', EventRisk: { CompromisedCredentialsDetected: true } });
    }
  });

  it('refuses a breached password at SignUp and ChangePassword as the EventFilter says', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    const signUp = (username: string, password: string) => t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: password }));
    await setRisk({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { EventFilter: ['SIGN_UP', 'PASSWORD_CHANGE'], Actions: { EventAction: 'BLOCK' } } });
    await expect(signUp('kim', BREACHED_PLAIN)).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    await expect(signUp('kim', BREACHED_HASHED)).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    await user(poolId, 'lee');
    const tokens = (await signInFrom(poolId, clientId, 'lee', HOME)).AuthenticationResult!;
    await expect(t.cognito.send(new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: BREACHED_PLAIN })))
      .rejects.toMatchObject({ name: 'InvalidPasswordException' });
    // A filter without SIGN_UP lets it through (and signs in: SIGN_IN is not in the filter either).
    await setRisk({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { EventFilter: ['PASSWORD_CHANGE'], Actions: { EventAction: 'BLOCK' } } });
    expect((await signUp('kim', BREACHED_PLAIN)).UserSub).toBeTruthy();
  });
});

describe('feedback on events', () => {
  it('AdminUpdateAuthEventFeedback marks the event as the administrator says', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT');
    await user(poolId, 'max');
    await signInFrom(poolId, clientId, 'max', HOME);
    const [event] = await events(poolId, 'max');
    await t.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'max', EventId: event!.EventId, FeedbackValue: 'Invalid' }));
    const [marked] = await events(poolId, 'max');
    expect(marked!.EventFeedback).toMatchObject({ FeedbackValue: 'Invalid', Provider: 'Admin' });
    expect(marked!.EventFeedback!.FeedbackDate).toBeInstanceOf(Date);
    await expect(t.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'max', EventId: 'no-such-event', FeedbackValue: 'Valid' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(t.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'nobody', EventId: event!.EventId, FeedbackValue: 'Valid' })))
      .rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(t.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'max', EventId: event!.EventId, FeedbackValue: 'Maybe' as never })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('teaches the signals: a blocked event marked Valid makes its address known, a passed one marked Invalid forgets it', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    await setRisk({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: blockLow });
    await user(poolId, 'oli');
    await signInFrom(poolId, clientId, 'oli', HOME);
    await expect(signInFrom(poolId, clientId, 'oli', AWAY)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const [blocked] = await events(poolId, 'oli');
    await t.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'oli', EventId: blocked!.EventId, FeedbackValue: 'Valid' }));
    const fromAway = await signInFrom(poolId, clientId, 'oli', AWAY);
    expect(fromAway.AuthenticationResult).toBeDefined();
    // Both passed sign-ins from AWAY disowned: AWAY is new again.
    for (const event of (await events(poolId, 'oli')).filter((e) => e.EventContextData?.IpAddress === AWAY)) {
      await t.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'oli', EventId: event.EventId, FeedbackValue: 'Invalid' }));
    }
    await expect(signInFrom(poolId, clientId, 'oli', AWAY)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('UpdateAuthEventFeedback takes the FeedbackToken of the notification email, and nothing else', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED');
    await setRisk({
      UserPoolId: poolId,
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: { SourceArn: SOURCE_ARN, NoActionEmail: { Subject: 'Was this you, {username}?', TextBody: 'Yes: {one-click-link-valid} No: {one-click-link-invalid}' } },
        Actions: { LowAction: { Notify: true, EventAction: 'NO_ACTION' } },
      },
    });
    await user(poolId, 'ned', PASSWORD, 'ned@example.com');
    await signInFrom(poolId, clientId, 'ned', HOME);
    await signInFrom(poolId, clientId, 'ned', AWAY);
    const response = await fetch(`${t.url}/_gatehouse/outbox?poolId=${poolId}&username=ned&limit=1`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN_KEY.accessKeyId}:${ADMIN_KEY.secretAccessKey}`).toString('base64')}` },
    });
    const [message] = ((await response.json()) as { messages: Array<{ subject: string; body: string; destination: string }> }).messages;
    expect(message).toMatchObject({ subject: 'Was this you, ned?', destination: 'ned@example.com' });
    const invalidLink = new URLSearchParams(message!.body.split('No: ')[1]!);
    const [event] = await events(poolId, 'ned');
    expect(invalidLink.get('event_id')).toBe(event!.EventId);
    expect(invalidLink.get('feedback_value')).toBe('invalid');
    const feedback = (token: string) => t.cognito.send(new UpdateAuthEventFeedbackCommand({
      UserPoolId: poolId, Username: 'ned', EventId: event!.EventId, FeedbackToken: token, FeedbackValue: 'Invalid',
    }));
    await expect(feedback('not-the-token')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await feedback(invalidLink.get('feedback_token')!);
    expect((await events(poolId, 'ned'))[0]!.EventFeedback).toMatchObject({ FeedbackValue: 'Invalid', Provider: 'User' });
    // An event nobody was notified about takes no user feedback.
    const quiet = (await events(poolId, 'ned'))[1]!;
    await expect(t.cognito.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'ned', EventId: quiet.EventId!, FeedbackToken: invalidLink.get('feedback_token')!, FeedbackValue: 'Valid' })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
