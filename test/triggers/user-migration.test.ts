// UserMigration: the events member by member under each runner (UserMigration_Authentication from
// InitiateAuth, UserMigration_ForgotPassword from ForgotPassword), and what the answer does: the
// user is created with the password the function accepted (USER_PASSWORD_AUTH and then SRP work
// with it, and the function is not asked again), finalUserStatus RESET_REQUIRED asks for a reset,
// a ForgotPassword migration sends the code; usernames, aliases and `sub` as Cognito handles them;
// a function that fails, knows nobody or answers something unusable creates nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { eventEnvelope, RUNNER_KINDS, startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { SrpClient } from '../helpers/srp-client.js';
import { adminCreatedUser, attributesOf } from '../helpers/users.js';

const OLD_PASSWORD = 'legacy-pw';

const failure = (promise: Promise<unknown>) =>
  promise.then(() => undefined, (error: Error) => ({ name: error.name, message: error.message }));

const NULL_RESPONSE = { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null };

/** The old directory: users the function knows, by the name they type. */
function legacyDirectory(users: Record<string, { password: string; attributes: Record<string, string>; status?: string; force?: boolean }>) {
  return (event: Event) => {
    const user = users[event.userName];
    if (!user) return event;
    if (event.triggerSource === 'UserMigration_Authentication' && event.request.password !== user.password) throw new Error('Bad password');
    return {
      ...event,
      response: {
        ...event.response,
        userAttributes: user.attributes,
        messageAction: 'SUPPRESS',
        ...(user.status && { finalUserStatus: user.status }),
        ...(user.force && { forceAliasCreation: true }),
      },
    };
  };
}

describe.each(RUNNER_KINDS)('UserMigration events (%s runner)', (kind) => {
  let rig: TriggerRig;
  let t: TestServer;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    rig = await startTriggerRig(kind, ['UserMigration']);
    t = await startTestServer({ config: { triggers: rig.config } });
    ({ poolId, clientId } = await t.fixtures.poolWithClient({ LambdaConfig: { UserMigration: rig.arn('UserMigration') } }));
    rig.handle('UserMigration', legacyDirectory({
      grace: { password: OLD_PASSWORD, attributes: { email: 'grace@example.com', email_verified: 'true' }, status: 'CONFIRMED' },
      linus: { password: OLD_PASSWORD, attributes: { email: 'linus@example.com', email_verified: 'true' } },
    }));
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  it('UserMigration_Authentication: the typed name, the password, ClientMetadata as validationData; the answer signs the user in', async () => {
    const out = await t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'grace', PASSWORD: OLD_PASSWORD }, ClientMetadata: { source: 'app' },
    }));
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(rig.events('UserMigration')).toEqual([{
      ...eventEnvelope(poolId, clientId, 'UserMigration_Authentication', 'grace'),
      request: { password: OLD_PASSWORD, validationData: { source: 'app' } },
      response: NULL_RESPONSE,
    }]);
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'grace' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(attributesOf(user.UserAttributes)).toEqual({ sub: expect.any(String), email: 'grace@example.com', email_verified: 'true' });
    expect(rig.rejected).toEqual([]);
  });

  it('UserMigration_ForgotPassword: no password, ForgotPassword\'s ClientMetadata; the code goes to the migrated user', async () => {
    const out = await t.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'linus', ClientMetadata: { reason: 'forgot' } }));
    expect(out.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'l***@e***' });
    expect(rig.events('UserMigration').at(-1)).toEqual({
      ...eventEnvelope(poolId, clientId, 'UserMigration_ForgotPassword', 'linus'),
      request: { validationData: null, clientMetadata: { reason: 'forgot' } },
      response: NULL_RESPONSE,
    });
    expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'linus' }))).UserStatus).toBe('RESET_REQUIRED');
    expect(await t.latestCode(poolId, 'linus')).toMatch(/^\d{6}$/);
  });
});

