// Impossible travel through the AWS SDK: with the operator's geo database (GeoLite2-City-Blocks
// layout), a sign-in located farther from the user's last successful sign-in than 1,000 km/h covers
// in the time between is High risk; without the database, or for an address it does not hold, no
// signal.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminSetUserPasswordCommand,
  SetRiskConfigurationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PASSWORD = 'Travel-Passw0rd!';
const BERLIN = '198.51.100.7';
const POTSDAM = '192.0.2.44';
const SYDNEY = '203.0.113.9';
const UNLISTED = '100.64.0.1';
const MINUTES = 60_000;

const GEO_CSV = [
  'network,geoname_id,registered_country_geoname_id,represented_country_geoname_id,is_anonymous_proxy,is_satellite_provider,postal_code,latitude,longitude,accuracy_radius,is_anycast',
  '192.0.2.0/24,2852458,2921044,,0,0,14467,52.3906,13.0645,20,',
  '198.51.100.0/24,2950159,2921044,,0,0,10115,52.5200,13.4050,20,',
  '203.0.113.0/24,2147714,2077456,,0,0,2000,-33.8688,151.2093,20,',
  '',
].join('\n');

let folder: string;
let t: TestServer;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'gatehouse-travel-'));
  const file = join(folder, 'GeoLite2-City-Blocks-IPv4.csv');
  writeFileSync(file, GEO_CSV);
  t = await startTestServer({ config: { threatProtection: { geoDatabaseFile: file } } });
});
afterAll(async () => {
  await t?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function pool(server: TestServer, mode: 'AUDIT' | 'ENFORCED'): Promise<{ poolId: string; clientId: string }> {
  return server.fixtures.poolWithClient({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: mode } });
}

async function user(server: TestServer, poolId: string, username: string): Promise<void> {
  await server.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
  await server.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
}

const signInFrom = (server: TestServer, poolId: string, clientId: string, username: string, ip: string) =>
  server.cognito.send(new AdminInitiateAuthCommand({
    UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD },
    ContextData: { IpAddress: ip, ServerName: 'app.example.com', ServerPath: '/login', HttpHeaders: [{ headerName: 'User-Agent', headerValue: 'travel-test-browser' }] },
  }));

async function latestEvent(server: TestServer, poolId: string, username: string) {
  const events = (await server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username }))).AuthEvents ?? [];
  return events[0]!;
}

describe('impossible travel with a geo database', () => {
  it('rates a sign-in from another continent minutes after the last one High, and leaves City and Country empty for the Blocks layout', async () => {
    const { poolId, clientId } = await pool(t, 'AUDIT');
    await user(t, poolId, 'flyer');
    await signInFrom(t, poolId, clientId, 'flyer', BERLIN);
    t.clock.advance(10 * MINUTES);
    await signInFrom(t, poolId, clientId, 'flyer', SYDNEY);
    const event = await latestEvent(t, poolId, 'flyer');
    expect(event.EventContextData?.IpAddress).toBe(SYDNEY);
    expect(event.EventRisk).toMatchObject({ RiskDecision: 'AccountTakeover', RiskLevel: 'High' });
    expect(event.EventContextData?.City).toBeUndefined();
    expect(event.EventContextData?.Country).toBeUndefined();
  });

  it('blocks that sign-in under ENFORCED with BLOCK for High, and still lets the user in from home', async () => {
    const { poolId, clientId } = await pool(t, 'ENFORCED');
    await t.cognito.send(new SetRiskConfigurationCommand({
      UserPoolId: poolId,
      AccountTakeoverRiskConfiguration: { Actions: { LowAction: { Notify: false, EventAction: 'NO_ACTION' }, HighAction: { Notify: false, EventAction: 'BLOCK' } } },
    }));
    await user(t, poolId, 'blocked-flyer');
    await signInFrom(t, poolId, clientId, 'blocked-flyer', BERLIN);
    t.clock.advance(5 * MINUTES);
    await expect(signInFrom(t, poolId, clientId, 'blocked-flyer', SYDNEY)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await latestEvent(t, poolId, 'blocked-flyer')).EventRisk).toMatchObject({ RiskDecision: 'Block', RiskLevel: 'High' });
    // The refused sign-in is no departure point: Berlin again is not travel.
    t.clock.advance(MINUTES);
    expect((await signInFrom(t, poolId, clientId, 'blocked-flyer', BERLIN)).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it('gives no High risk for a nearby address, an address the file does not hold, or a journey slow enough to be flown', async () => {
    const { poolId, clientId } = await pool(t, 'AUDIT');
    await user(t, poolId, 'commuter');
    await signInFrom(t, poolId, clientId, 'commuter', BERLIN);
    t.clock.advance(10 * MINUTES);
    await signInFrom(t, poolId, clientId, 'commuter', POTSDAM);
    // A new address, nothing more.
    expect((await latestEvent(t, poolId, 'commuter')).EventRisk?.RiskLevel).toBe('Low');
    t.clock.advance(MINUTES);
    await signInFrom(t, poolId, clientId, 'commuter', UNLISTED);
    expect((await latestEvent(t, poolId, 'commuter')).EventRisk?.RiskLevel).toBe('Low');
    // Berlin to Sydney is about 16,000 km: 20 hours later it could have been flown.
    await signInFrom(t, poolId, clientId, 'commuter', BERLIN);
    t.clock.advance(20 * 60 * MINUTES);
    await signInFrom(t, poolId, clientId, 'commuter', SYDNEY);
    expect((await latestEvent(t, poolId, 'commuter')).EventRisk?.RiskLevel).toBe('Low');
  });
});

describe('impossible travel without a geo database', () => {
  it('gives no travel signal', async () => {
    const plain = await startTestServer();
    try {
      const { poolId, clientId } = await pool(plain, 'AUDIT');
      await user(plain, poolId, 'flyer');
      await signInFrom(plain, poolId, clientId, 'flyer', BERLIN);
      plain.clock.advance(10 * MINUTES);
      await signInFrom(plain, poolId, clientId, 'flyer', SYDNEY);
      expect((await latestEvent(plain, poolId, 'flyer')).EventRisk?.RiskLevel).toBe('Low');
    } finally {
      await plain.close();
    }
  });
});
