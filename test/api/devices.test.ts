// Device tracking with amazon-cognito-identity-js (which confirms new devices and answers
// DEVICE_SRP_AUTH by itself) and the device operations through the AWS SDK: a remembered device
// skips MFA; a forgotten one no longer does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminListDevicesCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  ListDevicesCommand,
  SetUserPoolMfaConfigCommand,
  UpdateDeviceStatusCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { authenticateWithTotp } from '../helpers/identity-js.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';

describe('device tracking', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const authenticate = (client: AppClient, username: string, secret: { value?: string }) =>
    authenticateWithTotp(t, client, username, PASSWORD, secret);

  it('confirms the device after MFA, then the remembered device signs in through DEVICE_SRP_AUTH without MFA', async () => {
    const client = await t.fixtures.poolWithClient();
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: client.poolId, DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } }));
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: client.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await confirmedUser(t, client, 'dev', PASSWORD);
    const secret: { value?: string } = {};
    expect((await authenticate(client, 'dev', secret)).steps).toEqual(['mfaSetup']);
    t.clock.advance(30_000);
    const second = await authenticate(client, 'dev', secret);
    expect(second.steps).toEqual(['totpRequired']);

    const AccessToken = second.session.getAccessToken().getJwtToken();
    const listed = await t.cognito.send(new ListDevicesCommand({ AccessToken }));
    expect(listed.Devices).toHaveLength(1);
    const device = listed.Devices![0];
    expect(device.DeviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    expect(device.DeviceAttributes).toContainEqual({ Name: 'dev:device_remembered_status', Value: 'remembered' });

    t.clock.advance(30_000);
    const third = await authenticate(client, 'dev', secret);
    expect(third.steps).toEqual([]);
    expect(third.session.isValid()).toBe(true);
    const got = await t.cognito.send(new GetDeviceCommand({ AccessToken, DeviceKey: device.DeviceKey }));
    expect(got.Device!.DeviceLastAuthenticatedDate!.getTime()).toBeGreaterThanOrEqual(device.DeviceLastAuthenticatedDate!.getTime());

    // Not remembered: MFA again.
    await t.cognito.send(new UpdateDeviceStatusCommand({ AccessToken, DeviceKey: device.DeviceKey, DeviceRememberedStatus: 'not_remembered' }));
    t.clock.advance(30_000);
    expect((await authenticate(client, 'dev', secret)).steps).toEqual(['totpRequired']);
    // ... and the same device, not a new one, stays listed.
    expect((await t.cognito.send(new ListDevicesCommand({ AccessToken }))).Devices!.map((d) => d.DeviceKey)).toEqual([device.DeviceKey]);

    const admin = await t.cognito.send(new AdminListDevicesCommand({ UserPoolId: client.poolId, Username: 'dev' }));
    expect(admin.Devices!.map((d) => d.DeviceKey)).toContain(device.DeviceKey);
    await t.cognito.send(new ForgetDeviceCommand({ AccessToken, DeviceKey: device.DeviceKey }));
    await expect(t.cognito.send(new GetDeviceCommand({ AccessToken, DeviceKey: device.DeviceKey }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('answers no NewDeviceMetadata when the pool does not track devices', async () => {
    const client = await t.fixtures.poolWithClient();
    await confirmedUser(t, client, 'plain', PASSWORD);
    const { session } = await authenticate(client, 'plain', {});
    const listed = await t.cognito.send(new ListDevicesCommand({ AccessToken: session.getAccessToken().getJwtToken() }));
    expect(listed.Devices).toEqual([]);
  });
});
