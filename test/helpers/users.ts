// Users made through the public API: sign up, confirm (with the code from the outbox when the pool
// auto-verifies, else AdminConfirmSignUp), or create them as an administrator; sign in, refresh.
import { createHmac } from 'node:crypto';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AttributeType,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from './server.js';

export interface AppClient {
  poolId: string;
  clientId: string;
  clientSecret?: string;
}

/** SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)), computed as an app would. */
export const secretHash = (client: Pick<AppClient, 'clientId' | 'clientSecret'>, username: string): string | undefined =>
  client.clientSecret && createHmac('sha256', client.clientSecret).update(username + client.clientId).digest('base64');

/** A CONFIRMED user made with SignUp; answers its sub. */
export async function confirmedUser(
  t: TestServer,
  client: AppClient,
  username: string,
  password: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const signUp = await t.cognito.send(new SignUpCommand({
    ClientId: client.clientId,
    SecretHash: secretHash(client, username),
    Username: username,
    Password: password,
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  }));
  if (signUp.CodeDeliveryDetails) {
    const code = await t.latestCode(client.poolId, username);
    await t.cognito.send(new ConfirmSignUpCommand({
      ClientId: client.clientId, SecretHash: secretHash(client, username), Username: username, ConfirmationCode: code!,
    }));
  } else {
    await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: client.poolId, Username: username }));
  }
  return signUp.UserSub!;
}

/** A CONFIRMED user made by an administrator: AdminCreateUser (no message), then a permanent password. */
export async function adminCreatedUser(t: TestServer, poolId: string, username: string, password: string, attributes: AttributeType[] = []): Promise<void> {
  await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, UserAttributes: attributes, MessageAction: 'SUPPRESS' }));
  await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
}

export async function signIn(t: TestServer, client: AppClient, username: string, password: string): Promise<AuthenticationResultType> {
  const hash = secretHash(client, username);
  const out = await t.cognito.send(new InitiateAuthCommand({
    ClientId: client.clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: password, ...(hash && { SECRET_HASH: hash }) },
  }));
  return out.AuthenticationResult!;
}

export async function refresh(t: TestServer, client: AppClient, username: string, refreshToken: string) {
  const hash = secretHash(client, username);
  return t.cognito.send(new InitiateAuthCommand({
    ClientId: client.clientId,
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: refreshToken, ...(hash && { SECRET_HASH: hash }) },
  }));
}

export const attributesOf = (list: Array<{ Name?: string; Value?: string }> = []): Record<string, string | undefined> =>
  Object.fromEntries(list.map((a) => [a.Name, a.Value]));
