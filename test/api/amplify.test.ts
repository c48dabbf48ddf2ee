// aws-amplify v6 in Node against Gatehouse (Auth.Cognito.userPoolEndpoint): signIn uses
// USER_SRP_AUTH by default, confirmSignIn answers the TOTP challenge, and the MFA_SETUP path
// (CONTINUE_SIGN_IN_WITH_TOTP_SETUP) completes; USER_AUTH with the password factors. No shims: Node 20 has fetch and Web Crypto, and
// Amplify falls back to in-memory token storage without localStorage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser } from '../helpers/users.js';
import { totp } from '../helpers/totp.js';
import { useAmplify } from '../helpers/amplify.js';

const PASSWORD = 'Passw0rd!';

describe('aws-amplify v6', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const configure = useAmplify(() => t);

  it('signIn succeeds with the default SRP flow and yields tokens', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'ana', PASSWORD);
    configure(client);
    const result = await signIn({ username: 'ana', password: PASSWORD });
    expect(result).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const session = await fetchAuthSession();
    expect(session.tokens?.accessToken.payload.username).toBe('ana');
    await signOut();
    await expect(signIn({ username: 'ana', password: 'Wrong-passw0rd' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('signs in with USER_AUTH: PASSWORD_SRP preferred, and the first-factor selection followed by the password', async () => {
    const client = await t.fixtures.poolWithClient({}, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await confirmedUser(t, client, 'cy', PASSWORD);
    configure(client);
    const direct = await signIn({ username: 'cy', password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' } });
    expect(direct).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await signOut();

    const select = await signIn({ username: 'cy', options: { authFlowType: 'USER_AUTH' } });
    expect(select.nextStep).toMatchObject({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP'] });
    const askPassword = await confirmSignIn({ challengeResponse: 'PASSWORD' });
    expect(askPassword.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_PASSWORD');
    const done = await confirmSignIn({ challengeResponse: PASSWORD });
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await fetchAuthSession()).tokens?.accessToken.payload.username).toBe('cy');
  });

  it('sets up TOTP through MFA_SETUP and then confirms a TOTP challenge with confirmSignIn', async () => {
    const client = await t.fixtures.poolWithClient();
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: client.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await confirmedUser(t, client, 'bo', PASSWORD);
    configure(client);
    const setup = await signIn({ username: 'bo', password: PASSWORD });
    expect(setup.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    const secret = (setup.nextStep as { totpSetupDetails: { sharedSecret: string } }).totpSetupDetails.sharedSecret;
    const done = await confirmSignIn({ challengeResponse: totp(secret, t.clock.now()) });
    expect(done).toMatchObject({ isSignedIn: true });
    await signOut();

    t.clock.advance(30_000);
    const challenged = await signIn({ username: 'bo', password: PASSWORD });
    expect(challenged.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const confirmed = await confirmSignIn({ challengeResponse: totp(secret, t.clock.now()) });
    expect(confirmed).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await fetchAuthSession()).tokens?.idToken?.payload['cognito:username']).toBe('bo');
  });
});
