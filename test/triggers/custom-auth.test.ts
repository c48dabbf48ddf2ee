// CUSTOM_AUTH with DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse: the
// three events member by member under every runner (with and without the SRP step), then the flow's
// rules: failAuthentication, wrong-answer rounds, single-use and expiring Sessions, the round limit,
// unknown users, missing or failing functions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AssociateSoftwareTokenCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
  AdminUpdateUserAttributesCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type ExplicitAuthFlowsType,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { RUNNER_KINDS, startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { confirmedUser, type AppClient } from '../helpers/users.js';
import { claimsOf } from '../helpers/tokens.js';
import { SrpClient, srpTimestamp } from '../helpers/srp-client.js';
import { totp } from '../helpers/totp.js';

const PASSWORD = 'Passw0rd!';
const FUNCTIONS = ['DefineAuthChallenge', 'CreateAuthChallenge', 'VerifyAuthChallengeResponse'];
const CUSTOM_FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/** The error a call fails with, as a client sees it. */
const errorOf = (promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> => promise.then(
  () => { throw new Error('expected the call to fail'); },
  (e) => ({ name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }),
);

/** "What is 2+2": one custom challenge, tokens once it is answered right, refused after three wrong answers. */
function mathChallenge(rig: TriggerRig): void {
  rig.handle('DefineAuthChallenge', (event) => {
    const session: Event[] = event.request.session;
    const last = session.at(-1);
    const response =
      session.length === 1 && last!.challengeName === 'SRP_A' ? { challengeName: 'PASSWORD_VERIFIER', issueTokens: false, failAuthentication: false }
        : last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult ? { challengeName: null, issueTokens: true, failAuthentication: false }
          : session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length >= 3 ? { challengeName: null, issueTokens: false, failAuthentication: true }
            : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false };
    return { ...event, response };
  });
  rig.handle('CreateAuthChallenge', (event) => ({
    ...event,
    response: { publicChallengeParameters: { question: 'what is 2+2' }, privateChallengeParameters: { answer: '4' }, challengeMetadata: `MATH-${event.request.session.length}` },
  }));
  rig.handle('VerifyAuthChallengeResponse', (event) => ({
    ...event,
    response: { answerCorrect: event.request.challengeAnswer === event.request.privateChallengeParameters.answer },
  }));
}

async function triggerAttributes(t: TestServer, poolId: string, username: string): Promise<Record<string, string>> {
  const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return { ...Object.fromEntries(user.UserAttributes!.map((a) => [a.Name!, a.Value!])), 'cognito:user_status': user.UserStatus! };
}

describe.each(RUNNER_KINDS)('CUSTOM_AUTH events with a %s trigger', (kind) => {
  let rig: TriggerRig;
  let t: TestServer;
  let client: AppClient;

  beforeAll(async () => {
    rig = await startTriggerRig(kind, FUNCTIONS);
    t = await startTestServer({ config: { triggers: rig.config } });
    client = await t.fixtures.poolWithClient(
      { LambdaConfig: Object.fromEntries(FUNCTIONS.map((name) => [name, rig.arn(name)])) },
      { ExplicitAuthFlows: CUSTOM_FLOWS },
    );
    await confirmedUser(t, client, 'ana', PASSWORD, { email: 'ana@example.com' });
    mathChallenge(rig);
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  const envelope = (triggerSource: string) => ({
    version: '1', triggerSource, region: 'us-east-1', userPoolId: client.poolId, userName: 'ana',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client.clientId },
  });
  const defineResponse = { challengeName: null, issueTokens: null, failAuthentication: null };
  const createResponse = { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null };

  it('CUSTOM_WITHOUT_SRP: Define, Create and Verify receive Cognito\'s events, and the session grows round by round', async () => {
    const before = FUNCTIONS.map((name) => rig.events(name).length);
    const userAttributes = await triggerAttributes(t, client.poolId, 'ana');
    const first = await t.cognito.send(new InitiateAuthCommand({
      ClientId: client.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ana' }, ClientMetadata: { initiate: 'not-for-these-triggers' },
    }));
    expect(first.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(first.ChallengeParameters).toEqual({ question: 'what is 2+2', USERNAME: 'ana' });
    expect(first.Session).toEqual(expect.any(String));

    const wrong = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: client.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: first.Session,
      ChallengeResponses: { USERNAME: 'ana', ANSWER: '5' }, ClientMetadata: { app: 'web' },
    }));
    expect(wrong.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(wrong.Session).not.toBe(first.Session);
    const done = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: client.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: wrong.Session,
      ChallengeResponses: { USERNAME: 'ana', ANSWER: '4' }, ClientMetadata: { app: 'web' },
    }));
    expect(claimsOf(done.AuthenticationResult!.AccessToken!)).toMatchObject({ username: 'ana', client_id: client.clientId });

    const [defines, creates, verifies] = FUNCTIONS.map((name, i) => rig.events(name).slice(before[i]));
    const round1 = { challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'MATH-0' };
    const round2 = { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'MATH-1' };
    expect(defines).toEqual([
      { ...envelope('DefineAuthChallenge_Authentication'), request: { userAttributes, session: [] }, response: defineResponse },
      { ...envelope('DefineAuthChallenge_Authentication'), request: { userAttributes, session: [round1], clientMetadata: { app: 'web' } }, response: defineResponse },
      { ...envelope('DefineAuthChallenge_Authentication'), request: { userAttributes, session: [round1, round2], clientMetadata: { app: 'web' } }, response: defineResponse },
    ]);
    expect(creates).toEqual([
      { ...envelope('CreateAuthChallenge_Authentication'), request: { userAttributes, challengeName: 'CUSTOM_CHALLENGE', session: [] }, response: createResponse },
      {
        ...envelope('CreateAuthChallenge_Authentication'),
        request: { userAttributes, challengeName: 'CUSTOM_CHALLENGE', session: [round1], clientMetadata: { app: 'web' } },
        response: createResponse,
      },
    ]);
    expect(verifies).toEqual(['5', '4'].map((challengeAnswer) => ({
      ...envelope('VerifyAuthChallengeResponse_Authentication'),
      request: { userAttributes, privateChallengeParameters: { answer: '4' }, challengeAnswer, clientMetadata: { app: 'web' } },
      response: { answerCorrect: null },
    })));
    expect(rig.rejected).toEqual([]);
  });

  it('CUSTOM_WITH_SRP: Define sees [SRP_A], answers PASSWORD_VERIFIER without Create, then sees [SRP_A, PASSWORD_VERIFIER]', async () => {
    const before = FUNCTIONS.map((name) => rig.events(name).length);
    const userAttributes = await triggerAttributes(t, client.poolId, 'ana');
    const srp = new SrpClient();
    const verifier = await t.cognito.send(new InitiateAuthCommand({
      ClientId: client.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ana', SRP_A: srp.srpA, CHALLENGE_NAME: 'SRP_A' },
    }));
    expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(Object.keys(verifier.ChallengeParameters!).sort()).toEqual(['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
    expect(verifier.Session).toEqual(expect.any(String));
    expect(rig.events('CreateAuthChallenge').length).toBe(before[1]);

    const custom = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: client.clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: verifier.Session,
      ChallengeResponses: srp.respond(client.poolId, PASSWORD, verifier.ChallengeParameters!, srpTimestamp(new Date(t.clock.now()))),
    }));
    expect(custom).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { question: 'what is 2+2', USERNAME: 'ana' } });
    const done = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: client.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: custom.Session, ChallengeResponses: { USERNAME: 'ana', ANSWER: '4' },
    }));
    expect(done.AuthenticationResult?.IdToken).toEqual(expect.any(String));

    const srpA = { challengeName: 'SRP_A', challengeResult: true, challengeMetadata: null };
    const verified = { challengeName: 'PASSWORD_VERIFIER', challengeResult: true, challengeMetadata: null };
    const answered = { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'MATH-2' };
    const [defines, creates] = FUNCTIONS.map((name, i) => rig.events(name).slice(before[i]));
    expect(defines.map((e) => e.request)).toEqual([
      { userAttributes, session: [srpA] },
      { userAttributes, session: [srpA, verified] },
      { userAttributes, session: [srpA, verified, answered] },
    ]);
    expect(defines[0]).toEqual({ ...envelope('DefineAuthChallenge_Authentication'), request: { userAttributes, session: [srpA] }, response: defineResponse });
    expect(creates).toEqual([
      { ...envelope('CreateAuthChallenge_Authentication'), request: { userAttributes, challengeName: 'CUSTOM_CHALLENGE', session: [srpA, verified] }, response: createResponse },
    ]);
  });
});

