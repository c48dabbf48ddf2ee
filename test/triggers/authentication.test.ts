// PreAuthentication and PostAuthentication through the JSON API: the events member by member under
// each runner (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH, USER_AUTH, an unknown
// name for a client that hides users), and what they do: a refusal stops the sign-in before the
// password and does not count toward the lockout; neither runs on a refresh; PostAuthentication
// runs only once every challenge is answered, with RespondToAuthChallenge's ClientMetadata, and
// a failing one leaves no token and no device behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { eventEnvelope, RUNNER_KINDS, startTriggerRig, type TriggerRig } from '../helpers/triggers.js';
import { SrpClient } from '../helpers/srp-client.js';
import { adminCreatedUser, refresh } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
const ALL_FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH'];

const CUSTOM_AUTH_FUNCTIONS = ['DefineAuthChallenge', 'CreateAuthChallenge', 'VerifyAuthChallengeResponse'];

const failure = (promise: Promise<unknown>) =>
  promise.then(() => undefined, (error: Error) => ({ name: error.name, message: error.message }));

describe.each(RUNNER_KINDS)('PreAuthentication and PostAuthentication events (%s runner)', (kind) => {
  let rig: TriggerRig;
  let t: TestServer;
  let poolId: string;
  let clientId: string;
  let hidingClientId: string;

  beforeAll(async () => {
    rig = await startTriggerRig(kind, ['PreAuthentication', 'PostAuthentication']);
    t = await startTestServer({ config: { triggers: rig.config } });
    ({ poolId, clientId } = await t.fixtures.poolWithClient(
      { LambdaConfig: { PreAuthentication: rig.arn('PreAuthentication'), PostAuthentication: rig.arn('PostAuthentication') } },
      { ExplicitAuthFlows: ALL_FLOWS },
    ));
    ({ clientId: hidingClientId } = await t.fixtures.client(poolId, { ExplicitAuthFlows: ALL_FLOWS, PreventUserExistenceErrors: 'ENABLED' }));
    await adminCreatedUser(t, poolId, 'ada', PASSWORD, [{ Name: 'email', Value: 'ada@example.com' }, { Name: 'email_verified', Value: 'true' }]);
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  const adaAttributes = () => ({ sub: expect.stringMatching(/^[0-9a-f-]{36}$/), email: 'ada@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' });

  it('USER_PASSWORD_AUTH: PreAuthentication gets ClientMetadata as validationData, PostAuthentication gets none of it', async () => {
    const out = await t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ada', PASSWORD }, ClientMetadata: { captcha: 'c-1' },
    }));
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(rig.events('PreAuthentication').at(-1)).toEqual({
      ...eventEnvelope(poolId, clientId, 'PreAuthentication_Authentication', 'ada'),
      request: { userAttributes: adaAttributes(), validationData: { captcha: 'c-1' } },
      response: {},
    });
    expect(rig.events('PostAuthentication').at(-1)).toEqual({
      ...eventEnvelope(poolId, clientId, 'PostAuthentication_Authentication', 'ada'),
      request: { userAttributes: adaAttributes(), newDeviceUsed: false },
      response: {},
    });
    expect(rig.rejected).toEqual([]);
  });

  it('ADMIN_USER_PASSWORD_AUTH without ClientMetadata: validationData is null', async () => {
    await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ada', PASSWORD },
    }));
    expect(rig.events('PreAuthentication').at(-1)).toEqual({
      ...eventEnvelope(poolId, clientId, 'PreAuthentication_Authentication', 'ada'),
      request: { userAttributes: adaAttributes(), validationData: null },
      response: {},
    });
  });

  it('USER_SRP_AUTH: PreAuthentication at InitiateAuth, PostAuthentication after the proof with RespondToAuthChallenge\'s ClientMetadata', async () => {
    const pre = rig.events('PreAuthentication').length;
    const post = rig.events('PostAuthentication').length;
    const srp = new SrpClient();
    const challenge = await t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ada', SRP_A: srp.srpA }, ClientMetadata: { step: 'initiate' },
    }));
    expect(challenge.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(rig.events('PreAuthentication')).toHaveLength(pre + 1);
    expect(rig.events('PreAuthentication').at(-1)!.request).toEqual({ userAttributes: adaAttributes(), validationData: { step: 'initiate' } });
    expect(rig.events('PostAuthentication')).toHaveLength(post);
    const out = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.respond(poolId, PASSWORD, challenge.ChallengeParameters!),
      ClientMetadata: { step: 'respond' },
    }));
    expect(out.AuthenticationResult?.IdToken).toBeTruthy();
    expect(rig.events('PreAuthentication')).toHaveLength(pre + 1);
    expect(rig.events('PostAuthentication').at(-1)).toEqual({
      ...eventEnvelope(poolId, clientId, 'PostAuthentication_Authentication', 'ada'),
      request: { userAttributes: adaAttributes(), newDeviceUsed: false, clientMetadata: { step: 'respond' } },
      response: {},
    });
  });

  it('a client that hides users: userNotFound is set, and an unknown name reaches PreAuthentication as typed', async () => {
    await t.cognito.send(new InitiateAuthCommand({ ClientId: hidingClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ada', PASSWORD } }));
    expect(rig.events('PreAuthentication').at(-1)).toEqual({
      ...eventEnvelope(poolId, hidingClientId, 'PreAuthentication_Authentication', 'ada'),
      request: { userAttributes: adaAttributes(), userNotFound: false, validationData: null },
      response: {},
    });
    const refused = await failure(t.cognito.send(new InitiateAuthCommand({
      ClientId: hidingClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'Nobody-Here', PASSWORD }, ClientMetadata: { a: 'b' },
    })));
    expect(refused).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(rig.events('PreAuthentication').at(-1)).toEqual({
      ...eventEnvelope(poolId, hidingClientId, 'PreAuthentication_Authentication', 'Nobody-Here'),
      request: { userAttributes: {}, userNotFound: true, validationData: { a: 'b' } },
      response: {},
    });
  });
});

