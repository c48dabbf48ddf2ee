import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfirmSignUpCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { attributesOf, confirmedUser, signIn, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
const EMAIL_POOL = { AutoVerifiedAttributes: ['email' as const] };

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const getAttributes = async (AccessToken: string) => attributesOf((await t.cognito.send(new GetUserCommand({ AccessToken }))).UserAttributes);

async function signedIn(client: AppClient, username: string, attributes: Record<string, string> = {}): Promise<string> {
  await confirmedUser(t, client, username, PASSWORD, attributes);
  return (await signIn(t, client, username, PASSWORD)).AccessToken!;
}

describe('ResendConfirmationCode and ConfirmSignUp', () => {
  it('sends a fresh code that replaces the first one', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient(EMAIL_POOL);
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'rc-ana', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ana@example.com' }] }));
    const first = await t.latestCode(poolId, 'rc-ana');
    const out = await t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'rc-ana' }));
    expect(out.CodeDeliveryDetails).toEqual({ Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const second = await t.latestCode(poolId, 'rc-ana');
    expect(second).toMatch(/^\d{6}$/);
    if (first !== second) {
      await expect(t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'rc-ana', ConfirmationCode: first! })))
        .rejects.toMatchObject({ name: 'CodeMismatchException' });
    }
    await t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'rc-ana', ConfirmationCode: second! }));
    await expect(t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'rc-ana' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('reveals an unknown user with LEGACY and hides it with PreventUserExistenceErrors=ENABLED', async () => {
    const legacy = await t.fixtures.poolWithClient(EMAIL_POOL);
    await expect(t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: legacy.clientId, Username: 'ghost' })))
      .rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    await expect(t.cognito.send(new ConfirmSignUpCommand({ ClientId: legacy.clientId, Username: 'ghost', ConfirmationCode: '123456' })))
      .rejects.toMatchObject({ name: 'UserNotFoundException' });

    const { clientId } = await t.fixtures.client(legacy.poolId, { PreventUserExistenceErrors: 'ENABLED' });
    const out = await t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'ghost' }));
    expect(out.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(out.CodeDeliveryDetails?.Destination).toMatch(/^[a-z]\*\*\*@[a-z]\*\*\*$/);
    expect(await t.latestCode(legacy.poolId, 'ghost')).toBeUndefined();
    await expect(t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'ghost', ConfirmationCode: '123456' })))
      .rejects.toMatchObject({ name: 'CodeMismatchException' });
  });

  it('refuses to resend when the pool verifies nothing automatically', async () => {
    const { clientId } = await t.fixtures.poolWithClient();
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'rc-bo', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bo@example.com' }] }));
    await expect(t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'rc-bo' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('UpdateUserAttributes', () => {
  it('updates a plain attribute', async () => {
    const client = await t.fixtures.poolWithClient();
    const token = await signedIn(client, 'ua-ana');
    const out = await t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'name', Value: 'Ana' }] }));
    expect(out.CodeDeliveryDetailsList).toBeUndefined();
    expect(await getAttributes(token)).toMatchObject({ name: 'Ana' });
  });

  it('unverifies a changed email and sends a code when the pool auto-verifies email', async () => {
    const client = await t.fixtures.poolWithClient(EMAIL_POOL);
    const token = await signedIn(client, 'ua-bo', { email: 'bo@example.com' });
    expect(await getAttributes(token)).toMatchObject({ email_verified: 'true' });
    const out = await t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'email', Value: 'new@mail.test' }] }));
    expect(out.CodeDeliveryDetailsList).toEqual([{ Destination: 'n***@m***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
    expect(await getAttributes(token)).toMatchObject({ email: 'new@mail.test', email_verified: 'false' });
    const code = await t.latestCode(client.poolId, 'ua-bo');
    await t.cognito.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: code! }));
    expect(await getAttributes(token)).toMatchObject({ email: 'new@mail.test', email_verified: 'true' });
  });

  it('unverifies a changed email without sending anything when the pool does not auto-verify', async () => {
    const client = await t.fixtures.poolWithClient();
    const token = await signedIn(client, 'ua-cy', { email: 'cy@example.com' });
    const out = await t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'email', Value: 'cy2@example.com' }] }));
    expect(out.CodeDeliveryDetailsList).toBeUndefined();
    expect(await getAttributes(token)).toMatchObject({ email: 'cy2@example.com', email_verified: 'false' });
  });

  it('keeps to the client WriteAttributes and never lets a user set a verified flag', async () => {
    const pool = await t.fixtures.poolWithClient(EMAIL_POOL);
    const restricted = { poolId: pool.poolId, ...(await t.fixtures.client(pool.poolId, { WriteAttributes: ['name', 'email'] })) };
    const token = await signedIn(restricted, 'ua-di', { email: 'di@example.com' });
    const update = (Name: string, Value: string) => t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name, Value }] }));
    await expect(update('family_name', 'Di')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(update('email_verified', 'true')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(update('custom:nope', 'x')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const open = await t.fixtures.client(pool.poolId);
    const openToken = (await signIn(t, { poolId: pool.poolId, ...open }, 'ua-di', PASSWORD)).AccessToken!;
    await expect(t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: openToken, UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('moves an email alias only once the new address is verified, refusing one another user holds', async () => {
    const client = await t.fixtures.poolWithClient({ ...EMAIL_POOL, AliasAttributes: ['email'] });
    await signedIn(client, 'ua-ed', { email: 'shared@example.com' });
    const token = await signedIn(client, 'ua-fu', { email: 'fu@example.com' });
    expect((await signIn(t, client, 'fu@example.com', PASSWORD)).AccessToken).toBeTruthy();
    await t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }] }));
    // The unverified address is no alias: the old one is gone, the new one still signs in ua-ed.
    await expect(signIn(t, client, 'fu@example.com', PASSWORD)).rejects.toMatchObject({ name: 'UserNotFoundException' });
    expect((await t.cognito.send(new GetUserCommand({ AccessToken: (await signIn(t, client, 'shared@example.com', PASSWORD)).AccessToken! }))).Username).toBe('ua-ed');
    const code = await t.latestCode(client.poolId, 'ua-fu');
    await expect(t.cognito.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: code! })))
      .rejects.toMatchObject({ name: 'AliasExistsException' });
  });
});

