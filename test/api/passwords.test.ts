import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, secretHash, signIn, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
const NEW_PASSWORD = 'N3w-Passw0rd!';
const EMAIL_POOL = { AutoVerifiedAttributes: ['email' as const] };

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('ChangePassword', () => {
  let client: AppClient;
  beforeAll(async () => {
    client = await t.fixtures.poolWithClient();
  });

  it('replaces the password: the old one stops working and the new one signs in', async () => {
    await confirmedUser(t, client, 'cp-ana', PASSWORD);
    const { AccessToken } = await signIn(t, client, 'cp-ana', PASSWORD);
    await t.cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD }));
    await expect(signIn(t, client, 'cp-ana', PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await signIn(t, client, 'cp-ana', NEW_PASSWORD)).AccessToken).toBeTruthy();
  });

  it('answers a wrong previous password like a wrong sign-in and locks after five failures', async () => {
    await confirmedUser(t, client, 'cp-bo', PASSWORD);
    const { AccessToken } = await signIn(t, client, 'cp-bo', PASSWORD);
    const change = (previous: string) =>
      t.cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: previous, ProposedPassword: NEW_PASSWORD }));
    for (let i = 0; i < 5; i++) {
      await expect(change('Wrong-passw0rd')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    }
    // The lock is shared with sign-in: even the right password is refused while it lasts.
    await expect(change(PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    await expect(signIn(t, client, 'cp-bo', PASSWORD)).rejects.toMatchObject({ message: 'Password attempts exceeded' });
    t.clock.advance(2_000);
    await change(PASSWORD);
    expect((await signIn(t, client, 'cp-bo', NEW_PASSWORD)).AccessToken).toBeTruthy();
  });

  it('refuses a proposed password that breaks the pool policy', async () => {
    await confirmedUser(t, client, 'cp-cy', PASSWORD);
    const { AccessToken } = await signIn(t, client, 'cp-cy', PASSWORD);
    await expect(t.cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'short' })))
      .rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' });
  });

  it('refuses an access token that is not one of ours', async () => {
    await expect(t.cognito.send(new ChangePasswordCommand({ AccessToken: 'not.a.token', PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });
});

describe('ForgotPassword and ConfirmForgotPassword', () => {
  const forgot = (client: AppClient, username: string) =>
    t.cognito.send(new ForgotPasswordCommand({ ClientId: client.clientId, Username: username, SecretHash: secretHash(client, username) }));
  const confirm = (client: AppClient, username: string, code: string, password = NEW_PASSWORD) =>
    t.cognito.send(new ConfirmForgotPasswordCommand({
      ClientId: client.clientId, Username: username, ConfirmationCode: code, Password: password, SecretHash: secretHash(client, username),
    }));

  /** A user whose email (from sign-up) and phone (VerifyUserAttribute) are both verified. */
  async function userWithBothVerified(client: AppClient, username: string): Promise<void> {
    await confirmedUser(t, client, username, PASSWORD, { email: `${username}@example.com`, phone_number: '+15555550123' });
    const { AccessToken } = await signIn(t, client, username, PASSWORD);
    await t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'phone_number' }));
    const code = await t.latestCode(client.poolId, username);
    await t.cognito.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'phone_number', Code: code! }));
  }

  it('sends the code to the verified phone first when the pool sets no recovery priorities, and resets the password', async () => {
    const client = await t.fixtures.poolWithClient(EMAIL_POOL);
    await userWithBothVerified(client, 'fp-ana');
    const { CodeDeliveryDetails } = await forgot(client, 'fp-ana');
    expect(CodeDeliveryDetails).toEqual({ DeliveryMedium: 'SMS', AttributeName: 'phone_number', Destination: '+*******0123' });
    const code = await t.latestCode(client.poolId, 'fp-ana');
    await confirm(client, 'fp-ana', code!);
    await expect(signIn(t, client, 'fp-ana', PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await signIn(t, client, 'fp-ana', NEW_PASSWORD)).AccessToken).toBeTruthy();
    // Single use: the same code again is refused.
    await expect(confirm(client, 'fp-ana', code!, 'An0ther-Passw0rd!')).rejects.toMatchObject({ name: 'ExpiredCodeException' });
  });

  it('follows AccountRecoverySetting priorities', async () => {
    const client = await t.fixtures.poolWithClient({
      ...EMAIL_POOL,
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }, { Name: 'verified_phone_number', Priority: 2 }] },
    });
    await userWithBothVerified(client, 'fp-bo');
    const { CodeDeliveryDetails } = await forgot(client, 'fp-bo');
    expect(CodeDeliveryDetails).toEqual({ DeliveryMedium: 'EMAIL', AttributeName: 'email', Destination: 'f***@e***' });
  });

  it('refuses a user with no verified email or phone number', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'fp-cy', PASSWORD, { email: 'cy@example.com' });
    await expect(forgot(client, 'fp-cy')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
    // With PreventUserExistenceErrors=ENABLED the answer is the one an unknown user gets.
    const hidden = { poolId: client.poolId, ...(await t.fixtures.client(client.poolId, { PreventUserExistenceErrors: 'ENABLED' })) };
    const out = await forgot(hidden, 'fp-cy');
    expect(out.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'SMS', AttributeName: 'phone_number' });
    expect(out.CodeDeliveryDetails?.Destination).toMatch(/^\+\*+\d{4}$/);
    expect(await t.latestCode(client.poolId, 'fp-cy')).toBeUndefined();
  });

  it('refuses self-service recovery in an admin_only pool', async () => {
    const client = await t.fixtures.poolWithClient({ ...EMAIL_POOL, AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] } });
    await confirmedUser(t, client, 'fp-di', PASSWORD, { email: 'di@example.com' });
    await expect(forgot(client, 'fp-di')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('reveals an unknown user with LEGACY and hides it with PreventUserExistenceErrors=ENABLED', async () => {
    const legacy = await t.fixtures.poolWithClient(EMAIL_POOL);
    await expect(forgot(legacy, 'ghost')).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    await expect(confirm(legacy, 'ghost', '123456')).rejects.toMatchObject({ name: 'UserNotFoundException' });

    const hidden = { poolId: legacy.poolId, ...(await t.fixtures.client(legacy.poolId, { PreventUserExistenceErrors: 'ENABLED' })) };
    const first = await forgot(hidden, 'ghost');
    expect(first.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'SMS', AttributeName: 'phone_number' });
    expect(first.CodeDeliveryDetails?.Destination).toMatch(/^\+\*+\d{4}$/);
    // Stable across calls, and nothing was sent.
    expect((await forgot(hidden, 'ghost')).CodeDeliveryDetails).toEqual(first.CodeDeliveryDetails);
    expect((await forgot(hidden, 'ghost@example.com')).CodeDeliveryDetails).toEqual({ DeliveryMedium: 'EMAIL', AttributeName: 'email', Destination: 'g***@e***' });
    expect(await t.latestCode(legacy.poolId, 'ghost')).toBeUndefined();
    await expect(confirm(hidden, 'ghost', '123456')).rejects.toMatchObject({
      name: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.',
    });
  });

  it('kills the code after five wrong attempts', async () => {
    const client = await t.fixtures.poolWithClient(EMAIL_POOL);
    await confirmedUser(t, client, 'fp-fu', PASSWORD, { email: 'fu@example.com' });
    await forgot(client, 'fp-fu');
    const code = await t.latestCode(client.poolId, 'fp-fu');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) await expect(confirm(client, 'fp-fu', wrong)).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await expect(confirm(client, 'fp-fu', wrong)).rejects.toMatchObject({ name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' });
    await expect(confirm(client, 'fp-fu', code!)).rejects.toMatchObject({ name: 'LimitExceededException' });
  });

  it('checks the new password before spending the code', async () => {
    const client = await t.fixtures.poolWithClient(EMAIL_POOL);
    await confirmedUser(t, client, 'fp-gil', PASSWORD, { email: 'gil@example.com' });
    await forgot(client, 'fp-gil');
    const code = await t.latestCode(client.poolId, 'fp-gil');
    await expect(confirm(client, 'fp-gil', code!, 'weak')).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    await confirm(client, 'fp-gil', code!);
    expect((await signIn(t, client, 'fp-gil', NEW_PASSWORD)).AccessToken).toBeTruthy();
  });

  it('lifts a sign-in lockout once the password is reset', async () => {
    const client = await t.fixtures.poolWithClient(EMAIL_POOL);
    await confirmedUser(t, client, 'fp-hu', PASSWORD, { email: 'hu@example.com' });
    for (let i = 0; i < 6; i++) await signIn(t, client, 'fp-hu', 'Wrong-passw0rd').catch(() => undefined);
    await expect(signIn(t, client, 'fp-hu', PASSWORD)).rejects.toMatchObject({ message: 'Password attempts exceeded' });
    await forgot(client, 'fp-hu');
    await confirm(client, 'fp-hu', (await t.latestCode(client.poolId, 'fp-hu'))!);
    expect((await signIn(t, client, 'fp-hu', NEW_PASSWORD)).AccessToken).toBeTruthy();
  });

  it('requires a correct SECRET_HASH from a client with a secret', async () => {
    const pool = await t.fixtures.poolWithClient(EMAIL_POOL);
    const client = { poolId: pool.poolId, ...(await t.fixtures.client(pool.poolId, { GenerateSecret: true })) };
    expect(client.clientSecret).toBeTruthy();
    await confirmedUser(t, client, 'fp-ivy', PASSWORD, { email: 'ivy@example.com' });
    await expect(t.cognito.send(new ForgotPasswordCommand({ ClientId: client.clientId, Username: 'fp-ivy' }))).rejects.toMatchObject({
      name: 'NotAuthorizedException', message: `Client ${client.clientId} is configured for secret but secret was not received`,
    });
    await expect(t.cognito.send(new ForgotPasswordCommand({ ClientId: client.clientId, Username: 'fp-ivy', SecretHash: secretHash(client, 'someone-else') })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${client.clientId}` });
    await forgot(client, 'fp-ivy');
    const code = await t.latestCode(client.poolId, 'fp-ivy');
    await expect(t.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: client.clientId, Username: 'fp-ivy', ConfirmationCode: code!, Password: NEW_PASSWORD })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await confirm(client, 'fp-ivy', code!);
    expect((await signIn(t, client, 'fp-ivy', NEW_PASSWORD)).AccessToken).toBeTruthy();
  });

  it('confirms a user whose password an administrator reset, and refuses an unconfirmed one', async () => {
    const client = await t.fixtures.poolWithClient(EMAIL_POOL);
    await confirmedUser(t, client, 'fp-jo', PASSWORD, { email: 'jo@example.com' });
    // Arranged in the store: AdminResetUserPassword / AdminCreateUser live on another branch.
    const user = await t.server.deps.store.users.findByUsernameKey(client.poolId, 'fp-jo');
    await t.server.deps.store.users.update(user!.sub, { status: 'RESET_REQUIRED' });
    await expect(signIn(t, client, 'fp-jo', PASSWORD)).rejects.toMatchObject({ name: 'PasswordResetRequiredException' });
    await forgot(client, 'fp-jo');
    await confirm(client, 'fp-jo', (await t.latestCode(client.poolId, 'fp-jo'))!);
    expect((await signIn(t, client, 'fp-jo', NEW_PASSWORD)).AccessToken).toBeTruthy();

    await t.server.deps.store.users.update(user!.sub, { status: 'UNCONFIRMED' });
    await forgot(client, 'fp-jo');
    await expect(confirm(client, 'fp-jo', (await t.latestCode(client.poolId, 'fp-jo'))!, 'An0ther-Passw0rd!'))
      .rejects.toMatchObject({ name: 'UserNotConfirmedException' });
  });

  it('refuses a disabled user', async () => {
    const client = await t.fixtures.poolWithClient(EMAIL_POOL);
    await confirmedUser(t, client, 'fp-kai', PASSWORD, { email: 'kai@example.com' });
    await forgot(client, 'fp-kai');
    const code = await t.latestCode(client.poolId, 'fp-kai');
    // Arranged in the store: AdminDisableUser lives on another branch.
    const user = await t.server.deps.store.users.findByUsernameKey(client.poolId, 'fp-kai');
    await t.server.deps.store.users.update(user!.sub, { enabled: false });
    await expect(forgot(client, 'fp-kai')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    await expect(confirm(client, 'fp-kai', code!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    const hidden = { poolId: client.poolId, ...(await t.fixtures.client(client.poolId, { PreventUserExistenceErrors: 'ENABLED' })) };
    expect((await forgot(hidden, 'fp-kai')).CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'SMS' });
    await expect(confirm(hidden, 'fp-kai', code!)).rejects.toMatchObject({ name: 'CodeMismatchException' });
  });

  // Last: moving the clock an hour ahead puts later SigV4-signed fixture calls outside the signature window.
  it('expires the code after one hour', async () => {
    const client = await t.fixtures.poolWithClient(EMAIL_POOL);
    await confirmedUser(t, client, 'fp-ed', PASSWORD, { email: 'ed@example.com' });
    await forgot(client, 'fp-ed');
    const code = await t.latestCode(client.poolId, 'fp-ed');
    t.clock.advance(3600_000 + 1_000);
    await expect(confirm(client, 'fp-ed', code!)).rejects.toMatchObject({
      name: 'ExpiredCodeException', message: 'Invalid code provided, please request a code again.',
    });
  });
});
