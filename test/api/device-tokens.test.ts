// Device-bound tokens through the AWS SDK: a sign-in made with a device (or issuing one) puts
// device_key in the access token and binds its refresh token to the device, so REFRESH_TOKEN_AUTH
// needs that DEVICE_KEY, confirmed (Cognito: "Invalid Refresh Token" otherwise); device keys never
// confirmed expire after 24 hours and are purged at the user's next sign-in. amazon-cognito-identity-js
// refreshes a device session by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminInitiateAuthCommand,
  ConfirmDeviceCommand,
  InitiateAuthCommand,
  UpdateUserPoolCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
const DAY_MS = 24 * 3600_000;
const VERIFIER = { PasswordVerifier: Buffer.from('0a0b0c0d', 'hex').toString('base64'), Salt: Buffer.from('01020304', 'hex').toString('base64') };

describe('device-bound tokens', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function trackingPool(oauth: Record<string, unknown> = {}): Promise<AppClient> {
    const client = await t.fixtures.poolWithClient({}, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], ...oauth });
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: client.poolId, DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } }));
    return client;
  }
  const passwordAuth = async (client: AppClient, username: string, deviceKey?: string): Promise<AuthenticationResultType> =>
    (await t.cognito.send(new InitiateAuthCommand({
      ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD, ...(deviceKey && { DEVICE_KEY: deviceKey }) },
    }))).AuthenticationResult!;
  const refresh = (client: AppClient, token: string, deviceKey?: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token, ...(deviceKey && { DEVICE_KEY: deviceKey }) } }));
  const confirm = (result: AuthenticationResultType, accessToken = result.AccessToken) =>
    t.cognito.send(new ConfirmDeviceCommand({ AccessToken: accessToken, DeviceKey: result.NewDeviceMetadata!.DeviceKey, DeviceSecretVerifierConfig: VERIFIER, DeviceName: 'laptop' }));
  const claims = (jwt: string | undefined) => decodeJwt(jwt!);

  it('puts the new device key in the access token (not the ID token) and refreshes only with that key, once confirmed', async () => {
    const client = await trackingPool();
    await confirmedUser(t, client, 'ana', PASSWORD);
    const first = await passwordAuth(client, 'ana');
    const deviceKey = first.NewDeviceMetadata!.DeviceKey!;
    expect(claims(first.AccessToken).device_key).toBe(deviceKey);
    expect(claims(first.IdToken).device_key).toBeUndefined();

    await expect(refresh(client, first.RefreshToken!, deviceKey)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    await confirm(first);
    await expect(refresh(client, first.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    const other = await passwordAuth(client, 'ana');
    await confirm(other);
    await expect(refresh(client, first.RefreshToken!, other.NewDeviceMetadata!.DeviceKey)).rejects.toMatchObject({ message: 'Invalid Refresh Token' });

    const refreshed = await refresh(client, first.RefreshToken!, deviceKey);
    expect(claims(refreshed.AuthenticationResult!.AccessToken).device_key).toBe(deviceKey);
    expect(refreshed.AuthenticationResult!.NewDeviceMetadata).toBeUndefined();
  });

  it('refuses a device-bound refresh token at the OAuth token endpoint, which cannot name the device (invalid_grant, as Cognito)', async () => {
    const client = await trackingPool({
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://app.example.com/cb'], SupportedIdentityProviders: ['COGNITO'],
    });
    await confirmedUser(t, client, 'eve', PASSWORD);
    const first = await passwordAuth(client, 'eve');
    await confirm(first);
    const response = await fetch(`${t.url}/${client.poolId}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: client.clientId, refresh_token: first.RefreshToken!, device_key: first.NewDeviceMetadata!.DeviceKey! }).toString(),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_grant');
    // The token still refreshes where the device is named.
    expect((await refresh(client, first.RefreshToken!, first.NewDeviceMetadata!.DeviceKey)).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it('carries a confirmed device named by DEVICE_KEY into the tokens without issuing a new one, on the admin flow too', async () => {
    const client = await trackingPool();
    await confirmedUser(t, client, 'bo', PASSWORD);
    const first = await passwordAuth(client, 'bo');
    await confirm(first);
    const deviceKey = first.NewDeviceMetadata!.DeviceKey!;
    // Confirmed but not remembered (DeviceOnlyRememberedOnUserPrompt): no DEVICE_SRP_AUTH, tokens at once.
    const again = await passwordAuth(client, 'bo', deviceKey);
    expect(again.NewDeviceMetadata).toBeUndefined();
    expect(claims(again.AccessToken).device_key).toBe(deviceKey);
    const admin = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: client.poolId, ClientId: client.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bo', PASSWORD, DEVICE_KEY: deviceKey },
    }));
    expect(claims(admin.AuthenticationResult!.AccessToken).device_key).toBe(deviceKey);
    expect((await refresh(client, admin.AuthenticationResult!.RefreshToken!, deviceKey)).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it('issues no device_key and needs no DEVICE_KEY to refresh when the pool does not track devices', async () => {
    const client = await t.fixtures.poolWithClient({}, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await confirmedUser(t, client, 'cy', PASSWORD);
    const result = await passwordAuth(client, 'cy');
    expect(result.NewDeviceMetadata).toBeUndefined();
    expect(claims(result.AccessToken).device_key).toBeUndefined();
    expect(claims((await refresh(client, result.RefreshToken!)).AuthenticationResult!.AccessToken).device_key).toBeUndefined();
  });

  it('lets amazon-cognito-identity-js refresh a device session by itself (it sends the stored DEVICE_KEY)', async () => {
    const client = await trackingPool({
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://app.example.com/cb'], SupportedIdentityProviders: ['COGNITO'],
    });
    await confirmedUser(t, client, 'eve', PASSWORD);
    const user = new CognitoUser({ Username: 'eve', Pool: new CognitoUserPool({ UserPoolId: client.poolId, ClientId: client.clientId, endpoint: t.url }) });
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: 'eve', Password: PASSWORD }), { onSuccess: resolve, onFailure: reject }));
    const deviceKey = claims(session.getAccessToken().getJwtToken()).device_key;
    expect(deviceKey).toMatch(/^us-east-1_/);
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (error: Error | null, next: CognitoUserSession) => (error ? reject(error) : resolve(next))));
    expect(claims(refreshed.getAccessToken().getJwtToken()).device_key).toBe(deviceKey);
  });

  it('refuses to confirm a device key after 24 hours, and purges stale unconfirmed keys at the next sign-in', async () => {
    const client = await trackingPool();
    await confirmedUser(t, client, 'di', PASSWORD);
    const store = t.server.deps.store;
    const stale = await passwordAuth(client, 'di');
    const late = await passwordAuth(client, 'di');
    t.clock.advance(DAY_MS - 60_000);
    const fresh = await passwordAuth(client, 'di');
    // Not yet stale (a minute short of 24 hours): this sign-in leaves them.
    expect(await store.devices.find(stale.NewDeviceMetadata!.DeviceKey!)).toBeDefined();
    t.clock.advance(60_000);
    const now = await passwordAuth(client, 'di');
    await expect(confirm(late, now.AccessToken)).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Device does not exist.' });
    // The sign-in that issued `now` purged both stale keys; the younger one stays and can still be confirmed.
    expect(await store.devices.find(stale.NewDeviceMetadata!.DeviceKey!)).toBeUndefined();
    expect(await store.devices.find(late.NewDeviceMetadata!.DeviceKey!)).toBeUndefined();
    expect(await store.devices.find(fresh.NewDeviceMetadata!.DeviceKey!)).toBeDefined();
    await confirm(fresh, now.AccessToken);

    // Without a sign-in in between (tracking turned off, so no purge), ConfirmDevice itself refuses a stale key and drops it.
    t.clock.advance(DAY_MS);
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: client.poolId }));
    const untracked = await passwordAuth(client, 'di');
    expect(untracked.NewDeviceMetadata).toBeUndefined();
    expect(await store.devices.find(now.NewDeviceMetadata!.DeviceKey!)).toBeDefined();
    await expect(confirm(now, untracked.AccessToken)).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Device does not exist.' });
    expect(await store.devices.find(now.NewDeviceMetadata!.DeviceKey!)).toBeUndefined();
  });

});