describe('UpdateUserAttributes with AttributesRequireVerificationBeforeUpdate', () => {
  it('keeps the verified email in force until the new one is verified', async () => {
    const client = await t.fixtures.poolWithClient({
      ...EMAIL_POOL,
      AliasAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
    const token = await signedIn(client, 'pv-ana', { email: 'old@example.com' });
    const out = await t.cognito.send(new UpdateUserAttributesCommand({
      AccessToken: token, UserAttributes: [{ Name: 'email', Value: 'new@example.com' }, { Name: 'name', Value: 'Ana' }],
    }));
    // 1. The code goes to the new address; the old one stays, verified, and still signs in.
    expect(out.CodeDeliveryDetailsList).toEqual([{ Destination: 'n***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
    expect(await getAttributes(token)).toMatchObject({ email: 'old@example.com', email_verified: 'true', name: 'Ana' });
    expect((await signIn(t, client, 'old@example.com', PASSWORD)).AccessToken).toBeTruthy();
    await expect(signIn(t, client, 'new@example.com', PASSWORD)).rejects.toMatchObject({ name: 'UserNotFoundException' });
    // 2. Asking for a code again sends it to the pending address.
    const again = await t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
    expect(again.CodeDeliveryDetails?.Destination).toBe('n***@e***');
    // 3. Verifying applies the new address.
    const code = await t.latestCode(client.poolId, 'pv-ana');
    await t.cognito.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: code! }));
    expect(await getAttributes(token)).toMatchObject({ email: 'new@example.com', email_verified: 'true' });
    expect((await signIn(t, client, 'new@example.com', PASSWORD)).AccessToken).toBeTruthy();
    await expect(signIn(t, client, 'old@example.com', PASSWORD)).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });
});

describe('attribute verification', () => {
  it('will not verify a new address with a code sent to the old one', async () => {
    const client = await t.fixtures.poolWithClient();
    const token = await signedIn(client, 'av-ana', { email: 'ana@example.com' });
    const sent = await t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
    expect(sent.CodeDeliveryDetails).toEqual({ Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = await t.latestCode(client.poolId, 'av-ana');
    await t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'email', Value: 'mallory@example.com' }] }));
    await expect(t.cognito.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: code! })))
      .rejects.toMatchObject({ name: 'CodeMismatchException' });
    expect(await getAttributes(token)).toMatchObject({ email: 'mallory@example.com', email_verified: 'false' });
  });

  it('refuses a wrong code and an attribute that cannot be verified', async () => {
    const client = await t.fixtures.poolWithClient();
    const token = await signedIn(client, 'av-bo', { email: 'bo@example.com', name: 'Bo' });
    await t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
    const code = await t.latestCode(client.poolId, 'av-bo');
    await expect(t.cognito.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: code === '000000' ? '111111' : '000000' })))
      .rejects.toMatchObject({ name: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' });
    await expect(t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'name' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'phone_number' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await t.cognito.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: code! }));
    expect(await getAttributes(token)).toMatchObject({ email_verified: 'true' });
  });
});

