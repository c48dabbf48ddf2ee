// The triggers around an EMAIL_OTP sign-in (module runner): CustomMessage with source
// CustomMessage_Authentication shapes the code's email, PreAuthentication runs before the code is
// sent (and its refusal sends none), PostAuthentication and PreTokenGeneration run once the code
// is right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';
import { startTriggerRig, type TriggerRig } from '../helpers/triggers.js';
import { adminCreatedUser } from '../helpers/users.js';

const FUNCTIONS = ['CustomMessage', 'PreAuthentication', 'PostAuthentication', 'PreTokenGeneration'];

describe('triggers around an EMAIL_OTP sign-in', () => {
  let rig: TriggerRig;
  let t: TestServer;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    rig = await startTriggerRig('module', FUNCTIONS);
    t = await startTestServer({ config: { triggers: rig.config } });
    ({ poolId, clientId } = await t.fixtures.poolWithClient(
      {
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
        LambdaConfig: Object.fromEntries(FUNCTIONS.map((name) => [name, rig.arn(name)])),
      },
      { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    ));
    await adminCreatedUser(t, poolId, 'ada', 'Passw0rd!', [{ Name: 'email', Value: 'ada@example.com' }, { Name: 'email_verified', Value: 'true' }]);
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  const latestBody = async (): Promise<string> => {
    const response = await fetch(`${t.url}/_gatehouse/outbox?${new URLSearchParams({ poolId, username: 'ada', limit: '1' })}`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN_KEY.accessKeyId}:${ADMIN_KEY.secretAccessKey}`).toString('base64')}` },
    });
    return ((await response.json()) as { messages: Array<{ body: string }> }).messages[0].body;
  };

  it('runs CustomMessage_Authentication, PreAuthentication, PostAuthentication and PreTokenGeneration', async () => {
    rig.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, emailMessage: `Sign in with ${event.request.codeParameter}`, emailSubject: 'Code' } }));
    rig.handle('PreTokenGeneration', (event) => ({ ...event, response: { claimsOverrideDetails: { claimsToAddOrOverride: { factor: 'email-code' } } } }));
    const challenge = await t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ada', PREFERRED_CHALLENGE: 'EMAIL_OTP' }, ClientMetadata: { app: 'otp' },
    }));
    expect(rig.events('PreAuthentication').at(-1)).toMatchObject({ triggerSource: 'PreAuthentication_Authentication', userName: 'ada', request: { validationData: { app: 'otp' } } });
    expect(rig.events('CustomMessage').at(-1)).toMatchObject({ triggerSource: 'CustomMessage_Authentication', userName: 'ada', request: { codeParameter: '{####}' } });
    const code = (await t.latestCode(poolId, 'ada'))!;
    expect(await latestBody()).toBe(`Sign in with ${code}`);
    expect(rig.events('PostAuthentication')).toHaveLength(0);

    const out = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'EMAIL_OTP', Session: challenge.Session, ChallengeResponses: { USERNAME: 'ada', EMAIL_OTP_CODE: code },
    }));
    expect(rig.events('PostAuthentication').at(-1)).toMatchObject({ triggerSource: 'PostAuthentication_Authentication', userName: 'ada' });
    expect(rig.events('PreTokenGeneration').at(-1)).toMatchObject({ triggerSource: 'TokenGeneration_Authentication', userName: 'ada' });
    expect(decodeJwt(out.AuthenticationResult!.IdToken!).factor).toBe('email-code');
    expect(rig.rejected).toEqual([]);
  });

  it('sends no code when PreAuthentication refuses', async () => {
    rig.handle('PreAuthentication', () => {
      throw new Error('not today');
    });
    const sent = (rig.events('CustomMessage')).length;
    await expect(t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ada', PREFERRED_CHALLENGE: 'EMAIL_OTP' },
    }))).rejects.toMatchObject({ name: 'UserLambdaValidationException', message: expect.stringContaining('not today') });
    expect(rig.events('CustomMessage')).toHaveLength(sent);
  });
});
