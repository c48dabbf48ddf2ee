// PreSignUp and PostConfirmation through the API: the event each source sends, member by member
// under the three runners, then what the answers change (auto-confirm, auto-verify, aliases that
// move) and what a failing function leaves behind (nothing, and codes still live).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  SignUpCommand,
  type CreateUserPoolCommandInput,
  type SignUpCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { RUNNER_KINDS, startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { errorOf } from '../helpers/errors.js';

const PASSWORD = 'Passw0rd!';
const NEW_PASSWORD = 'N3w-Passw0rd!';
const TRIGGERS = ['PreSignUp', 'PostConfirmation'];


const answer = (changes: Record<string, unknown>) => (event: Event) => ({ ...event, response: { ...event.response, ...changes } });

/** The API calls the tests repeat, on the setup's pool. */
function helpers(t: TestServer, ids: () => { poolId: string; clientId: string }) {
  const signUp = (Username: string, extra: Partial<SignUpCommandInput> = {}) =>
    t.cognito.send(new SignUpCommand({ ClientId: ids().clientId, Username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }], ...extra }));
  const getUser = (Username: string) => t.cognito.send(new AdminGetUserCommand({ UserPoolId: ids().poolId, Username }));
  const attribute = async (Username: string, name: string) => (await getUser(Username)).UserAttributes?.find((a) => a.Name === name)?.Value;
  const exists = (Username: string) => getUser(Username).then(() => true, () => false);
  const signIn = (USERNAME: string, PASSWORD_: string) =>
    t.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: ids().poolId, ClientId: ids().clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: PASSWORD_ } }));
  return { signUp, getUser, attribute, exists, signIn };
}

interface Setup {
  rig: TriggerRig;
  t: TestServer;
  poolId: string;
  clientId: string;
  api: ReturnType<typeof helpers>;
}

/**
 * For the enclosing describe: a rig of `kind`, a server running it, and a pool (`pool` merged in)
 * whose PreSignUp and PostConfirmation are the rig's. Read the members inside tests.
 */
