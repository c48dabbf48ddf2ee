// CUSTOM_AUTH as the real clients drive it, with two custom challenges: "what is 2+2" and a one-time
// code that CreateAuthChallenge "emails" (the test's function keeps it; the test reads it).
// - amazon-cognito-identity-js: initiateAuth (CUSTOM_AUTH without a password) with the customChallenge
//   callback, and authenticateUser with authenticationFlowType CUSTOM_AUTH (SRP_A, PASSWORD_VERIFIER,
//   then the custom challenge);
// - aws-amplify v6: signIn with authFlowType CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP, then
//   confirmSignIn({ challengeResponse }).
import { randomInt } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { confirmedUser, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
const FUNCTIONS = ['DefineAuthChallenge', 'CreateAuthChallenge', 'VerifyAuthChallengeResponse'];
type Kind = 'math' | 'otp';

describe('CUSTOM_AUTH with amazon-cognito-identity-js and aws-amplify v6', () => {
  let rig: TriggerRig;
  let t: TestServer;
  let client: AppClient;
  let kind: Kind = 'math';
  /** The codes CreateAuthChallenge "emailed", by address. */
  const mailbox = new Map<string, string>();

  beforeAll(async () => {
    rig = await startTriggerRig('module', FUNCTIONS);
    t = await startTestServer({ config: { triggers: rig.config } });
    client = await t.fixtures.poolWithClient(
      { LambdaConfig: Object.fromEntries(FUNCTIONS.map((name) => [name, rig.arn(name)])) },
      { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    );
    for (const name of ['ana', 'bo', 'cy', 'dee']) await confirmedUser(t, client, name, PASSWORD, { email: `${name}@example.com` });

    rig.handle('DefineAuthChallenge', (event) => {
      const session: Event[] = event.request.session;
      const last = session.at(-1);
      const custom = session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE');
      let response;
      if (session.length === 1 && last!.challengeName === 'SRP_A') response = { challengeName: 'PASSWORD_VERIFIER', issueTokens: false, failAuthentication: false };
      else if (last?.challengeName === 'PASSWORD_VERIFIER' && !last.challengeResult) response = { challengeName: null, issueTokens: false, failAuthentication: true };
      else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) response = { challengeName: null, issueTokens: true, failAuthentication: false };
      else if (custom.length >= 3) response = { challengeName: null, issueTokens: false, failAuthentication: true };
      else response = { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false };
      return { ...event, response };
    });
    rig.handle('CreateAuthChallenge', (event) => {
      if (kind === 'math') {
        return { ...event, response: { publicChallengeParameters: { question: 'what is 2+2' }, privateChallengeParameters: { answer: '4' }, challengeMetadata: 'MATH' } };
      }
      const email: string = event.request.userAttributes.email;
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      mailbox.set(email, code);
      return { ...event, response: { publicChallengeParameters: { delivery: 'EMAIL', destination: `${email[0]}***@example.com` }, privateChallengeParameters: { answer: code }, challengeMetadata: 'EMAIL-OTP' } };
    });
    rig.handle('VerifyAuthChallengeResponse', (event) => ({
      ...event, response: { answerCorrect: event.request.challengeAnswer === event.request.privateChallengeParameters.answer },
    }));
  });
  afterEach(async () => {
    await signOut().catch(() => undefined);
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  /** What the user types for the challenge shown. */
  function answerFor(parameters: Record<string, string>, username: string): string {
    if (kind === 'math') {
      expect(parameters).toMatchObject({ question: 'what is 2+2' });
      return '4';
    }
    expect(parameters).toMatchObject({ delivery: 'EMAIL', destination: `${username[0]}***@example.com` });
    return mailbox.get(`${username}@example.com`)!;
  }

  const cognitoUser = (username: string) =>
    new CognitoUser({ Username: username, Pool: new CognitoUserPool({ UserPoolId: client.poolId, ClientId: client.clientId, endpoint: t.url }) });

  describe.each<Kind>(['math', 'otp'])('the %s challenge', (challenge) => {
    it('amazon-cognito-identity-js initiateAuth (CUSTOM_AUTH, no password) answers the customChallenge callback', async () => {
      kind = challenge;
      const user = cognitoUser('ana');
      const challenges: Array<Record<string, string>> = [];
      const session = await new Promise<CognitoUserSession>((resolve, reject) => {
        user.initiateAuth(new AuthenticationDetails({ Username: 'ana' }), {
          onSuccess: resolve,
          onFailure: reject,
          customChallenge(parameters: Record<string, string>) {
            challenges.push(parameters);
            // A wrong answer first: another round follows.
            const answer = challenges.length === 1 ? 'wrong' : answerFor(parameters, 'ana');
            user.sendCustomChallengeAnswer(answer, this);
          },
        });
      });
      expect(challenges).toHaveLength(2);
      expect(challenges[0].USERNAME).toBe('ana');
      expect(session.isValid()).toBe(true);
      expect(session.getAccessToken().decodePayload().username).toBe('ana');
    });

    it('amazon-cognito-identity-js authenticateUser with CUSTOM_AUTH proves the password by SRP, then answers the custom challenge', async () => {
      kind = challenge;
      const user = cognitoUser('bo');
      user.setAuthenticationFlowType('CUSTOM_AUTH');
      let challenged = 0;
      const session = await new Promise<CognitoUserSession>((resolve, reject) => {
        user.authenticateUser(new AuthenticationDetails({ Username: 'bo', Password: PASSWORD }), {
          onSuccess: resolve,
          onFailure: reject,
          customChallenge(parameters: Record<string, string>) {
            challenged += 1;
            user.sendCustomChallengeAnswer(answerFor(parameters, 'bo'), this);
          },
        });
      });
      expect(challenged).toBe(1);
      expect(session.getIdToken().decodePayload()['cognito:username']).toBe('bo');

      // The wrong password never reaches the custom challenge.
      const refused = await new Promise<{ name?: string; message?: string }>((resolve) => {
        user.authenticateUser(new AuthenticationDetails({ Username: 'bo', Password: 'Wrong-passw0rd' }), {
          onSuccess: () => resolve({}),
          onFailure: resolve,
          customChallenge: () => resolve({ name: 'customChallenge' }),
        });
      });
      expect(refused).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });

    const configure = () =>
      Amplify.configure({ Auth: { Cognito: { userPoolId: client.poolId, userPoolClientId: client.clientId, userPoolEndpoint: t.url } } });

    it('aws-amplify signIn with CUSTOM_WITHOUT_SRP, then confirmSignIn with the answer', async () => {
      kind = challenge;
      configure();
      const first = await signIn({ username: 'cy', options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
      expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      const info = (first.nextStep as { additionalInfo: Record<string, string> }).additionalInfo;
      const again = await confirmSignIn({ challengeResponse: 'wrong' });
      expect(again.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      const done = await confirmSignIn({ challengeResponse: answerFor(info, 'cy') });
      expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
      expect((await fetchAuthSession()).tokens?.accessToken.payload.username).toBe('cy');
    });

    it('aws-amplify signIn with CUSTOM_WITH_SRP (password by SRP first), then confirmSignIn with the answer', async () => {
      kind = challenge;
      configure();
      const first = await signIn({ username: 'dee', password: PASSWORD, options: { authFlowType: 'CUSTOM_WITH_SRP' } });
      expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      const info = (first.nextStep as { additionalInfo: Record<string, string> }).additionalInfo;
      const done = await confirmSignIn({ challengeResponse: answerFor(info, 'dee') });
      expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
      expect((await fetchAuthSession()).tokens?.idToken?.payload['cognito:username']).toBe('dee');
    });
  });
});