describe('UserMigration behaviour', () => {
  let rig: TriggerRig;
  let t: TestServer;
  let poolId: string;
  let clientId: string;
  let hidingClientId: string;
  let userAuthClientId: string;

  beforeAll(async () => {
    rig = await startTriggerRig('webhook', ['UserMigration']);
    t = await startTestServer({ config: { triggers: rig.config } });
    ({ poolId, clientId } = await t.fixtures.poolWithClient({
      LambdaConfig: { UserMigration: rig.arn('UserMigration') },
      AliasAttributes: ['email'],
      Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }],
    }));
    ({ clientId: hidingClientId } = await t.fixtures.client(poolId, { PreventUserExistenceErrors: 'ENABLED' }));
    ({ clientId: userAuthClientId } = await t.fixtures.client(poolId, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  const passwordAuth = (USERNAME: string, PASSWORD: string, client = clientId) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: client, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD } }));
  const userOf = (Username: string) => t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username }));
  const exists = (Username: string) => userOf(Username).then(() => true, () => false);

  it('the migrated user keeps the password the function accepted (policy not applied), with SRP too, and the function is not asked again', async () => {
    rig.handle('UserMigration', legacyDirectory({
      margaret: { password: 'short', attributes: { email: 'margaret@example.com', email_verified: 'true', 'custom:tier': 'gold', sub: 'old-directory-id' } },
    }));
    expect((await passwordAuth('margaret', 'short')).AuthenticationResult?.IdToken).toBeTruthy();
    const asked = rig.events('UserMigration').length;
    const user = await userOf('margaret');
    const attributes = attributesOf(user.UserAttributes);
    expect(attributes).toEqual({ sub: expect.stringMatching(/^[0-9a-f-]{36}$/), email: 'margaret@example.com', email_verified: 'true', 'custom:tier': 'gold' });
    expect(user.UserStatus).toBe('CONFIRMED');

    expect((await passwordAuth('margaret', 'short')).AuthenticationResult).toBeTruthy();
    expect((await failure(passwordAuth('margaret', 'not-it')))).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    // The verified email is an alias now.
    expect((await passwordAuth('margaret@example.com', 'short')).AuthenticationResult).toBeTruthy();
    const srp = new SrpClient();
    const challenge = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'margaret', SRP_A: srp.srpA } }));
    const out = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.respond(poolId, 'short', challenge.ChallengeParameters!),
    }));
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(rig.events('UserMigration')).toHaveLength(asked);
  });

  it('a function that knows nobody: UserNotFoundException naming the client, or the hidden answer; nothing is created', async () => {
    rig.handle('UserMigration', (event) => event);
    expect(await failure(passwordAuth('stranger', 'whatever'))).toEqual({
      name: 'UserNotFoundException', message: `Exception migrating user in app client ${clientId}`,
    });
    expect(await failure(passwordAuth('stranger', 'whatever', hidingClientId))).toEqual({
      name: 'NotAuthorizedException', message: 'Incorrect username or password.',
    });
    expect(await failure(t.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'stranger' })))).toEqual({
      name: 'UserNotFoundException', message: `Exception migrating user in app client ${clientId}`,
    });
    const hidden = await t.cognito.send(new ForgotPasswordCommand({ ClientId: hidingClientId, Username: 'stranger' }));
    expect(hidden.CodeDeliveryDetails?.DeliveryMedium).toBeTruthy();
    rig.handle('UserMigration', (event) => ({ ...event, response: { ...event.response, userAttributes: {} } }));
    expect((await failure(passwordAuth('stranger', 'whatever')))?.name).toBe('UserNotFoundException');
    expect(await exists('stranger')).toBe(false);
  });

  it('a failing function or an unusable answer creates nothing', async () => {
    rig.handle('UserMigration', legacyDirectory({ alan: { password: OLD_PASSWORD, attributes: { email: 'alan@example.com' } } }));
    expect(await failure(passwordAuth('alan', 'wrong'))).toEqual({ name: 'UserLambdaValidationException', message: 'UserMigration failed with error Bad password.' });
    rig.handle('UserMigration', (event) => ({ ...event, response: { ...event.response, userAttributes: { email: 'alan@example.com' }, finalUserStatus: 'ARCHIVED' } }));
    expect((await failure(passwordAuth('alan', OLD_PASSWORD)))?.name).toBe('InvalidLambdaResponseException');
    rig.handle('UserMigration', (event) => ({ ...event, response: { ...event.response, userAttributes: { email: 'alan@example.com', age: 42 } } }));
    expect((await failure(passwordAuth('alan', OLD_PASSWORD)))?.name).toBe('InvalidLambdaResponseException');
    rig.handle('UserMigration', (event) => ({ ...event, response: { ...event.response, userAttributes: { email: 'alan@example.com', shoe_size: '44' } } }));
    expect((await failure(passwordAuth('alan', OLD_PASSWORD)))?.name).toBe('InvalidParameterException');
    expect(await exists('alan')).toBe(false);
  });

  it('finalUserStatus RESET_REQUIRED: the sign-in asks for a reset, which the code then completes', async () => {
    rig.handle('UserMigration', legacyDirectory({ barbara: { password: OLD_PASSWORD, attributes: { email: 'barbara@example.com', email_verified: 'true' }, status: 'RESET_REQUIRED' } }));
    expect((await failure(passwordAuth('barbara', OLD_PASSWORD)))?.name).toBe('PasswordResetRequiredException');
    expect((await userOf('barbara')).UserStatus).toBe('RESET_REQUIRED');
    await t.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'barbara' }));
    const code = await t.latestCode(poolId, 'barbara');
    await t.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'barbara', ConfirmationCode: code!, Password: 'New-Passw0rd!' }));
    expect((await passwordAuth('barbara', 'New-Passw0rd!')).AuthenticationResult).toBeTruthy();
  });

  it('ForgotPassword: a user with no verified email or phone is not created; one with is, and resets with the code', async () => {
    rig.handle('UserMigration', legacyDirectory({
      unverified: { password: '', attributes: { email: 'unverified@example.com' } },
      dennis: { password: '', attributes: { email: 'dennis@example.com', email_verified: 'true' } },
    }));
    expect(await failure(t.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'unverified' })))).toEqual({
      name: 'InvalidParameterException', message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
    expect(await exists('unverified')).toBe(false);

    await t.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'dennis' }));
    // No password yet: the user is RESET_REQUIRED, and a sign-in before the reset is told so, as
    // for any user in that status (an imported one, or one an administrator reset).
    const asked = rig.events('UserMigration').length;
    expect((await userOf('dennis')).UserStatus).toBe('RESET_REQUIRED');
    expect((await failure(passwordAuth('dennis', 'anything')))?.name).toBe('PasswordResetRequiredException');
    const code = await t.latestCode(poolId, 'dennis');
    await t.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'dennis', ConfirmationCode: code!, Password: 'New-Passw0rd!' }));
    expect((await passwordAuth('dennis', 'New-Passw0rd!')).AuthenticationResult).toBeTruthy();
    expect((await userOf('dennis')).UserStatus).toBe('CONFIRMED');
    expect(rig.events('UserMigration')).toHaveLength(asked);
  });

  it('an email alias pool cannot take a typed email as the username', async () => {
    rig.handle('UserMigration', legacyDirectory({ 'ken@example.com': { password: OLD_PASSWORD, attributes: { email: 'ken@example.com', email_verified: 'true' } } }));
    expect(await failure(passwordAuth('ken@example.com', OLD_PASSWORD))).toEqual({
      name: 'InvalidParameterException', message: 'Username cannot be of email format since user pool is configured for email alias.',
    });
    expect(await exists('ken@example.com')).toBe(false);
  });

  it('an alias another user holds is AliasExistsException, or moves to the migrated user with forceAliasCreation', async () => {
    await adminCreatedUser(t, poolId, 'holder', 'Holder-Passw0rd!', [{ Name: 'email', Value: 'shared@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    rig.handle('UserMigration', legacyDirectory({
      claimer: { password: OLD_PASSWORD, attributes: { email: 'shared@example.com', email_verified: 'true' } },
      forcer: { password: OLD_PASSWORD, attributes: { email: 'shared@example.com', email_verified: 'true' }, force: true },
    }));
    expect((await failure(passwordAuth('claimer', OLD_PASSWORD)))?.name).toBe('AliasExistsException');
    expect(await exists('claimer')).toBe(false);
    expect((await passwordAuth('forcer', OLD_PASSWORD)).AuthenticationResult).toBeTruthy();
    expect(attributesOf((await userOf('holder')).UserAttributes).email_verified).toBe('false');
    expect((await userOf('shared@example.com')).Username).toBe('forcer');
  });

  it('USER_AUTH: the PASSWORD factor migrates, straight away or after SELECT_CHALLENGE', async () => {
    rig.handle('UserMigration', legacyDirectory({
      frances: { password: OLD_PASSWORD, attributes: { email: 'frances@example.com' } },
      john: { password: OLD_PASSWORD, attributes: { email: 'john@example.com' } },
    }));
    const direct = await t.cognito.send(new InitiateAuthCommand({
      ClientId: userAuthClientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'frances', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: OLD_PASSWORD },
    }));
    expect(direct.AuthenticationResult).toBeTruthy();
    const select = await t.cognito.send(new InitiateAuthCommand({
      ClientId: userAuthClientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'john' }, ClientMetadata: { from: 'initiate' },
    }));
    expect(select.ChallengeName).toBe('SELECT_CHALLENGE');
    const out = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: userAuthClientId, ChallengeName: 'SELECT_CHALLENGE', Session: select.Session,
      ChallengeResponses: { USERNAME: 'john', ANSWER: 'PASSWORD', PASSWORD: OLD_PASSWORD }, ClientMetadata: { from: 'respond' },
    }));
    expect(out.AuthenticationResult).toBeTruthy();
    expect(rig.events('UserMigration').at(-1)!.request).toEqual({ password: OLD_PASSWORD, validationData: { from: 'initiate' }, clientMetadata: { from: 'respond' } });
    expect(await exists('john')).toBe(true);
  });

  it('USER_SRP_AUTH never asks the function: SRP does not show the password', async () => {
    rig.handle('UserMigration', legacyDirectory({ edsger: { password: OLD_PASSWORD, attributes: { email: 'edsger@example.com' } } }));
    const asked = rig.events('UserMigration').length;
    const srp = new SrpClient();
    expect((await failure(t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'edsger', SRP_A: srp.srpA },
    }))))?.name).toBe('UserNotFoundException');
    expect(rig.events('UserMigration')).toHaveLength(asked);
    expect(await exists('edsger')).toBe(false);
  });
});