describe('DeleteUserAttributes and DeleteUser', () => {
  it('deletes attributes, dropping the verified flag with its address, but never a required one', async () => {
    const client = await t.fixtures.poolWithClient({
      ...EMAIL_POOL,
      Schema: [{ Name: 'given_name', AttributeDataType: 'String', Required: true, Mutable: true }],
    });
    const token = await signedIn(client, 'du-ana', { email: 'ana@example.com', given_name: 'Ana', name: 'Ana A' });
    await t.cognito.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ['name', 'email'] }));
    const attributes = await getAttributes(token);
    expect(attributes).toMatchObject({ given_name: 'Ana' });
    expect(attributes).not.toHaveProperty('name');
    expect(attributes).not.toHaveProperty('email');
    expect(attributes).not.toHaveProperty('email_verified');
    await expect(t.cognito.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ['given_name'] })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('deletes the signed-in user', async () => {
    const client = await t.fixtures.poolWithClient();
    const token = await signedIn(client, 'du-bo');
    await t.cognito.send(new DeleteUserCommand({ AccessToken: token }));
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: token }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(signIn(t, client, 'du-bo', PASSWORD)).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });
});

describe('code expiry', () => {
  // Last in the file: the clock moves a day ahead, past the SigV4 window of later fixture calls.
  it('expires attribute verification codes after 24 hours', async () => {
    const client = await t.fixtures.poolWithClient();
    const token = await signedIn(client, 'ex-ana', { email: 'ana@example.com' });
    await t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
    const code = await t.latestCode(client.poolId, 'ex-ana');
    // A pending update (AttributesRequireVerificationBeforeUpdate) dies with its code.
    const pendingPool = await t.fixtures.poolWithClient({ ...EMAIL_POOL, UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] } });
    const pendingToken = await signedIn(pendingPool, 'ex-bo', { email: 'bo@example.com' });
    await t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: pendingToken, UserAttributes: [{ Name: 'email', Value: 'bo2@example.com' }] }));
    const pendingCode = await t.latestCode(pendingPool.poolId, 'ex-bo');

    t.clock.advance(24 * 3600_000 + 1_000);
    const fresh = (await signIn(t, client, 'ex-ana', PASSWORD)).AccessToken!;
    await expect(t.cognito.send(new VerifyUserAttributeCommand({ AccessToken: fresh, AttributeName: 'email', Code: code! })))
      .rejects.toMatchObject({ name: 'ExpiredCodeException' });
    const freshPending = (await signIn(t, pendingPool, 'ex-bo', PASSWORD)).AccessToken!;
    await expect(t.cognito.send(new VerifyUserAttributeCommand({ AccessToken: freshPending, AttributeName: 'email', Code: pendingCode! })))
      .rejects.toMatchObject({ name: 'ExpiredCodeException' });
    expect(await getAttributes(freshPending)).toMatchObject({ email: 'bo@example.com', email_verified: 'true' });
    const resent = await t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: freshPending, AttributeName: 'email' }));
    expect(resent.CodeDeliveryDetails?.Destination).toBe('b***@e***');
  });
});
