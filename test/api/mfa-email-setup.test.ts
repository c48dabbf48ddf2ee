// MFA_SETUP with an email address (pool MFA ON with email MFA, user without an email): the set-up
// is offered in MFAS_CAN_SETUP, RespondToAuthChallenge MFA_SETUP {EMAIL} sends an EMAIL_OTP code to
// that address, and the right code signs in, sets the address as the verified email and enables
// and prefers EMAIL_OTP. Through the AWS SDK and through aws-amplify v6's email set-up steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmSignIn, fetchAuthSession, signIn } from 'aws-amplify/auth';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { attributesOf, confirmedUser, type AppClient } from '../helpers/users.js';
import { useAmplify } from '../helpers/amplify.js';

const PASSWORD = 'Passw0rd!';

describe('MFA_SETUP with email', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  const configure = useAmplify(() => t);
  afterAll(() => t.close());

  async function emailMfaPool(totp: boolean): Promise<AppClient> {
    const client = await t.fixtures.poolWithClient({}, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await t.cognito.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: client.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: totp },
      EmailMfaConfiguration: { Message: 'Sign-in code {####}', Subject: 'Code' },
    }));
    return client;
  }
  const passwordAuth = (client: AppClient, username: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));
  const answer = (client: AppClient, name: ChallengeNameType, session: string | undefined, responses: Record<string, string>) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: client.clientId, ChallengeName: name, Session: session, ChallengeResponses: responses }));

  it('offers email set-up, sends the code to the new address, and the right code enables EMAIL_OTP with a verified email', async () => {
    const client = await emailMfaPool(true);
    await confirmedUser(t, client, 'ana', PASSWORD);
    const setup = await passwordAuth(client, 'ana');
    expect(setup.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(setup.ChallengeParameters!.MFAS_CAN_SETUP)).toEqual(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);

    await expect(answer(client, 'MFA_SETUP', setup.Session, { USERNAME: 'ana', EMAIL: 'not-an-email' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const challenge = await answer(client, 'MFA_SETUP', setup.Session, { USERNAME: 'ana', EMAIL: 'ana@example.com' });
    expect(challenge.ChallengeName).toBe('EMAIL_OTP');
    expect(challenge.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***', USER_ID_FOR_SRP: 'ana' });
    // The set-up Session is spent: it cannot send a code to a second address.
    await expect(answer(client, 'MFA_SETUP', setup.Session, { USERNAME: 'ana', EMAIL: 'other@example.com' }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
    // Not set before the code is right.
    expect(attributesOf((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: client.poolId, Username: 'ana' }))).UserAttributes).email).toBeUndefined();

    const code = await t.latestCode(client.poolId, 'ana');
    const out = await answer(client, 'EMAIL_OTP', challenge.Session, { USERNAME: 'ana', EMAIL_OTP_CODE: code! });
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: client.poolId, Username: 'ana' }));
    expect(attributesOf(user.UserAttributes)).toMatchObject({ email: 'ana@example.com', email_verified: 'true' });
    expect(user).toMatchObject({ UserMFASettingList: ['EMAIL_OTP'], PreferredMfaSetting: 'EMAIL_OTP' });

    // The next sign-in is challenged by email at once.
    expect((await passwordAuth(client, 'ana')).ChallengeName).toBe('EMAIL_OTP');
  });

  it('refuses email set-up where the pool has no email MFA', async () => {
    const client = await t.fixtures.poolWithClient({}, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: client.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await confirmedUser(t, client, 'bo', PASSWORD);
    const setup = await passwordAuth(client, 'bo');
    expect(JSON.parse(setup.ChallengeParameters!.MFAS_CAN_SETUP)).toEqual(['SOFTWARE_TOKEN_MFA']);
    await expect(answer(client, 'MFA_SETUP', setup.Session, { USERNAME: 'bo', EMAIL: 'bo@example.com' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('completes aws-amplify v6 email MFA set-up: selection, address, then the emailed code', async () => {
    const client = await emailMfaPool(true);
    await confirmedUser(t, client, 'cy', PASSWORD);
    configure(client);
    const selection = await signIn({ username: 'cy', password: PASSWORD });
    expect(selection.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION');
    const address = await confirmSignIn({ challengeResponse: 'EMAIL' });
    expect(address.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_EMAIL_SETUP');
    const codeStep = await confirmSignIn({ challengeResponse: 'cy@example.com' });
    expect(codeStep.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const done = await confirmSignIn({ challengeResponse: (await t.latestCode(client.poolId, 'cy'))! });
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await fetchAuthSession()).tokens?.idToken?.payload.email).toBe('cy@example.com');
  });
});
