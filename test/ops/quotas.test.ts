// Request-rate quotas: Cognito's categories per pool, TooManyRequestsException beyond them, and
// GetProvisionedLimit / UpdateProvisionedLimit through the AWS SDK. Rates are set low in config;
// time moves with the test clock, never by sleeping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  GetProvisionedLimitCommand,
  GetUserCommand,
  InitiateAuthCommand,
  UpdateProvisionedLimitCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { burst, expectLimitedTo } from './bursts.js';

const category = (Category: string, UserPoolId?: string) => ({
  LimitClass: 'API_CATEGORY' as const,
  Attributes: { Category, ...(UserPoolId && { UserPoolId }) },
});

describe('request-rate quotas', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { quotas: { enabled: true, rates: { UserAuthentication: 3, UserRead: 2, UserPoolRead: 2 }, maxRate: 1000 } } });
  });
  afterAll(() => t.close());

  async function poolWithUser(name: string) {
    const pool = await t.fixtures.poolWithClient();
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: name, TemporaryPassword: 'Passw0rd!x', MessageAction: 'SUPPRESS' }));
    return pool;
  }
  const signIn = (clientId: string, username: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!x' } }));

  it('answers TooManyRequestsException (HTTP 400, Cognito-shaped) past the rate, while another pool signs in unaffected, and again after a second', async () => {
    const busy = await poolWithUser('ana');
    const quiet = await poolWithUser('bea');
    t.clock.advance(1000);
    expectLimitedTo(await burst(12, () => signIn(busy.clientId, 'ana')), 3);
    // On the wire, as Cognito answers it (the bucket refills 3 a second: one of a few quick tries meets an empty one).
    let throttled: Response | undefined;
    for (let i = 0; i < 10 && !throttled; i++) {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth', 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ ClientId: busy.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'x' } }),
      });
      if (response.headers.get('x-amzn-errortype') === 'TooManyRequestsException:') throttled = response;
    }
    expect(throttled?.status).toBe(400);
    expect(await throttled!.json()).toEqual({ __type: 'TooManyRequestsException', message: 'Too many requests' });
    // The other pool has its own budget, and so has every other category of the busy pool.
    expect((await signIn(quiet.clientId, 'bea')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    await t.cognito.send(new AdminGetUserCommand({ UserPoolId: busy.poolId, Username: 'ana' }));
    t.clock.advance(1000);
    expect((await signIn(busy.clientId, 'ana')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('counts access-token operations against the token\'s pool (UserRead) and operations on no pool account-wide (UserPoolRead)', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'cy', TemporaryPassword: 'Passw0rd!x', MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'cy', Password: 'Passw0rd!x', Permanent: true }));
    t.clock.advance(1000);
    const tokens = (await signIn(clientId, 'cy')).AuthenticationResult!;
    t.clock.advance(1000);
    expectLimitedTo(await burst(8, () => t.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))), 2);

    t.clock.advance(1000);
    // ListUserPools names no pool: the account-wide budget (2 per second) holds every such call.
    expectLimitedTo(await burst(8, () => t.cognito.send(new ListUserPoolsCommand({ MaxResults: 1 }))), 2);
    // DescribeUserPool, in the same category, counts against its pool instead.
    await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    t.clock.advance(1000);
  });

  it('reads and raises a category\'s rate with Get/UpdateProvisionedLimit, account-wide and for one pool', async () => {
    t.clock.advance(1000);
    const account = await t.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category('UserAuthentication') }));
    expect(account.Limit).toEqual({ LimitDefinition: category('UserAuthentication'), ProvisionedLimitValue: 3, FreeLimitValue: 3 });
    const defaults = await t.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category('UserCreation') }));
    expect(defaults.Limit).toMatchObject({ ProvisionedLimitValue: 50, FreeLimitValue: 50 });

    const pool = await poolWithUser('dee');
    const updated = await t.cognito.send(new UpdateProvisionedLimitCommand({ LimitDefinition: category('UserAuthentication', pool.poolId), RequestedLimitValue: 6 }));
    expect(updated.Limit).toEqual({ LimitDefinition: category('UserAuthentication', pool.poolId), ProvisionedLimitValue: 6, FreeLimitValue: 3 });
    const read = await t.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category('UserAuthentication', pool.poolId) }));
    expect(read.Limit!.ProvisionedLimitValue).toBe(6);
    // That pool now takes 6 a second; the account-wide rate is unchanged.
    t.clock.advance(1000);
    expectLimitedTo(await burst(14, () => signIn(pool.clientId, 'dee')), 6);
    expect((await t.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category('UserAuthentication') }))).Limit!.ProvisionedLimitValue).toBe(3);

    // Account-wide: every pool without its own rate.
    await t.cognito.send(new UpdateProvisionedLimitCommand({ LimitDefinition: category('UserRead'), RequestedLimitValue: 5 }));
    expect((await t.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category('UserRead', pool.poolId) }))).Limit!.ProvisionedLimitValue).toBe(5);
  });

  it('refuses a rate below the free one, above quotas.maxRate, an unknown category, class or pool, with Cognito\'s errors', async () => {
    const update = (LimitDefinition: any, RequestedLimitValue: number) => t.cognito.send(new UpdateProvisionedLimitCommand({ LimitDefinition, RequestedLimitValue }));
    await expect(update(category('UserAuthentication'), 2)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(update(category('UserAuthentication'), 1001)).rejects.toMatchObject({ name: 'ServiceQuotaExceededException' });
    await expect(update(category('UserTeleportation'), 10)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(update({ LimitClass: 'SOMETHING', Attributes: { Category: 'UserRead' } }, 10)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(update({ LimitClass: 'API_CATEGORY', Attributes: { Category: 'UserRead', Region: 'x' } }, 10)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(update(category('UserRead', 'us-east-1_NoSuchPool'), 10)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(t.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category('') }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('requires the admin signature for both operations', async () => {
    const before = (await t.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category('UserRead') }))).Limit!.ProvisionedLimitValue;
    const stranger = t.cognitoWith({ accessKeyId: 'AKIDNOTTHEADMINKEY01', secretAccessKey: 'not-the-admin-secret-0123456789' });
    await expect(stranger.send(new GetProvisionedLimitCommand({ LimitDefinition: category('UserRead') }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    await expect(stranger.send(new UpdateProvisionedLimitCommand({ LimitDefinition: category('UserRead'), RequestedLimitValue: 500 }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    t.clock.advance(1000);
    expect((await t.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category('UserRead') }))).Limit!.ProvisionedLimitValue).toBe(before);
    stranger.destroy();
  });
});

describe('quotas off (the default)', () => {
  it('never throttles, and Get/UpdateProvisionedLimit still read and store the rates', async () => {
    const t = await startTestServer();
    try {
      const { poolId } = await t.fixtures.poolWithClient();
      await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'eve', TemporaryPassword: 'Passw0rd!x', MessageAction: 'SUPPRESS' }));
      // UserRead's default is 120 a second; 150 at once pass.
      await Promise.all(Array.from({ length: 150 }, () => t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'eve' }))));
      const updated = await t.cognito.send(new UpdateProvisionedLimitCommand({ LimitDefinition: category('UserRead'), RequestedLimitValue: 200 }));
      expect(updated.Limit).toMatchObject({ ProvisionedLimitValue: 200, FreeLimitValue: 120 });
    } finally {
      await t.close();
    }
  });
});