describe('PreAuthentication and PostAuthentication behaviour', () => {
  let rig: TriggerRig;
  let t: TestServer;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    rig = await startTriggerRig('webhook', ['PreAuthentication', 'PostAuthentication', ...CUSTOM_AUTH_FUNCTIONS]);
    t = await startTestServer({ config: { triggers: rig.config } });
    ({ poolId, clientId } = await t.fixtures.poolWithClient(
      { LambdaConfig: { PreAuthentication: rig.arn('PreAuthentication'), PostAuthentication: rig.arn('PostAuthentication') } },
      { ExplicitAuthFlows: ALL_FLOWS },
    ));
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  const passwordAuth = (USERNAME: string, PASSWORD_: string, client = clientId) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: client, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: PASSWORD_ } }));

  it('a refusing PreAuthentication stops the sign-in before the password, and its refusals do not count toward the lockout', async () => {
    await adminCreatedUser(t, poolId, 'refused', PASSWORD);
    const post = rig.events('PostAuthentication').length;
    rig.handle('PreAuthentication', (event) => {
      if (event.userName === 'refused') throw new Error('Sign-in is closed for you.');
      return event;
    });
    try {
      expect(await failure(passwordAuth('refused', PASSWORD))).toEqual({
        name: 'UserLambdaValidationException', message: 'PreAuthentication failed with error Sign-in is closed for you..',
      });
      // Six refused attempts with a wrong password: none is a wrong password as far as the lockout goes.
      for (let i = 0; i < 6; i++) {
        expect((await failure(passwordAuth('refused', 'Wrong-pass1')))?.name).toBe('UserLambdaValidationException');
      }
      expect(rig.events('PostAuthentication')).toHaveLength(post);
    } finally {
      rig.handle('PreAuthentication', (event) => event);
    }
    const out = await passwordAuth('refused', PASSWORD);
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('an unknown name does not reach PreAuthentication for a client that does not hide users', async () => {
    const pre = rig.events('PreAuthentication').length;
    expect(await failure(passwordAuth('never-created', PASSWORD))).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.' });
    const srp = new SrpClient();
    expect((await failure(t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'never-created', SRP_A: srp.srpA },
    }))))?.name).toBe('UserNotFoundException');
    expect(rig.events('PreAuthentication')).toHaveLength(pre);
  });

  it('a wrong password is refused after PreAuthentication and before PostAuthentication', async () => {
    await adminCreatedUser(t, poolId, 'wrong-pass', PASSWORD);
    const pre = rig.events('PreAuthentication').length;
    const post = rig.events('PostAuthentication').length;
    expect((await failure(passwordAuth('wrong-pass', 'Wrong-pass1')))?.name).toBe('NotAuthorizedException');
    expect(rig.events('PreAuthentication')).toHaveLength(pre + 1);
    expect(rig.events('PostAuthentication')).toHaveLength(post);
  });

  it('neither runs on a refresh', async () => {
    await adminCreatedUser(t, poolId, 'refresher', PASSWORD);
    const signedIn = await passwordAuth('refresher', PASSWORD);
    const pre = rig.events('PreAuthentication').length;
    const post = rig.events('PostAuthentication').length;
    const refreshed = await refresh(t, { poolId, clientId }, 'refresher', signedIn.AuthenticationResult!.RefreshToken!);
    expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(rig.events('PreAuthentication')).toHaveLength(pre);
    expect(rig.events('PostAuthentication')).toHaveLength(post);
  });

  it('NEW_PASSWORD_REQUIRED: PostAuthentication runs only once the new password is set, with that answer\'s ClientMetadata', async () => {
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'newcomer', TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS' }));
    const post = rig.events('PostAuthentication').length;
    const challenge = await passwordAuth('newcomer', 'Temp-Passw0rd!');
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(rig.events('PreAuthentication').at(-1)!.request.userAttributes['cognito:user_status']).toBe('FORCE_CHANGE_PASSWORD');
    expect(rig.events('PostAuthentication')).toHaveLength(post);
    const out = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'newcomer', NEW_PASSWORD: PASSWORD }, ClientMetadata: { via: 'new-password' },
    }));
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(rig.events('PostAuthentication')).toHaveLength(post + 1);
    expect(rig.events('PostAuthentication').at(-1)).toEqual({
      ...eventEnvelope(poolId, clientId, 'PostAuthentication_Authentication', 'newcomer'),
      request: {
        userAttributes: { sub: expect.any(String), 'cognito:user_status': 'CONFIRMED' },
        newDeviceUsed: false,
        clientMetadata: { via: 'new-password' },
      },
      response: {},
    });
  });

  it('USER_AUTH: the password factor runs PreAuthentication, also after SELECT_CHALLENGE with InitiateAuth\'s ClientMetadata', async () => {
    await adminCreatedUser(t, poolId, 'chooser', PASSWORD);
    const direct = await t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'chooser', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }, ClientMetadata: { how: 'preferred' },
    }));
    expect(direct.AuthenticationResult).toBeTruthy();
    expect(rig.events('PreAuthentication').at(-1)!.request).toEqual({ userAttributes: expect.any(Object), validationData: { how: 'preferred' } });

    const pre = rig.events('PreAuthentication').length;
    const select = await t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'chooser' }, ClientMetadata: { how: 'selected' },
    }));
    expect(select.ChallengeName).toBe('SELECT_CHALLENGE');
    const out = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'SELECT_CHALLENGE', Session: select.Session,
      ChallengeResponses: { USERNAME: 'chooser', ANSWER: 'PASSWORD', PASSWORD }, ClientMetadata: { answer: 'password' },
    }));
    expect(out.AuthenticationResult).toBeTruthy();
    expect(rig.events('PreAuthentication')).toHaveLength(pre + 1);
    expect(rig.events('PreAuthentication').at(-1)!.request.validationData).toEqual({ how: 'selected' });
    expect(rig.events('PostAuthentication').at(-1)!.request.clientMetadata).toEqual({ answer: 'password' });
  });

  it('a failing PostAuthentication fails the sign-in: no tokens, no new device; newDeviceUsed where the pool remembers devices', async () => {
    const devices = await t.fixtures.poolWithClient(
      { LambdaConfig: { PostAuthentication: rig.arn('PostAuthentication') }, DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true } },
    );
    await adminCreatedUser(t, devices.poolId, 'device-user', PASSWORD);
    // What the sign-in writes once it mints: a refresh token and a (not yet confirmed) device.
    const { store } = t.server.deps;
    const written: string[] = [];
    const insertToken = store.refreshTokens.insert;
    const insertDevice = store.devices.insert;
    store.refreshTokens.insert = (token) => (written.push('refresh token'), insertToken(token));
    store.devices.insert = (device) => (written.push('device'), insertDevice(device));
    rig.handle('PostAuthentication', () => {
      throw new Error('Audit log unavailable');
    });
    try {
      expect(await failure(passwordAuth('device-user', PASSWORD, devices.clientId))).toEqual({
        name: 'UserLambdaValidationException', message: 'PostAuthentication failed with error Audit log unavailable.',
      });
      expect(rig.events('PostAuthentication').at(-1)!.request.newDeviceUsed).toBe(true);
      expect(written).toEqual([]);
      rig.handle('PostAuthentication', (event) => event);
      const out = await passwordAuth('device-user', PASSWORD, devices.clientId);
      expect(out.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).toBeTruthy();
      expect(written).toEqual(expect.arrayContaining(['refresh token', 'device']));
    } finally {
      store.refreshTokens.insert = insertToken;
      store.devices.insert = insertDevice;
      rig.handle('PostAuthentication', (event) => event);
    }
  });
  it('CUSTOM_AUTH: PostAuthentication once Define issues the tokens, with the answer\'s ClientMetadata; never PreAuthentication', async () => {
    const custom = await t.fixtures.poolWithClient(
      { LambdaConfig: Object.fromEntries(['PreAuthentication', 'PostAuthentication', ...CUSTOM_AUTH_FUNCTIONS].map((name) => [name, rig.arn(name)])) },
      { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    );
    await adminCreatedUser(t, custom.poolId, 'riddler', PASSWORD);
    rig.handle('DefineAuthChallenge', (event) => {
      const solved = event.request.session.at(-1)?.challengeResult === true;
      return { ...event, response: solved ? { challengeName: null, issueTokens: true, failAuthentication: false } : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false } };
    });
    rig.handle('CreateAuthChallenge', (event) => ({ ...event, response: { publicChallengeParameters: { question: '2+2' }, privateChallengeParameters: { answer: '4' }, challengeMetadata: 'MATH' } }));
    rig.handle('VerifyAuthChallengeResponse', (event) => ({ ...event, response: { answerCorrect: event.request.challengeAnswer === '4' } }));
    const pre = rig.events('PreAuthentication').length;
    const post = rig.events('PostAuthentication').length;
    const challenge = await t.cognito.send(new InitiateAuthCommand({ ClientId: custom.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'riddler' } }));
    expect(challenge.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(rig.events('PostAuthentication')).toHaveLength(post);
    const out = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: custom.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'riddler', ANSWER: '4' }, ClientMetadata: { via: 'custom' },
    }));
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(rig.events('PreAuthentication')).toHaveLength(pre);
    expect(rig.events('PostAuthentication')).toHaveLength(post + 1);
    expect(rig.events('PostAuthentication').at(-1)).toEqual({
      ...eventEnvelope(custom.poolId, custom.clientId, 'PostAuthentication_Authentication', 'riddler'),
      request: { userAttributes: { sub: expect.any(String), 'cognito:user_status': 'CONFIRMED' }, newDeviceUsed: false, clientMetadata: { via: 'custom' } },
      response: {},
    });
  });
});
