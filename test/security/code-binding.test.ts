// A sign-up or verification code proves the address it was sent to, and only that one: once the
// user's email or phone number changes, the code sent to the old address verifies nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, signIn, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
const ADDRESSES = {
  email: ['first@example.com', 'second@example.com', 'third@example.com'],
  phone_number: ['+15550100001', '+15550100002', '+15550100003'],
} as const;
type Verifiable = keyof typeof ADDRESSES;

describe.each(['email', 'phone_number'] as const)('codes bound to the %s they were sent to', (attribute: Verifiable) => {
  let t: TestServer;
  let client: AppClient;
  const [first, second, third] = ADDRESSES[attribute];
  const attributesOf = async (username: string) =>
    Object.fromEntries((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: client.poolId, Username: username }))).UserAttributes!.map((a) => [a.Name, a.Value]));

  beforeAll(async () => {
    t = await startTestServer();
    client = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: [attribute] });
  });
  afterAll(() => t?.close());

  it('ConfirmSignUp refuses the code sent to the address before it changed, and accepts one sent to the new address', async () => {
    const username = `signup-${attribute}`;
    await t.cognito.send(new SignUpCommand({ ClientId: client.clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: attribute, Value: first }] }));
    const oldCode = await t.latestCode(client.poolId, username);
    expect(oldCode).toMatch(/^\d{6}$/);
    await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: client.poolId, Username: username, UserAttributes: [{ Name: attribute, Value: second }] }));

    await expect(t.cognito.send(new ConfirmSignUpCommand({ ClientId: client.clientId, Username: username, ConfirmationCode: oldCode! })))
      .rejects.toMatchObject({ name: 'CodeMismatchException' });
    let attributes = await attributesOf(username);
    expect(attributes[attribute]).toBe(second);
    expect(attributes[`${attribute}_verified`]).not.toBe('true');

    // A code sent to the new address confirms it.
    const resent = await t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: client.clientId, Username: username }));
    expect(resent.CodeDeliveryDetails?.AttributeName).toBe(attribute);
    await t.cognito.send(new ConfirmSignUpCommand({ ClientId: client.clientId, Username: username, ConfirmationCode: (await t.latestCode(client.poolId, username))! }));
    attributes = await attributesOf(username);
    expect(attributes[`${attribute}_verified`]).toBe('true');
    expect(attributes[attribute]).toBe(second);
  });

  it('VerifyUserAttribute accepts the code an administrator change sent to the new address, and no code sent to an address since replaced', async () => {
    const username = `verify-${attribute}`;
    await confirmedUser(t, client, username, PASSWORD, { [attribute]: first });
    const { AccessToken } = await signIn(t, client, username, PASSWORD);

    // An administrator's change sends a code to the new address; that code verifies it.
    await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: client.poolId, Username: username, UserAttributes: [{ Name: attribute, Value: second }] }));
    const adminCode = await t.latestCode(client.poolId, username);
    await t.cognito.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: attribute, Code: adminCode! }));
    expect((await attributesOf(username))[`${attribute}_verified`]).toBe('true');

    // A code asked for the current address, then the address changes with no new code (the pool
    // stopped auto-verifying it): the old code does not verify the new address.
    await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: client.poolId, Username: username, UserAttributes: [{ Name: `${attribute}_verified`, Value: 'false' }] }));
    await t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: attribute }));
    const oldCode = await t.latestCode(client.poolId, username);
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: client.poolId, AutoVerifiedAttributes: [] }));
    try {
      await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: client.poolId, Username: username, UserAttributes: [{ Name: attribute, Value: third }] }));
      expect(await t.latestCode(client.poolId, username)).toBe(oldCode);
      await expect(t.cognito.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: attribute, Code: oldCode! })))
        .rejects.toMatchObject({ name: 'CodeMismatchException' });
      const user = await t.cognito.send(new GetUserCommand({ AccessToken }));
      const attributes = Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]));
      expect(attributes[attribute]).toBe(third);
      expect(attributes[`${attribute}_verified`]).not.toBe('true');
    } finally {
      await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: client.poolId, AutoVerifiedAttributes: [attribute] }));
    }
  });
});