describe('quotas across processes sharing one store', () => {
  it('split each rate between the live processes, and pick up a provisioned rate and a departed process at their next sync', async () => {
    const config = { quotas: { enabled: true, rates: { UserRead: 4 } } };
    const a = await startTestServer({ config });
    const b = await startTestServer({ config, dataDir: a.server.deps.config.storage.dataDir, databaseUrl: a.server.deps.config.storage.databaseUrl });
    try {
      const { poolId } = await a.fixtures.poolWithClient();
      await a.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'fay', MessageAction: 'SUPPRESS' }));
      // The sync each process runs every few seconds, run now: both see two live processes.
      await a.server.deps.quotas.sync();
      await b.server.deps.quotas.sync();
      await a.server.deps.quotas.sync();
      const read = (t: TestServer) => t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'fay' }));
      // 1. each process takes half of 4 a second.
      for (const t of [a, b]) {
        t.clock.advance(1000);
        expectLimitedTo(await burst(8, () => read(t)), 2);
      }
      // 2. a rate provisioned through one process reaches the other at its next sync.
      await a.cognito.send(new UpdateProvisionedLimitCommand({ LimitDefinition: category('UserRead', poolId), RequestedLimitValue: 8 }));
      await b.server.deps.quotas.sync();
      b.clock.advance(1000);
      expectLimitedTo(await burst(12, () => read(b)), 4);
      // 3. once b has stopped, a has the whole rate.
      await b.close();
      await a.server.deps.quotas.sync();
      a.clock.advance(1000);
      expectLimitedTo(await burst(20, () => read(a)), 8);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
