import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfirmSignUpCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('sign-up, confirmation, sign-in and GetUser through the AWS SDK', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('creates a pool with email and phone_number required and describes it', async () => {
    const poolId = await t.fixtures.pool({
      Schema: [
        { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
        { Name: 'phone_number', AttributeDataType: 'String', Required: true, Mutable: true },
      ],
      AutoVerifiedAttributes: ['email'],
    });
    expect(poolId).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/);
    const { UserPool } = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.SchemaAttributes?.find((a) => a.Name === 'email')?.Required).toBe(true);
    expect(UserPool?.Policies?.PasswordPolicy?.MinimumLength).toBe(8);
    expect(UserPool?.CreationDate).toBeInstanceOf(Date);
    const { UserPools } = await t.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(UserPools?.map((p) => p.Id)).toContain(poolId);
  });

  it('signs up, confirms with the code from the outbox, signs in and reads the user', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({
      Schema: [
        { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
        { Name: 'phone_number', AttributeDataType: 'String', Required: true, Mutable: true },
      ],
      AutoVerifiedAttributes: ['email'],
    });
    const signUp = await t.cognito.send(new SignUpCommand({
      ClientId: clientId,
      Username: 'ana',
      Password: 'Passw0rd!',
      UserAttributes: [{ Name: 'email', Value: 'ana@example.com' }, { Name: 'phone_number', Value: '+15555550100' }],
    }));
    expect(signUp.UserConfirmed).toBe(false);
    expect(signUp.CodeDeliveryDetails).toEqual({ Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });

    await expect(t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Passw0rd!' },
    }))).rejects.toMatchObject({ name: 'UserNotConfirmedException' });

    const code = await t.latestCode(poolId, 'ana');
    expect(code).toMatch(/^\d{6}$/);
    await t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'ana', ConfirmationCode: code! }));

    const auth = await t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Passw0rd!' },
    }));
    expect(auth.AuthenticationResult?.TokenType).toBe('Bearer');
    expect(auth.AuthenticationResult?.ExpiresIn).toBe(3600);
    const user = await t.cognito.send(new GetUserCommand({ AccessToken: auth.AuthenticationResult!.AccessToken! }));
    expect(user.Username).toBe('ana');
    const attributes = Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]));
    expect(attributes).toMatchObject({ email: 'ana@example.com', email_verified: 'true', phone_number: '+15555550100' });
  });

  it('answers a wrong password with NotAuthorizedException', async () => {
    const { clientId } = await t.fixtures.poolWithClient();
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'bo', Password: 'Passw0rd!' }));
    await expect(t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bo', PASSWORD: 'wrong' },
    }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});