describe('CUSTOM_AUTH rules', () => {
  let rig: TriggerRig;
  let t: TestServer;
  let client: AppClient;
  let hidingClient: AppClient;

  beforeAll(async () => {
    rig = await startTriggerRig('module', [...FUNCTIONS, 'PreTokenGeneration']);
    t = await startTestServer({ config: { triggers: rig.config } });
    client = await t.fixtures.poolWithClient(
      { LambdaConfig: { ...Object.fromEntries(FUNCTIONS.map((name) => [name, rig.arn(name)])), PreTokenGeneration: rig.arn('PreTokenGeneration') }, AliasAttributes: ['email'] },
      { ExplicitAuthFlows: CUSTOM_FLOWS, AuthSessionValidity: 3 },
    );
    hidingClient = { poolId: client.poolId, ...(await t.fixtures.client(client.poolId, { ExplicitAuthFlows: CUSTOM_FLOWS, PreventUserExistenceErrors: 'ENABLED' })) };
    await confirmedUser(t, client, 'bo', PASSWORD, { email: 'bo@example.com' });
    // A verified email is an alias to sign in with.
    await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: client.poolId, Username: 'bo', UserAttributes: [{ Name: 'email_verified', Value: 'true' }] }));
  });
  beforeEach(() => mathChallenge(rig));
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  const start = (username = 'bo', app: AppClient = client): Promise<InitiateAuthCommandOutput> =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: app.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: username } }));
  const answer = (session: string | undefined, ANSWER: string, username = 'bo', app: AppClient = client) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: app.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: session, ChallengeResponses: { USERNAME: username, ANSWER } }));

  it('failAuthentication is NotAuthorizedException "Incorrect username or password."', async () => {
    rig.handle('DefineAuthChallenge', (event) => ({ ...event, response: { ...event.response, failAuthentication: true } }));
    expect(await errorOf(start())).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.', status: 400 });
  });

  it('wrong answers get new rounds until Define refuses; a right answer in time gets tokens', async () => {
    let round = await start();
    round = await answer(round.Session, '3');
    round = await answer(round.Session, '22');
    expect(round.ChallengeName).toBe('CUSTOM_CHALLENGE');
    const done = await answer(round.Session, '4');
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));

    round = await start();
    round = await answer(round.Session, '1');
    round = await answer(round.Session, '2');
    expect(await errorOf(answer(round.Session, '3'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('a Session is single use, expires after AuthSessionValidity, and belongs to its client and user', async () => {
    const first = await start();
    await answer(first.Session, '5');
    expect(await errorOf(answer(first.Session, '4'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });

    const late = await start();
    t.clock.advance(3 * 60_000 + 1000);
    expect(await errorOf(answer(late.Session, '4'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });

    await confirmedUser(t, client, 'cy', PASSWORD);
    const other = await start();
    expect(await errorOf(answer(other.Session, '4', 'cy'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    expect(await errorOf(answer(other.Session, '4', 'bo', hidingClient))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    const forged = `${other.Session!.slice(0, -4)}AAAA`;
    expect(await errorOf(answer(forged, '4'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    // The Session is still good for its own user, by any of their names.
    expect((await answer(other.Session, '4', 'bo@example.com')).AuthenticationResult).toBeDefined();
  });

  it('the user signs in by alias; the events name the real username; a failed Verify leaves the Session usable', async () => {
    const before = rig.events('DefineAuthChallenge').length;
    const first = await start('bo@example.com');
    expect(first.ChallengeParameters).toEqual({ question: 'what is 2+2', USERNAME: 'bo' });
    expect(rig.events('DefineAuthChallenge').slice(before).map((e) => e.userName)).toEqual(['bo']);
    rig.handle('VerifyAuthChallengeResponse', () => {
      throw new Error('verifier down');
    });
    expect(await errorOf(answer(first.Session, '4'))).toEqual({
      name: 'UserLambdaValidationException', message: 'VerifyAuthChallengeResponse failed with error verifier down.', status: 400,
    });
    mathChallenge(rig);
    expect((await answer(first.Session, '4')).AuthenticationResult).toBeDefined();
  });

  it('stops after 16 challenges even when Define never decides', async () => {
    rig.handle('DefineAuthChallenge', (event) => ({ ...event, response: { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false } }));
    let round = await start();
    for (let i = 1; i < 16; i += 1) round = await answer(round.Session, 'x');
    const define = rig.events('DefineAuthChallenge').at(-1)!;
    expect(define.request.session).toHaveLength(15);
    expect(await errorOf(answer(round.Session, 'x'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(rig.events('DefineAuthChallenge').at(-1)!.request.session).toHaveLength(16);
  });

  it('unknown users: UserNotFoundException without any trigger; hidden, the flow runs with userNotFound and never ends in tokens', async () => {
    const before = rig.events('DefineAuthChallenge').length;
    expect(await errorOf(start('nobody'))).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.', status: 400 });
    expect(rig.events('DefineAuthChallenge').length).toBe(before);

    const first = await start('nobody', hidingClient);
    expect(first.ChallengeParameters).toEqual({ question: 'what is 2+2', USERNAME: 'nobody' });
    expect(rig.events('DefineAuthChallenge').at(-1)).toMatchObject({
      userName: 'nobody', request: { userAttributes: {}, session: [], userNotFound: true },
    });
    expect(rig.events('CreateAuthChallenge').at(-1)!.request).toEqual({ userAttributes: {}, challengeName: 'CUSTOM_CHALLENGE', session: [], userNotFound: true });
    // Even a Define that lets everyone in cannot make tokens for nobody.
    expect(await errorOf(answer(first.Session, '4', 'nobody', hidingClient))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(rig.events('VerifyAuthChallengeResponse').at(-1)!.request).toMatchObject({ challengeAnswer: '4', userNotFound: true });
    // A known user through the hiding client: userNotFound false.
    await start('bo', hidingClient);
    expect(rig.events('DefineAuthChallenge').at(-1)!.request.userNotFound).toBe(false);
  });

  it('AdminInitiateAuth and AdminRespondToAuthChallenge run the same flow; its ClientMetadata reaches Verify, Define and PreTokenGeneration', async () => {
    const first = await t.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: client.poolId, ClientId: client.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'bo' } }));
    const done = await t.cognito.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: client.poolId, ClientId: client.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: first.Session,
      ChallengeResponses: { USERNAME: 'bo', ANSWER: '4' }, ClientMetadata: { device: 'kiosk' },
    }));
    expect(claimsOf(done.AuthenticationResult!.IdToken!)).toMatchObject({ 'cognito:username': 'bo' });
    expect(rig.events('VerifyAuthChallengeResponse').at(-1)!.request.clientMetadata).toEqual({ device: 'kiosk' });
    expect(rig.events('DefineAuthChallenge').at(-1)!.request.clientMetadata).toEqual({ device: 'kiosk' });
    expect(rig.events('PreTokenGeneration').at(-1)).toMatchObject({
      triggerSource: 'TokenGeneration_Authentication', userName: 'bo', request: { clientMetadata: { device: 'kiosk' } },
    });
  });

  it('a wrong password in the SRP step is refused at once, without asking Define again', async () => {
    const srp = new SrpClient();
    const verifier = await t.cognito.send(new InitiateAuthCommand({
      ClientId: client.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'bo', SRP_A: srp.srpA, CHALLENGE_NAME: 'SRP_A' },
    }));
    const defines = rig.events('DefineAuthChallenge').length;
    expect(await errorOf(t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: client.clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: verifier.Session,
      ChallengeResponses: srp.respond(client.poolId, 'Wrong-passw0rd', verifier.ChallengeParameters!, srpTimestamp(new Date(t.clock.now()))),
    })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(rig.events('DefineAuthChallenge').length).toBe(defines);
  });

  it('the SRP step\'s SECRET_BLOCK cannot end the sign-in as USER_SRP_AUTH would, skipping the custom challenge', async () => {
    const customOnly = { poolId: client.poolId, ...(await t.fixtures.client(client.poolId, { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH'] })) };
    const srp = new SrpClient();
    const verifier = await t.cognito.send(new InitiateAuthCommand({
      ClientId: customOnly.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'bo', SRP_A: srp.srpA, CHALLENGE_NAME: 'SRP_A' },
    }));
    const proof = srp.respond(client.poolId, PASSWORD, verifier.ChallengeParameters!, srpTimestamp(new Date(t.clock.now())));
    expect(await errorOf(t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: customOnly.clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: proof }))))
      .toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    // With its Session, the same proof goes on to the custom challenge.
    const custom = await t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: customOnly.clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: verifier.Session, ChallengeResponses: proof }));
    expect(custom.ChallengeName).toBe('CUSTOM_CHALLENGE');
  });

  it('a hidden unknown user\'s challenge looks like a known user\'s: same parameters, a Session of the same length', async () => {
    const known = await start('bo', hidingClient);
    const unknown = await start('bx', hidingClient);
    expect(unknown.ChallengeParameters).toEqual({ question: 'what is 2+2', USERNAME: 'bx' });
    expect(unknown.Session!.length).toBe(known.Session!.length);

    const emailPool = await t.fixtures.poolWithClient(
      { LambdaConfig: Object.fromEntries(FUNCTIONS.map((name) => [name, rig.arn(name)])), UsernameAttributes: ['email'] },
      { ExplicitAuthFlows: CUSTOM_FLOWS, PreventUserExistenceErrors: 'ENABLED' },
    );
    await confirmedUser(t, emailPool, 'hal@example.com', PASSWORD);
    const real = await start('hal@example.com', emailPool);
    const decoy = await start('hap@example.com', emailPool);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(real.ChallengeParameters!.USERNAME).toMatch(uuid);
    expect(decoy.ChallengeParameters!.USERNAME).toMatch(uuid);
    expect(decoy.Session!.length).toBe(real.Session!.length);
    expect((await start('hap@example.com', emailPool)).ChallengeParameters!.USERNAME).toBe(decoy.ChallengeParameters!.USERNAME);
  });

  it('refuses a client without ALLOW_CUSTOM_AUTH, a pool without the functions, and a disabled user', async () => {
    const srpOnly = { poolId: client.poolId, ...(await t.fixtures.client(client.poolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] })) };
    expect(await errorOf(start('bo', srpOnly))).toEqual({ name: 'InvalidParameterException', message: 'CUSTOM_AUTH flow not enabled for this client', status: 400 });

    const bare = await t.fixtures.poolWithClient({}, { ExplicitAuthFlows: CUSTOM_FLOWS });
    await confirmedUser(t, bare, 'dee', PASSWORD);
    expect(await errorOf(start('dee', bare))).toEqual({ name: 'InvalidParameterException', message: 'Custom auth lambda trigger is not configured for the user pool.', status: 400 });

    await confirmedUser(t, client, 'eve', PASSWORD);
    await t.cognito.send(new AdminDisableUserCommand({ UserPoolId: client.poolId, Username: 'eve' }));
    expect(await errorOf(start('eve'))).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    // A client that hides users answers as for anyone, and refuses once the challenge is passed.
    const hidden = await start('eve', hidingClient);
    expect(hidden.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(await errorOf(answer(hidden.Session, '4', 'eve', hidingClient))).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
  });

  it('a Define that throws or names a challenge Cognito does not run gets Cognito\'s trigger errors', async () => {
    rig.handle('DefineAuthChallenge', () => {
      throw new Error('no way');
    });
    expect(await errorOf(start())).toEqual({ name: 'UserLambdaValidationException', message: 'DefineAuthChallenge failed with error no way.', status: 400 });
    rig.handle('DefineAuthChallenge', (event) => ({ ...event, response: { challengeName: 'SMS_MFA', issueTokens: false, failAuthentication: false } }));
    expect((await errorOf(start())).name).toBe('InvalidLambdaResponseException');
    rig.handle('DefineAuthChallenge', (event) => ({ ...event, response: { challengeName: 'CUSTOM_CHALLENGE', issueTokens: 'yes' } }));
    expect((await errorOf(start())).name).toBe('InvalidLambdaResponseException');
    mathChallenge(rig);
    rig.handle('CreateAuthChallenge', (event) => ({ ...event, response: { publicChallengeParameters: { n: 4 } } }));
    expect((await errorOf(start())).name).toBe('InvalidLambdaResponseException');
  });

  it('a bad SRP_A or CHALLENGE_NAME is refused before any function runs', async () => {
    const defines = rig.events('DefineAuthChallenge').length;
    const initiate = (AuthParameters: Record<string, string>) =>
      errorOf(t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters })));
    expect(await initiate({ USERNAME: 'bo', SRP_A: '0', CHALLENGE_NAME: 'SRP_A' })).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid value for SRP_A.' });
    expect(await initiate({ USERNAME: 'bo', SRP_A: 'zz', CHALLENGE_NAME: 'SRP_A' })).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid value for SRP_A.' });
    expect(await initiate({ USERNAME: 'bo', CHALLENGE_NAME: 'SRP_A' })).toMatchObject({ name: 'InvalidParameterException', message: 'Missing required parameter SRP_A' });
    expect(await initiate({ USERNAME: 'bo', CHALLENGE_NAME: 'PASSWORD_VERIFIER' })).toMatchObject({ name: 'InvalidParameterException' });
    expect(await initiate({})).toMatchObject({ name: 'InvalidParameterException', message: 'Missing required parameter USERNAME' });
    expect(rig.events('DefineAuthChallenge').length).toBe(defines);
  });

  it('a CUSTOM_CHALLENGE answer needs USERNAME and ANSWER', async () => {
    const first = await start();
    expect(await errorOf(t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: client.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: first.Session, ChallengeResponses: { USERNAME: 'bo' },
    })))).toMatchObject({ name: 'InvalidParameterException', message: 'Missing required parameter ANSWER' });
    expect(await errorOf(t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: client.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: first.Session, ChallengeResponses: { ANSWER: '4' },
    })))).toMatchObject({ name: 'InvalidParameterException', message: 'Missing required parameter USERNAME' });
    expect((await answer(first.Session, '4')).AuthenticationResult).toBeDefined();
  });

  it('a user with MFA: no MFA without the SRP step; after it, the MFA challenge comes before Define and its answer gives the tokens', async () => {
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: client.poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await confirmedUser(t, client, 'gil', PASSWORD);
    const first = await start('gil');
    const { AccessToken } = (await answer(first.Session, '4', 'gil')).AuthenticationResult!;
    const { SecretCode } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!, t.clock.now()) }));
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    t.clock.advance(30_000);

    // Cognito: MFA needs the password step; a custom challenge alone gives the tokens.
    const passwordless = await start('gil');
    expect((await answer(passwordless.Session, '4', 'gil')).AuthenticationResult).toBeDefined();

    const srp = new SrpClient();
    const verifier = await t.cognito.send(new InitiateAuthCommand({
      ClientId: client.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'gil', SRP_A: srp.srpA, CHALLENGE_NAME: 'SRP_A' },
    }));
    const defines = rig.events('DefineAuthChallenge').length;
    const mfa = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: client.clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: verifier.Session,
      ChallengeResponses: srp.respond(client.poolId, PASSWORD, verifier.ChallengeParameters!, srpTimestamp(new Date(t.clock.now()))),
    }));
    expect(mfa.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const done = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: client.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: mfa.Session,
      ChallengeResponses: { USERNAME: 'gil', SOFTWARE_TOKEN_MFA_CODE: totp(SecretCode!, t.clock.now()) },
    }));
    expect(claimsOf(done.AuthenticationResult!.AccessToken!)).toMatchObject({ username: 'gil' });
    expect(rig.events('DefineAuthChallenge').length).toBe(defines);
  });

  it('a user created by an administrator (FORCE_CHANGE_PASSWORD) signs in without a password, with no NEW_PASSWORD_REQUIRED', async () => {
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: client.poolId, Username: 'fern', MessageAction: 'SUPPRESS' }));
    const first = await start('fern');
    const done = await answer(first.Session, '4', 'fern');
    expect(claimsOf(done.AuthenticationResult!.IdToken!)).toMatchObject({ 'cognito:username': 'fern' });
    expect(rig.events('DefineAuthChallenge').at(-1)!.request.userAttributes['cognito:user_status']).toBe('FORCE_CHANGE_PASSWORD');
  });
});