function useSetup(kind: (typeof RUNNER_KINDS)[number], pool: Partial<CreateUserPoolCommandInput>): Setup {
  const setup = {} as Setup;
  beforeAll(async () => {
    setup.rig = await startTriggerRig(kind, TRIGGERS);
    setup.t = await startTestServer({ config: { triggers: setup.rig.config } });
    const LambdaConfig = { PreSignUp: setup.rig.arn('PreSignUp'), PostConfirmation: setup.rig.arn('PostConfirmation') };
    ({ poolId: setup.poolId, clientId: setup.clientId } = await setup.t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'], LambdaConfig, ...pool }));
    setup.api = helpers(setup.t, () => setup);
  });
  afterAll(async () => {
    await setup.t?.close();
    await setup.rig?.close();
  });
  return setup;
}

describe.each(RUNNER_KINDS)('sign-up trigger events, %s runner', (kind) => {
  const setup = useSetup(kind, {});

  const envelope = (triggerSource: string, userName: string, caller = setup.clientId) => ({
    version: '1',
    triggerSource,
    region: 'us-east-1',
    userPoolId: setup.poolId,
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: caller },
  });

  it('PreSignUp_SignUp without ValidationData or ClientMetadata: validationData null, no clientMetadata, only the given attributes', async () => {
    setup.rig.handle('PreSignUp', (event) => event);
    await setup.api.signUp('ev-plain', { UserAttributes: [{ Name: 'email', Value: 'ev-plain@example.com' }, { Name: 'name', Value: 'Ev Plain' }] });
    expect(setup.rig.events('PreSignUp').at(-1)).toEqual({
      ...envelope('PreSignUp_SignUp', 'ev-plain'),
      request: { userAttributes: { email: 'ev-plain@example.com', name: 'Ev Plain' }, validationData: null },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
  });

  it('PreSignUp_AdminCreateUser: ValidationData and ClientMetadata passed, no app client, and the flags change nothing', async () => {
    setup.rig.handle('PreSignUp', answer({ autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: true }));
    await setup.t.cognito.send(new AdminCreateUserCommand({
      UserPoolId: setup.poolId, Username: 'ev-admin', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'ev-admin@example.com' }],
      ValidationData: [{ Name: 'invite', Value: 'x-7' }],
      ClientMetadata: { source: 'back-office' },
    }));
    expect(setup.rig.events('PreSignUp').at(-1)).toEqual({
      ...envelope('PreSignUp_AdminCreateUser', 'ev-admin', 'CLIENT_ID_NOT_APPLICABLE'),
      request: { userAttributes: { email: 'ev-admin@example.com' }, validationData: { invite: 'x-7' }, clientMetadata: { source: 'back-office' } },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    const user = await setup.api.getUser('ev-admin');
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(user.UserAttributes?.find((a) => a.Name === 'email_verified')).toBeUndefined();
    expect(setup.rig.events('PostConfirmation').filter((e) => e.userName === 'ev-admin')).toEqual([]);
  });

  it('PostConfirmation_ConfirmSignUp from ConfirmSignUp: the confirmed user\'s attributes and the ClientMetadata', async () => {
    setup.rig.handle('PreSignUp', (event) => event);
    const { UserSub } = await setup.api.signUp('ev-confirm');
    const code = await setup.t.latestCode(setup.poolId, 'ev-confirm');
    await setup.t.cognito.send(new ConfirmSignUpCommand({ ClientId: setup.clientId, Username: 'ev-confirm', ConfirmationCode: code!, ClientMetadata: { step: 'confirm' } }));
    expect(setup.rig.events('PostConfirmation').at(-1)).toEqual({
      ...envelope('PostConfirmation_ConfirmSignUp', 'ev-confirm'),
      request: {
        userAttributes: { sub: UserSub, email: 'ev-confirm@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
        clientMetadata: { step: 'confirm' },
      },
      response: {},
    });
  });

  it('PostConfirmation_ConfirmSignUp from AdminConfirmSignUp: no app client; without ClientMetadata, no clientMetadata', async () => {
    const { UserSub } = await setup.api.signUp('ev-admin-confirm');
    await setup.t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: setup.poolId, Username: 'ev-admin-confirm' }));
    expect(setup.rig.events('PostConfirmation').at(-1)).toEqual({
      ...envelope('PostConfirmation_ConfirmSignUp', 'ev-admin-confirm', 'CLIENT_ID_NOT_APPLICABLE'),
      request: { userAttributes: { sub: UserSub, email: 'ev-admin-confirm@example.com', 'cognito:user_status': 'CONFIRMED' } },
      response: {},
    });
    await setup.api.signUp('ev-admin-confirm-2');
    await setup.t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: setup.poolId, Username: 'ev-admin-confirm-2', ClientMetadata: { by: 'admin' } }));
    expect(setup.rig.events('PostConfirmation').at(-1)?.request.clientMetadata).toEqual({ by: 'admin' });
  });

  it('PostConfirmation_ConfirmSignUp when PreSignUp auto-confirms: at sign-up, with the SignUp ClientMetadata', async () => {
    setup.rig.handle('PreSignUp', answer({ autoConfirmUser: true, autoVerifyEmail: true }));
    const out = await setup.api.signUp('ev-auto', { ClientMetadata: { campaign: 'spring' } });
    expect(setup.rig.events('PreSignUp').at(-1)?.request.clientMetadata).toEqual({ campaign: 'spring' });
    expect(setup.rig.events('PostConfirmation').at(-1)).toEqual({
      ...envelope('PostConfirmation_ConfirmSignUp', 'ev-auto'),
      request: {
        userAttributes: { sub: out.UserSub, email: 'ev-auto@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
        clientMetadata: { campaign: 'spring' },
      },
      response: {},
    });
  });

  it('PostConfirmation_ConfirmForgotPassword from ConfirmForgotPassword', async () => {
    setup.rig.handle('PreSignUp', answer({ autoConfirmUser: true, autoVerifyEmail: true }));
    const { UserSub } = await setup.api.signUp('ev-reset');
    await setup.t.cognito.send(new ForgotPasswordCommand({ ClientId: setup.clientId, Username: 'ev-reset' }));
    const code = await setup.t.latestCode(setup.poolId, 'ev-reset');
    await setup.t.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: setup.clientId, Username: 'ev-reset', ConfirmationCode: code!, Password: NEW_PASSWORD, ClientMetadata: { via: 'reset' } }));
    expect(setup.rig.events('PostConfirmation').at(-1)).toEqual({
      ...envelope('PostConfirmation_ConfirmForgotPassword', 'ev-reset'),
      request: {
        userAttributes: { sub: UserSub, email: 'ev-reset@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
        clientMetadata: { via: 'reset' },
      },
      response: {},
    });
    expect(setup.rig.rejected).toEqual([]);
  });
});