describe('UserMigration with enableSMSMFA', () => {
  it('turns SMS MFA on for the migrated user, who must then answer an SMS code; without a phone number nothing is created', async () => {
    const rig = await startTriggerRig('webhook', ['UserMigration']);
    const t = await startTestServer({ config: { triggers: rig.config } });
    try {
      const { poolId, clientId } = await t.fixtures.poolWithClient({ LambdaConfig: { UserMigration: rig.arn('UserMigration') } });
      await t.cognito.send(new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId, MfaConfiguration: 'OPTIONAL',
        SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms-mfa' } },
      }));
      const phones: Record<string, Record<string, string>> = {
        ida: { phone_number: '+14155550123', phone_number_verified: 'true' },
        joan: { email: 'joan@example.com' },
      };
      rig.handle('UserMigration', (event) => ({ ...event, response: { ...event.response, userAttributes: phones[event.userName], enableSMSMFA: true } }));
      const signIn = (USERNAME: string) => t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: OLD_PASSWORD } }));
      const challenge = await signIn('ida');
      expect(challenge.ChallengeName).toBe('SMS_MFA');
      const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ida' }));
      expect(user.UserMFASettingList).toEqual(['SMS_MFA']);
      expect((await failure(signIn('joan')))?.name).toBe('InvalidParameterException');
      expect(await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'joan' })).then(() => true, () => false)).toBe(false);
    } finally {
      await t.close();
      await rig.close();
    }
  });
});

describe('UserMigration in a pool whose usernames are emails', () => {
  it('the typed email becomes the email attribute of a new UUID username', async () => {
    const rig = await startTriggerRig('module', ['UserMigration']);
    const t = await startTestServer({ config: { triggers: rig.config } });
    try {
      const { poolId, clientId } = await t.fixtures.poolWithClient({ LambdaConfig: { UserMigration: rig.arn('UserMigration') }, UsernameAttributes: ['email'] });
      rig.handle('UserMigration', legacyDirectory({ 'hedy@example.com': { password: OLD_PASSWORD, attributes: { email: 'hedy@example.com', email_verified: 'true' } } }));
      const out = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'hedy@example.com', PASSWORD: OLD_PASSWORD } }));
      expect(out.AuthenticationResult).toBeTruthy();
      expect(rig.events('UserMigration').at(-1)!.userName).toBe('hedy@example.com');
      const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'hedy@example.com' }));
      expect(user.Username).toMatch(/^[0-9a-f-]{36}$/);
      expect(attributesOf(user.UserAttributes)).toEqual({ sub: user.Username, email: 'hedy@example.com', email_verified: 'true' });
    } finally {
      await t.close();
      await rig.close();
    }
  });
});
