// Users for the self-service tests, made through the public API: sign up, confirm (with the code
// from the outbox when the pool auto-verifies, else AdminConfirmSignUp), sign in.
import { createHmac } from 'node:crypto';
import {
  AdminConfirmSignUpCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from './server.js';

export interface AppClient {
  poolId: string;
  clientId: string;
  clientSecret?: string;
}

/** SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)), computed as an app would. */
export const secretHash = (client: AppClient, username: string): string | undefined =>
  client.clientSecret && createHmac('sha256', client.clientSecret).update(username + client.clientId).digest('base64');

export async function confirmedUser(
  t: TestServer,
  client: AppClient,
  username: string,
  password: string,
  attributes: Record<string, string> = {},
): Promise<void> {
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
