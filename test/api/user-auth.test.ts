// USER_AUTH (choice-based sign-in) through the AWS SDK with the password factors: a preferred
// PASSWORD or PASSWORD_SRP goes straight to it; otherwise SELECT_CHALLENGE with AvailableChallenges,
// answered with ANSWER=PASSWORD (+PASSWORD) or PASSWORD_SRP (+SRP_A, then PASSWORD_VERIFIER with
// the tests' BigInt SRP client); ALLOW_USER_AUTH, PreventUserExistenceErrors, single-use Sessions,
// and MFA after the first factor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminInitiateAuthCommand,
  AdminSetUserSettingsCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  type ChallengeNameType,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, type AppClient } from '../helpers/users.js';
import { SrpClient, srpTimestamp } from '../helpers/srp-client.js';

const PASSWORD = 'Passw0rd!';
const FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

describe('USER_AUTH', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const appClient = (client: Record<string, unknown> = {}, pool: Record<string, unknown> = {}) => t.fixtures.poolWithClient(pool, { ExplicitAuthFlows: FLOWS, ...client });
  const userAuth = (client: AppClient, parameters: Record<string, string>) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_AUTH', AuthParameters: parameters }));
  const answer = (client: AppClient, name: ChallengeNameType, session: string | undefined, responses: Record<string, string>) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: client.clientId, ChallengeName: name, Session: session, ChallengeResponses: responses }));
  const usernameIn = (accessToken: string | undefined) => decodeJwt(accessToken!).username;

  it('needs ALLOW_USER_AUTH on the client', async () => {
    const client = await appClient({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
    await confirmedUser(t, client, 'ana', PASSWORD);
    await expect(userAuth(client, { USERNAME: 'ana', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'USER_AUTH flow not enabled for this client' });
  });

  it('signs in at once with PREFERRED_CHALLENGE=PASSWORD, and refuses a wrong password', async () => {
    const client = await appClient();
    await confirmedUser(t, client, 'bo', PASSWORD);
    const out = await userAuth(client, { USERNAME: 'bo', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    expect(usernameIn(out.AuthenticationResult?.AccessToken)).toBe('bo');
    expect(out.AuthenticationResult?.RefreshToken).toBeTruthy();
    await expect(userAuth(client, { USERNAME: 'bo', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'wrong-Passw0rd!' }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    await expect(userAuth(client, { USERNAME: 'bo', PREFERRED_CHALLENGE: 'PASSWORD' }))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Missing required parameter PASSWORD' });
  });

  it('answers PASSWORD_VERIFIER to PREFERRED_CHALLENGE=PASSWORD_SRP with SRP_A, and the SRP proof signs in', async () => {
    const client = await appClient();
    await confirmedUser(t, client, 'cy', PASSWORD);
    const srp = new SrpClient();
    const challenge = await userAuth(client, { USERNAME: 'cy', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srp.srpA });
    expect(challenge.ChallengeName).toBe('PASSWORD_VERIFIER');
    const out = await answer(client, 'PASSWORD_VERIFIER', challenge.Session, srp.respond(client.poolId, PASSWORD, challenge.ChallengeParameters!, srpTimestamp(new Date(t.clock.now()))));
    expect(usernameIn(out.AuthenticationResult?.AccessToken)).toBe('cy');
  });

  it('without a preference answers SELECT_CHALLENGE with AvailableChallenges; ANSWER=PASSWORD signs in, once per Session', async () => {
    const client = await appClient();
    await confirmedUser(t, client, 'di', PASSWORD);
    const select = await userAuth(client, { USERNAME: 'di' });
    expect(select.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    expect(select.Session).toBeTruthy();
    expect(select.AuthenticationResult).toBeUndefined();
    const out = await answer(client, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'di', ANSWER: 'PASSWORD', PASSWORD });
    expect(usernameIn(out.AuthenticationResult?.AccessToken)).toBe('di');
    await expect(answer(client, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'di', ANSWER: 'PASSWORD', PASSWORD }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    // A factor not offered (not implemented here) is refused; so is an unknown preference.
    const again = await userAuth(client, { USERNAME: 'di', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(again.ChallengeName).toBe('SELECT_CHALLENGE');
    await expect(answer(client, 'SELECT_CHALLENGE', again.Session, { USERNAME: 'di', ANSWER: 'EMAIL_OTP' }))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(userAuth(client, { USERNAME: 'di', PREFERRED_CHALLENGE: 'MAGIC' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('continues SELECT_CHALLENGE with ANSWER=PASSWORD_SRP and SRP_A into PASSWORD_VERIFIER', async () => {
    const client = await appClient();
    await confirmedUser(t, client, 'ed', PASSWORD);
    const select = await userAuth(client, { USERNAME: 'ed' });
    const srp = new SrpClient();
    const challenge = await answer(client, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ed', ANSWER: 'PASSWORD_SRP', SRP_A: srp.srpA });
    expect(challenge.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(challenge.ChallengeParameters?.USER_ID_FOR_SRP).toBe('ed');
    const out = await answer(client, 'PASSWORD_VERIFIER', challenge.Session, srp.respond(client.poolId, PASSWORD, challenge.ChallengeParameters!, srpTimestamp(new Date(t.clock.now()))));
    expect(usernameIn(out.AuthenticationResult?.AccessToken)).toBe('ed');
  });

  it('accepts ChallengeName PASSWORD with the SELECT_CHALLENGE Session, but not for another user', async () => {
    const client = await appClient();
    await confirmedUser(t, client, 'fi', PASSWORD);
    await confirmedUser(t, client, 'gil', PASSWORD);
    const select = await userAuth(client, { USERNAME: 'fi' });
    await expect(answer(client, 'PASSWORD', select.Session, { USERNAME: 'gil', PASSWORD }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    const next = await userAuth(client, { USERNAME: 'fi' });
    const out = await answer(client, 'PASSWORD', next.Session, { USERNAME: 'fi', PASSWORD });
    expect(usernameIn(out.AuthenticationResult?.AccessToken)).toBe('fi');
  });

  it('hides unknown users with PreventUserExistenceErrors: a SELECT_CHALLENGE that then fails as a wrong password', async () => {
    const legacy = await appClient({ PreventUserExistenceErrors: 'LEGACY' });
    await expect(userAuth(legacy, { USERNAME: 'ghost' })).rejects.toMatchObject({ name: 'UserNotFoundException' });

    const hiding = await appClient({ PreventUserExistenceErrors: 'ENABLED' });
    const select = await userAuth(hiding, { USERNAME: 'ghost' });
    expect(select.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    await expect(answer(hiding, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ghost', ANSWER: 'PASSWORD', PASSWORD }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('gives an unknown user the same SELECT_CHALLENGE as a known one with PreventUserExistenceErrors, Session length included', async () => {
    const hiding = await appClient({ PreventUserExistenceErrors: 'ENABLED' });
    await confirmedUser(t, hiding, 'kim', PASSWORD);
    const known = await userAuth(hiding, { USERNAME: 'kim' });
    const unknown = await userAuth(hiding, { USERNAME: 'kip' });
    expect(unknown.ChallengeParameters).toEqual(known.ChallengeParameters);
    expect(unknown.AvailableChallenges).toEqual(known.AvailableChallenges);
    expect(unknown.Session!.length).toBe(known.Session!.length);
    // The unknown user's Session still serves only its login, and fails as a wrong password.
    await expect(answer(hiding, 'PASSWORD', unknown.Session, { USERNAME: 'kim', PASSWORD }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    const again = await userAuth(hiding, { USERNAME: 'kip' });
    await expect(answer(hiding, 'PASSWORD', again.Session, { USERNAME: 'kip', PASSWORD }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('leads to the MFA challenge after the password, and works through AdminInitiateAuth', async () => {
    const client = await appClient();
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: client.poolId, MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms-mfa' } } }));
    await confirmedUser(t, client, 'hal', PASSWORD, { phone_number: '+15555550111' });
    await t.cognito.send(new AdminSetUserSettingsCommand({ UserPoolId: client.poolId, Username: 'hal', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }));
    const select = await t.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: client.poolId, ClientId: client.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'hal' } }));
    expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    const mfa = await answer(client, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'hal', ANSWER: 'PASSWORD', PASSWORD });
    expect(mfa.ChallengeName).toBe('SMS_MFA');
    const out = await answer(client, 'SMS_MFA', mfa.Session, { USERNAME: 'hal', SMS_MFA_CODE: (await t.latestCode(client.poolId, 'hal'))! });
    expect(usernameIn(out.AuthenticationResult?.AccessToken)).toBe('hal');
  });
});
