// Refresh-token rotation: the client's RefreshTokenRotation setting, GetTokensFromRefreshToken
// with and without it, the retry grace period, reuse detection, and what REFRESH_TOKEN_AUTH and
// the token endpoint do for a rotating client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import {
  AddUserPoolClientSecretCommand,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, refresh, signIn, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const getUser = (AccessToken: string) => t.cognito.send(new GetUserCommand({ AccessToken }));
const getTokens = (client: AppClient, RefreshToken: string, extra: { ClientSecret?: string; DeviceKey?: string } = {}) =>
  t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: client.clientId, RefreshToken, ...extra }));

/** A client with the given rotation setting and a signed-in user; answers the client and the first tokens. */
async function signedIn(username: string, client: Partial<CreateUserPoolClientCommandInput>) {
  const app = await t.fixtures.poolWithClient({}, client);
  await confirmedUser(t, app, username, PASSWORD);
  return { app, tokens: await signIn(t, app, username, PASSWORD) };
}
const rotating = (RetryGracePeriodSeconds: number) => ({ RefreshTokenRotation: { Feature: 'ENABLED' as const, RetryGracePeriodSeconds } });

describe('the RefreshTokenRotation setting', () => {
  const describeClient = async (poolId: string, clientId: string) =>
    (await t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!;

  it('is off with no grace period unless set, and is described as set', async () => {
    const poolId = await t.fixtures.pool();
    const { clientId } = await t.fixtures.client(poolId);
    expect((await describeClient(poolId, clientId)).RefreshTokenRotation).toEqual({ Feature: 'DISABLED', RetryGracePeriodSeconds: 0 });
    await t.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, ...rotating(30) }));
    expect((await describeClient(poolId, clientId)).RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 30 });
    const created = await t.fixtures.client(poolId, { RefreshTokenRotation: { Feature: 'ENABLED' } });
    expect((await describeClient(poolId, created.clientId)).RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 0 });
  });

  it('refuses a grace period outside 0 to 60 seconds, an unknown Feature and a missing one', async () => {
    const poolId = await t.fixtures.pool();
    const create = (RefreshTokenRotation: unknown) =>
      t.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'bad', RefreshTokenRotation } as any));
    await expect(create({ Feature: 'ENABLED', RetryGracePeriodSeconds: 61 })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(create({ Feature: 'ENABLED', RetryGracePeriodSeconds: -1 })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(create({ Feature: 'SOMETIMES' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(create({ RetryGracePeriodSeconds: 10 })).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('GetTokensFromRefreshToken', () => {
  it('without rotation: new ID and access tokens, no refresh token, and the same refresh token keeps working', async () => {
    const { app, tokens } = await signedIn('gt-plain', {});
    const first = (await getTokens(app, tokens.RefreshToken!)).AuthenticationResult!;
    expect(first).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
    expect(first.IdToken).toBeTruthy();
    expect(first.RefreshToken).toBeUndefined();
    expect((await getUser(first.AccessToken!)).Username).toBe('gt-plain');
    expect((await getTokens(app, tokens.RefreshToken!)).AuthenticationResult!.AccessToken).toBeTruthy();
  });

  it('with rotation: a new refresh token each time; the old one serves retries for the grace period, then its reuse ends the session', async () => {
    const { app, tokens } = await signedIn('gt-rotate', rotating(30));
    // 1. The first rotation answers a new refresh token.
    const first = (await getTokens(app, tokens.RefreshToken!)).AuthenticationResult!;
    expect(first.RefreshToken).toBeTruthy();
    expect(first.RefreshToken).not.toBe(tokens.RefreshToken);
    // 2. A retry with the old token within the grace period still works (and rotates again).
    t.clock.advance(20_000);
    const retry = (await getTokens(app, tokens.RefreshToken!)).AuthenticationResult!;
    expect(retry.RefreshToken).toBeTruthy();
    // 3. The new token rotates on.
    const second = (await getTokens(app, first.RefreshToken!)).AuthenticationResult!;
    expect(second.RefreshToken).not.toBe(first.RefreshToken);
    // 4. The grace period counts from the first rotation: 31 s after it, the old token is a reuse.
    t.clock.advance(11_000);
    await expect(getTokens(app, tokens.RefreshToken!)).rejects.toMatchObject({ name: 'RefreshTokenReuseException' });
    // 5. Reuse ends the whole sign-in: every token of the session is refused from now on.
    await expect(getUser(second.AccessToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    await expect(getUser(tokens.AccessToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(getTokens(app, second.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(getTokens(app, retry.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('with no grace period, a second use of a rotated token is a reuse at once, and other sign-ins are untouched', async () => {
    const { app, tokens } = await signedIn('gt-strict', rotating(0));
    const other = await signIn(t, app, 'gt-strict', PASSWORD);
    const next = (await getTokens(app, tokens.RefreshToken!)).AuthenticationResult!;
    await expect(getTokens(app, tokens.RefreshToken!)).rejects.toMatchObject({ name: 'RefreshTokenReuseException' });
    await expect(getTokens(app, next.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await getUser(other.AccessToken!)).Username).toBe('gt-strict');
    expect((await getTokens(app, other.RefreshToken!)).AuthenticationResult!.RefreshToken).toBeTruthy();
  });

  it('gives a rotated token the original sign-in\'s expiry, not a new full lifetime', async () => {
    const { app, tokens } = await signedIn('gt-window', { ...rotating(0), RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } });
    t.clock.advance(50 * 60_000);
    const rotated = (await getTokens(app, tokens.RefreshToken!)).AuthenticationResult!;
    t.clock.advance(11 * 60_000);
    await expect(getTokens(app, rotated.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
  });

  it('needs a confidential client\'s secret, and refuses a token of another client or none of ours', async () => {
    const { app, tokens } = await signedIn('gt-secret', { GenerateSecret: true });
    expect(app.clientSecret).toBeTruthy();
    await expect(getTokens(app, tokens.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(getTokens(app, tokens.RefreshToken!, { ClientSecret: 'wrong-secret' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await getTokens(app, tokens.RefreshToken!, { ClientSecret: app.clientSecret })).AuthenticationResult!.AccessToken).toBeTruthy();
    // A second active secret (secret rotation) is accepted as well.
    const added = 'secondSecretForRotation0123456789abcdefghij';
    await t.cognito.send(new AddUserPoolClientSecretCommand({ UserPoolId: app.poolId, ClientId: app.clientId, ClientSecret: added }));
    expect((await getTokens(app, tokens.RefreshToken!, { ClientSecret: added })).AuthenticationResult!.AccessToken).toBeTruthy();

    const other = await t.fixtures.client(app.poolId);
    await expect(getTokens({ ...app, ...other }, tokens.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    await expect(getTokens({ ...app, ...other }, 'not-a-refresh-token')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: 'missingclient0', RefreshToken: tokens.RefreshToken! })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: app.clientId, RefreshToken: '' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('GetTokensFromRefreshToken for a remembered device', () => {
  it('needs the DeviceKey of a confirmed device the sign-in was made with, and keeps it in the rotated tokens', async () => {
    const app = await t.fixtures.poolWithClient({}, rotating(0));
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: app.poolId, DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } }));
    await confirmedUser(t, app, 'gt-device', PASSWORD);
    const tokens = await signIn(t, app, 'gt-device', PASSWORD);
    const DeviceKey = tokens.NewDeviceMetadata!.DeviceKey!;
    // Not confirmed yet: refused, and a refusal is not a rotation.
    await expect(getTokens(app, tokens.RefreshToken!, { DeviceKey })).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    await t.cognito.send(new ConfirmDeviceCommand({
      AccessToken: tokens.AccessToken, DeviceKey, DeviceName: 'laptop',
      DeviceSecretVerifierConfig: { PasswordVerifier: Buffer.from('0a0b0c0d', 'hex').toString('base64'), Salt: Buffer.from('01020304', 'hex').toString('base64') },
    }));
    await expect(getTokens(app, tokens.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    const rotated = (await getTokens(app, tokens.RefreshToken!, { DeviceKey })).AuthenticationResult!;
    expect(decodeJwt(rotated.AccessToken!).device_key).toBe(DeviceKey);
    expect((await getTokens(app, rotated.RefreshToken!, { DeviceKey })).AuthenticationResult!.RefreshToken).toBeTruthy();
  });
});

describe('a rotating client elsewhere', () => {
  it('refuses REFRESH_TOKEN_AUTH and names GetTokensFromRefreshToken', async () => {
    const { app, tokens } = await signedIn('ia-rotate', rotating(10));
    await expect(refresh(t, app, 'ia-rotate', tokens.RefreshToken!)).rejects.toMatchObject({
      name: 'InvalidParameterException', message: expect.stringContaining('GetTokensFromRefreshToken'),
    });
  });

  it('answers a new refresh token from /oauth2/token, whose old one turns invalid_grant after the grace period and ends the session', async () => {
    const { app, tokens } = await signedIn('tk-rotate', {
      ...rotating(5), AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'],
      CallbackURLs: ['http://localhost:3000/callback'],
    });
    const grant = async (refreshToken: string) => {
      const response = await fetch(`${t.url}/${app.poolId}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: app.clientId, refresh_token: refreshToken }),
      });
      return { status: response.status, body: await response.json() as Record<string, string> };
    };
    const first = await grant(tokens.RefreshToken!);
    expect(first).toMatchObject({ status: 200 });
    expect(first.body.refresh_token).toBeTruthy();
    expect(first.body.refresh_token).not.toBe(tokens.RefreshToken);
    expect((await getUser(first.body.access_token)).Username).toBe('tk-rotate');
    t.clock.advance(6_000);
    const reused = await grant(tokens.RefreshToken!);
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await grant(first.body.refresh_token)).body.error).toBe('invalid_grant');
    await expect(getUser(first.body.access_token)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
