// USER_SRP_AUTH through the AWS SDK (with an independent BigInt client) and through the real
// amazon-cognito-identity-js: the PASSWORD_VERIFIER challenge, signature checks, TIMESTAMP rules,
// single use of SECRET_BLOCK, lockout, aliases, PreventUserExistenceErrors and the client's flows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { confirmedUser, type AppClient } from '../helpers/users.js';
import { SrpClient, srpTimestamp } from '../helpers/srp-client.js';

const PASSWORD = 'Passw0rd!';

describe('USER_SRP_AUTH', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const initiate = (client: AppClient, username: string, srp = new SrpClient()) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srp.srpA } }));
  const respond = (client: AppClient, responses: Record<string, string>) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: client.clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses }));
  const now = () => srpTimestamp(new Date(t.clock.now()));

  async function srpSignIn(client: AppClient, username: string, password = PASSWORD) {
    const srp = new SrpClient();
    const challenge = await initiate(client, username, srp);
    return respond(client, srp.respond(client.poolId, password, challenge.ChallengeParameters!, now()));
  }

  it('answers PASSWORD_VERIFIER with SALT, SRP_B, SECRET_BLOCK, USERNAME and USER_ID_FOR_SRP, and no Session', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'ana', PASSWORD);
    const out = await initiate(client, 'ana');
    expect(out.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(out.Session).toBeUndefined();
    const p = out.ChallengeParameters!;
    expect(Object.keys(p).sort()).toEqual(['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
    expect(p.SALT).toMatch(/^[0-9a-f]{1,32}$/);
    expect(p.SRP_B).toMatch(/^[0-9a-f]{700,768}$/);
    expect(Buffer.from(p.SECRET_BLOCK, 'base64').toString('base64')).toBe(p.SECRET_BLOCK);
    expect(p.USERNAME).toBe('ana');
    expect(p.USER_ID_FOR_SRP).toBe('ana');
  });

  it('signs in with a correct proof and refuses a wrong password as "Incorrect username or password."', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'bo', PASSWORD);
    const ok = await srpSignIn(client, 'bo');
    expect(claimsOf(ok.AuthenticationResult!.AccessToken!)).toMatchObject({ username: 'bo', client_id: client.clientId });
    expect(ok.AuthenticationResult!.RefreshToken).toBeTruthy();
    await expect(srpSignIn(client, 'bo', 'Wrong-passw0rd')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('refuses a SECRET_BLOCK used twice', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'cy', PASSWORD);
    const srp = new SrpClient();
    const challenge = await initiate(client, 'cy', srp);
    const responses = srp.respond(client.poolId, PASSWORD, challenge.ChallengeParameters!, now());
    await respond(client, responses);
    await expect(respond(client, responses)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
  });

  it('checks the TIMESTAMP format strictly and refuses one far from the server clock', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'di', PASSWORD);
    const date = new Date(t.clock.now());
    const srp = new SrpClient();
    let challenge = await initiate(client, 'di', srp);
    // A zero-padded day (always wrong: "d", not "dd"), built by prefixing 0 to the day.
    const zeroDay = `${now().split(' ').slice(0, 2).join(' ')} 0${date.getUTCDate()} ${now().split(' ').slice(3).join(' ')}`;
    await expect(respond(client, srp.respond(client.poolId, PASSWORD, challenge.ChallengeParameters!, zeroDay))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const srp2 = new SrpClient();
    challenge = await initiate(client, 'di', srp2);
    const old = srpTimestamp(new Date(t.clock.now() - 10 * 60_000));
    await expect(respond(client, srp2.respond(client.poolId, PASSWORD, challenge.ChallengeParameters!, old))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('signs in by a verified email alias and answers the real username as USER_ID_FOR_SRP', async () => {
    const client = await t.fixtures.poolWithClient({ AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
    await confirmedUser(t, client, 'eve', PASSWORD, { email: 'eve@example.com' });
    const srp = new SrpClient();
    const challenge = await initiate(client, 'eve@example.com', srp);
    expect(challenge.ChallengeParameters!.USER_ID_FOR_SRP).toBe('eve');
    const out = await respond(client, srp.respond(client.poolId, PASSWORD, challenge.ChallengeParameters!, now()));
    expect(claimsOf(out.AuthenticationResult!.IdToken!)['cognito:username']).toBe('eve');
  });

  it('uses the sub as USER_ID_FOR_SRP in email-username pools', async () => {
    const client = await t.fixtures.poolWithClient({ UsernameAttributes: ['email'] });
    await confirmedUser(t, client, 'fay@example.com', PASSWORD);
    const srp = new SrpClient();
    const challenge = await initiate(client, 'fay@example.com', srp);
    expect(challenge.ChallengeParameters!.USER_ID_FOR_SRP).toMatch(/^[0-9a-f-]{36}$/);
    const out = await respond(client, srp.respond(client.poolId, PASSWORD, challenge.ChallengeParameters!, now()));
    expect(claimsOf(out.AuthenticationResult!.IdToken!).email).toBe('fay@example.com');
  });

  it('refuses USER_SRP_AUTH when the client does not allow it', async () => {
    const client = await t.fixtures.poolWithClient({}, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await confirmedUser(t, client, 'gus', PASSWORD);
    await expect(initiate(client, 'gus')).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'USER_SRP_AUTH flow not enabled for this client' });
  });

  it('refuses an SRP_A that is 0 mod N', async () => {
    const client = await t.fixtures.poolWithClient();
    await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'x', SRP_A: '0' } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('with PreventUserExistenceErrors=ENABLED, gives an unknown user a stable plausible challenge that fails like a wrong password', async () => {
    const client = await t.fixtures.poolWithClient({}, { PreventUserExistenceErrors: 'ENABLED' });
    const first = await initiate(client, 'nobody');
    const second = await initiate(client, 'nobody');
    expect(first.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(first.ChallengeParameters!.SALT).toBe(second.ChallengeParameters!.SALT);
    expect(first.ChallengeParameters!.USER_ID_FOR_SRP).toBe('nobody');
    await expect(srpSignIn(client, 'nobody')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const legacy = await t.fixtures.client(client.poolId, { PreventUserExistenceErrors: 'LEGACY' });
    await expect(initiate({ ...legacy, poolId: client.poolId }, 'nobody')).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('counts wrong proofs toward the lockout shared with password sign-in', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'hal', PASSWORD);
    for (let i = 0; i < 5; i++) await expect(srpSignIn(client, 'hal', 'nope')).rejects.toMatchObject({ message: 'Incorrect username or password.' });
    await expect(srpSignIn(client, 'hal')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'hal', PASSWORD } })))
      .rejects.toMatchObject({ message: 'Password attempts exceeded' });
    t.clock.advance(1_500);
    expect((await srpSignIn(client, 'hal')).AuthenticationResult).toBeDefined();
  });

  it('works through AdminInitiateAuth, and leads a temporary-password user to NEW_PASSWORD_REQUIRED', async () => {
    const client = await t.fixtures.poolWithClient();
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: client.poolId, Username: 'ivy', TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS' }));
    const srp = new SrpClient();
    const challenge = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: client.poolId, ClientId: client.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ivy', SRP_A: srp.srpA },
    }));
    const out = await t.cognito.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: client.poolId, ClientId: client.clientId, ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: srp.respond(client.poolId, 'Temp-Passw0rd!', challenge.ChallengeParameters!, now()),
    }));
    expect(out.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(out.Session).toBeTruthy();
  });

  it('follows a password change: the new password signs in with SRP, the old one no longer does', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'jo', PASSWORD);
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: client.poolId, Username: 'jo', Password: 'N3w-passw0rd!', Permanent: true }));
    expect((await srpSignIn(client, 'jo', 'N3w-passw0rd!')).AuthenticationResult).toBeDefined();
    await expect(srpSignIn(client, 'jo')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('gives a user without a verifier one at the next password sign-in; until then SRP fails like a wrong password', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'kim', PASSWORD);
    const store = t.server.deps.store;
    const user = (await store.users.findByUsernameKey(client.poolId, 'kim'))!;
    await store.users.update(user.sub, { srpSealed: null }); // as a user from before SRP, or declared with a hash
    await expect(srpSignIn(client, 'kim')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    await t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD } }));
    expect((await store.users.findBySub(user.sub))!.srpSealed).toMatch(/^v1\./);
    expect((await srpSignIn(client, 'kim')).AuthenticationResult).toBeDefined();
  });

  it('answers an unknown email in an email-username pool with a UUID-shaped USER_ID_FOR_SRP when hiding users', async () => {
    const client = await t.fixtures.poolWithClient({ UsernameAttributes: ['email'] }, { PreventUserExistenceErrors: 'ENABLED' });
    const out = await initiate(client, 'ghost@example.com');
    expect(out.ChallengeParameters!.USER_ID_FOR_SRP).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  describe('amazon-cognito-identity-js', () => {
    function authenticate(client: AppClient, username: string, password: string): Promise<CognitoUserSession> {
      const pool = new CognitoUserPool({ UserPoolId: client.poolId, ClientId: client.clientId, endpoint: t.url });
      const user = new CognitoUser({ Username: username, Pool: pool });
      return new Promise((resolve, reject) => {
        user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
          onSuccess: resolve,
          onFailure: reject,
          newPasswordRequired: () => reject(new Error('unexpected newPasswordRequired')),
        });
      });
    }

    it('authenticateUser signs in with the default SRP flow', async () => {
      const client = await t.fixtures.poolWithClient({ AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
      await confirmedUser(t, client, 'kai', PASSWORD, { email: 'kai@example.com' });
      for (const login of ['kai', 'kai@example.com']) {
        const session = await authenticate(client, login, PASSWORD);
        expect(session.isValid()).toBe(true);
        expect(session.getIdToken().payload['cognito:username']).toBe('kai');
      }
    });

    it('authenticateUser fails with NotAuthorizedException on a wrong password', async () => {
      const client = await t.fixtures.poolWithClient();
      await confirmedUser(t, client, 'lea', PASSWORD);
      await expect(authenticate(client, 'lea', 'Wrong-passw0rd')).rejects.toMatchObject({ code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });
  });
});