describe('what PreSignUp\'s answer changes', () => {
  const setup = useSetup('module', { AliasAttributes: ['email', 'phone_number'] });

  it('autoConfirmUser: SignUp answers UserConfirmed and no CodeDeliveryDetails, no code goes out, the user signs in at once', async () => {
    setup.rig.handle('PreSignUp', answer({ autoConfirmUser: true }));
    const out = await setup.api.signUp('auto-confirmed');
    expect(out.UserConfirmed).toBe(true);
    expect(out.CodeDeliveryDetails).toBeUndefined();
    expect(await setup.t.latestCode(setup.poolId, 'auto-confirmed')).toBeUndefined();
    expect((await setup.api.getUser('auto-confirmed')).UserStatus).toBe('CONFIRMED');
    // Not auto-verified: the email stays unverified (and so is no alias).
    expect(await setup.api.attribute('auto-confirmed', 'email_verified')).not.toBe('true');
    expect((await setup.api.signIn('auto-confirmed', PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('autoVerifyEmail without autoConfirmUser: the email is verified, the user still confirms with the code sent', async () => {
    setup.rig.handle('PreSignUp', answer({ autoVerifyEmail: true }));
    const out = await setup.api.signUp('auto-verified');
    expect(out.UserConfirmed).toBe(false);
    expect(out.CodeDeliveryDetails).toEqual({ Destination: expect.any(String), DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(await setup.api.attribute('auto-verified', 'email_verified')).toBe('true');
    expect((await setup.api.getUser('auto-verified')).UserStatus).toBe('UNCONFIRMED');
    // A verified email is an alias: the user is found by it.
    expect((await setup.api.getUser('auto-verified@example.com')).Username).toBe('auto-verified');
  });

  it('autoVerifyPhone for a user without a phone number fails the sign-up, and nothing is written', async () => {
    setup.rig.handle('PreSignUp', answer({ autoConfirmUser: true, autoVerifyPhone: true }));
    expect((await errorOf(setup.api.signUp('no-phone'))).name).toBe('InvalidParameterException');
    expect(await setup.api.exists('no-phone')).toBe(false);
  });

  it('an auto-verified email another user holds as an alias moves to the new user; the old one\'s becomes unverified', async () => {
    setup.rig.handle('PreSignUp', answer({ autoConfirmUser: true, autoVerifyEmail: true }));
    await setup.api.signUp('alias-first', { UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }] });
    expect((await setup.api.getUser('shared@example.com')).Username).toBe('alias-first');
    await setup.api.signUp('alias-second', { UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }] });
    expect((await setup.api.getUser('shared@example.com')).Username).toBe('alias-second');
    expect(await setup.api.attribute('alias-first', 'email_verified')).toBe('false');
    expect(await setup.api.attribute('alias-first', 'email')).toBe('shared@example.com');
    expect((await setup.api.signIn('shared@example.com', PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('a refusal of AdminCreateUser is UserLambdaValidationException and creates nobody', async () => {
    setup.rig.handle('PreSignUp', (event) => {
      if (event.triggerSource === 'PreSignUp_AdminCreateUser') throw new Error('Invitations are closed');
      return event;
    });
    const error = await errorOf(setup.t.cognito.send(new AdminCreateUserCommand({ UserPoolId: setup.poolId, Username: 'refused-admin', MessageAction: 'SUPPRESS' })));
    expect(error).toEqual({ name: 'UserLambdaValidationException', message: 'PreSignUp failed with error Invitations are closed.' });
    expect(await setup.api.exists('refused-admin')).toBe(false);
  });
});

describe('a failing PostConfirmation', () => {
  const setup = useSetup('module', { AliasAttributes: ['email'] });
  const fail = () => {
    throw new Error('Profile store unavailable');
  };
  const FAILED = { name: 'UserLambdaValidationException', message: 'PostConfirmation failed with error Profile store unavailable.' };

  it('fails ConfirmSignUp and leaves the user unconfirmed, with the same code still good', async () => {
    setup.rig.handle('PreSignUp', (event) => event);
    setup.rig.handle('PostConfirmation', fail);
    await setup.api.signUp('pc-confirm');
    const code = (await setup.t.latestCode(setup.poolId, 'pc-confirm'))!;
    const confirm = () => setup.t.cognito.send(new ConfirmSignUpCommand({ ClientId: setup.clientId, Username: 'pc-confirm', ConfirmationCode: code }));
    expect(await errorOf(confirm())).toEqual(FAILED);
    expect((await setup.api.getUser('pc-confirm')).UserStatus).toBe('UNCONFIRMED');
    expect(await setup.api.attribute('pc-confirm', 'email_verified')).not.toBe('true');
    setup.rig.handle('PostConfirmation', (event) => event);
    await confirm();
    expect((await setup.api.getUser('pc-confirm')).UserStatus).toBe('CONFIRMED');
    expect(await setup.api.attribute('pc-confirm', 'email_verified')).toBe('true');
  });

  it('fails AdminConfirmSignUp and leaves the user unconfirmed', async () => {
    setup.rig.handle('PreSignUp', (event) => event);
    setup.rig.handle('PostConfirmation', fail);
    await setup.api.signUp('pc-admin');
    expect(await errorOf(setup.t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: setup.poolId, Username: 'pc-admin' })))).toEqual(FAILED);
    expect((await setup.api.getUser('pc-admin')).UserStatus).toBe('UNCONFIRMED');
  });

  it('fails an auto-confirmed SignUp and removes the new user, giving a moved alias back', async () => {
    setup.rig.handle('PreSignUp', answer({ autoConfirmUser: true, autoVerifyEmail: true }));
    setup.rig.handle('PostConfirmation', (event) => event);
    await setup.api.signUp('pc-holder', { UserAttributes: [{ Name: 'email', Value: 'pc-shared@example.com' }] });
    setup.rig.handle('PostConfirmation', fail);
    expect(await errorOf(setup.api.signUp('pc-auto', { UserAttributes: [{ Name: 'email', Value: 'pc-shared@example.com' }] }))).toEqual(FAILED);
    expect(await setup.api.exists('pc-auto')).toBe(false);
    expect((await setup.api.getUser('pc-shared@example.com')).Username).toBe('pc-holder');
    expect(await setup.api.attribute('pc-holder', 'email_verified')).toBe('true');
    // The username is free again.
    setup.rig.handle('PostConfirmation', (event) => event);
    expect((await setup.api.signUp('pc-auto')).UserConfirmed).toBe(true);
  });

  it('fails ConfirmForgotPassword: the old password still works and the code is still good', async () => {
    setup.rig.handle('PreSignUp', answer({ autoConfirmUser: true, autoVerifyEmail: true }));
    setup.rig.handle('PostConfirmation', (event) => event);
    await setup.api.signUp('pc-reset');
    await setup.t.cognito.send(new ForgotPasswordCommand({ ClientId: setup.clientId, Username: 'pc-reset' }));
    const code = (await setup.t.latestCode(setup.poolId, 'pc-reset'))!;
    const reset = () => setup.t.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: setup.clientId, Username: 'pc-reset', ConfirmationCode: code, Password: NEW_PASSWORD }));
    setup.rig.handle('PostConfirmation', fail);
    expect(await errorOf(reset())).toEqual(FAILED);
    expect((await setup.api.signIn('pc-reset', PASSWORD)).AuthenticationResult).toBeTruthy();
    setup.rig.handle('PostConfirmation', (event) => event);
    await reset();
    expect((await errorOf(setup.api.signIn('pc-reset', PASSWORD))).name).toBe('NotAuthorizedException');
    expect((await setup.api.signIn('pc-reset', NEW_PASSWORD)).AuthenticationResult).toBeTruthy();
  });

  it('does not run for a user who finishes NEW_PASSWORD_REQUIRED (only sign-ups are confirmed)', async () => {
    setup.rig.handle('PreSignUp', (event) => event);
    setup.rig.handle('PostConfirmation', fail);
    await setup.t.cognito.send(new AdminCreateUserCommand({ UserPoolId: setup.poolId, Username: 'pc-invited', TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS' }));
    const before = setup.rig.events('PostConfirmation').length;
    const challenge = await setup.api.signIn('pc-invited', PASSWORD);
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const done = await setup.t.cognito.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: setup.poolId, ClientId: setup.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'pc-invited', NEW_PASSWORD },
    }));
    expect(done.AuthenticationResult).toBeTruthy();
    expect(setup.rig.events('PostConfirmation').length).toBe(before);
  });
});

describe('ConfirmSignUp of an email another user holds as an alias', () => {
  const setup = useSetup('module', { AliasAttributes: ['email'] });

  it('is AliasExistsException before PostConfirmation runs, spending nothing; ForceAliasCreation moves the alias', async () => {
    setup.rig.handle('PreSignUp', answer({ autoConfirmUser: true, autoVerifyEmail: true }));
    setup.rig.handle('PostConfirmation', (event) => event);
    await setup.api.signUp('al-holder', { UserAttributes: [{ Name: 'email', Value: 'al@example.com' }] });
    setup.rig.handle('PreSignUp', (event) => event);
    await setup.api.signUp('al-new', { UserAttributes: [{ Name: 'email', Value: 'al@example.com' }] });
    const code = (await setup.t.latestCode(setup.poolId, 'al-new'))!;
    const confirm = (ForceAliasCreation?: boolean) =>
      setup.t.cognito.send(new ConfirmSignUpCommand({ ClientId: setup.clientId, Username: 'al-new', ConfirmationCode: code, ForceAliasCreation }));
    const runs = setup.rig.events('PostConfirmation').length;

    expect((await errorOf(confirm())).name).toBe('AliasExistsException');
    expect(setup.rig.events('PostConfirmation').length).toBe(runs);
    expect((await setup.api.getUser('al-new')).UserStatus).toBe('UNCONFIRMED');

    await confirm(true);
    expect(setup.rig.events('PostConfirmation').length).toBe(runs + 1);
    expect((await setup.api.getUser('al@example.com')).Username).toBe('al-new');
    expect(await setup.api.attribute('al-holder', 'email_verified')).toBe('false');
  });
});
