// USER_AUTH's EMAIL_OTP for a locked user through the AWS SDK: a client that does not hide users
// is told "Password attempts exceeded"; one with PreventUserExistenceErrors=ENABLED answers the
// same challenge as for anyone (nothing is sent) and every code is wrong, as the password answers
// a locked user like an unknown one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
const POOL = { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } }, AutoVerifiedAttributes: ['email'] } as never;

describe('USER_AUTH EMAIL_OTP for a locked user', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function lockedUser(hide: boolean) {
    const client = await t.fixtures.poolWithClient(POOL, {
      ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], ...(hide && { PreventUserExistenceErrors: 'ENABLED' }),
    });
    const sub = await confirmedUser(t, client, 'lou', PASSWORD, { email: 'lou@example.com' });
    // Cognito's schedule would take minutes of failures to lock for long: arranged through the store.
    await t.server.deps.store.users.extendLock(sub, t.clock.now() + 15 * 60_000);
    return client;
  }
  const start = (clientId: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'lou', PREFERRED_CHALLENGE: 'EMAIL_OTP' } }));

  it('tells a client that does not hide users that the user is locked', async () => {
    const client = await lockedUser(false);
    await expect(start(client.clientId)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });

  it('answers a client that hides users with the usual challenge, sends nothing, and refuses every code', async () => {
    const client = await lockedUser(true);
    const signUpCode = await t.latestCode(client.poolId, 'lou');
    const challenge = await start(client.clientId);
    expect(challenge).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'l***@e***' } });
    expect(await t.latestCode(client.poolId, 'lou')).toBe(signUpCode);
    await expect(t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: client.clientId, ChallengeName: 'EMAIL_OTP', Session: challenge.Session, ChallengeResponses: { USERNAME: 'lou', EMAIL_OTP_CODE: signUpCode! },
    }))).rejects.toMatchObject({ name: 'CodeMismatchException' });
  });
});
