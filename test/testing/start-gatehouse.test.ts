// `gatehouse/testing` as a test suite uses it: imported by the package's own name, started with a
// declarations file or nothing, driven with the real AWS SDK, stopped. The three example suites in
// examples/testing run under their own runners (Node's, Jest, Vitest) as a user would run them.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startGatehouse, type RunningGatehouse } from 'gatehouse/testing';
import { createTestDatabase, testDatabaseUrl } from '../helpers/postgres.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const POOLS_FILE = fileURLToPath(new URL('../../examples/testing/pools.yaml', import.meta.url));
const sdkFor = (gatehouse: RunningGatehouse) =>
  new CognitoIdentityProviderClient({ endpoint: gatehouse.endpoint, region: gatehouse.region, credentials: gatehouse.credentials, maxAttempts: 1 });
const testingDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('gatehouse-testing-')));

describe('startGatehouse with a declarations file', () => {
  let gatehouse: RunningGatehouse;
  let cognito: CognitoIdentityProviderClient;
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    database = testDatabaseUrl ? await createTestDatabase() : undefined;
    gatehouse = await startGatehouse({ declarations: POOLS_FILE, ...(database && { databaseUrl: database.url }) });
    cognito = sdkFor(gatehouse);
  });
  afterAll(async () => {
    cognito?.destroy();
    await gatehouse?.stop();
    await database?.drop();
  });

  it('listens on loopback and names the declared pool and client', async () => {
    expect(new URL(gatehouse.endpoint).hostname).toBe('127.0.0.1');
    expect(gatehouse.pools).toHaveLength(1);
    const [pool] = gatehouse.pools;
    expect(pool).toMatchObject({ name: 'app', userPoolId: gatehouse.userPoolId, issuer: `${gatehouse.endpoint}/${gatehouse.userPoolId}` });
    expect(pool.clients).toEqual([{ name: 'web', clientId: gatehouse.clientId }]);
    const discovery = await (await fetch(`${pool.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(pool.issuer);
  });

  it('signs in the declared user, and admin operations accept the returned credentials', async () => {
    const signIn = await cognito.send(new InitiateAuthCommand({
      ClientId: gatehouse.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'alice@example.com', PASSWORD: 'Alice-Passw0rd!' },
    }));
    expect(signIn.AuthenticationResult?.AccessToken).toBeTruthy();
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: gatehouse.userPoolId, Username: 'alice@example.com' }));
    expect(user.UserStatus).toBe('CONFIRMED');
  });

  it('reads the messages it would have sent, by username or by address', async () => {
    await cognito.send(new ForgotPasswordCommand({ ClientId: gatehouse.clientId, Username: 'alice@example.com' }));
    const code = await gatehouse.latestCode('alice@example.com');
    expect(code).toMatch(/^\d{6}$/);
    const [message] = await gatehouse.messages({ poolId: gatehouse.userPoolId, limit: 1 });
    expect(message).toMatchObject({ medium: 'EMAIL', destination: 'alice@example.com', code, purpose: expect.any(String) });
    expect(message.sentAt).toBeInstanceOf(Date);
    expect(await gatehouse.latestCode('nobody@example.com')).toBeUndefined();
  });
});

describe('startGatehouse with nothing', () => {
  it('starts empty, takes pools through the API, and removes its store at stop', async () => {
    const before = testingDirs();
    const gatehouse = await startGatehouse();
    const cognito = sdkFor(gatehouse);
    try {
      expect(gatehouse.pools).toEqual([]);
      expect(gatehouse.userPoolId).toBeUndefined();
      const created = [...testingDirs()].filter((name) => !before.has(name));
      expect(created).toHaveLength(1);
      const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: 'made-in-test' }));
      await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: pool.UserPool!.Id, ClientName: 'c' }));
      expect((await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools?.map((p) => p.Name)).toEqual(['made-in-test']);
      await gatehouse.stop();
      expect(existsSync(`${tmpdir()}/${created[0]}`)).toBe(false);
      await expect(fetch(`${gatehouse.endpoint}/health`)).rejects.toThrow();
      await gatehouse.stop(); // a second stop is harmless
    } finally {
      cognito.destroy();
      await gatehouse.stop();
    }
  });

  it('refuses a declarations object that does not match the schema, and leaves nothing behind', async () => {
    const before = testingDirs();
    await expect(startGatehouse({ declarations: { pools: [{ PoolNam: 'typo' }] } })).rejects.toThrow(/PoolNam|schema/);
    expect([...testingDirs()].filter((name) => !before.has(name))).toEqual([]);
  });
});

describe('startGatehouse and signing keys', () => {
  /** A new pool's key moduli, from its JWKS. */
  async function newPoolModuli(gatehouse: RunningGatehouse): Promise<string[]> {
    const cognito = sdkFor(gatehouse);
    try {
      const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: 'keys' }));
      const jwks = await (await fetch(`${gatehouse.endpoint}/${pool.UserPool!.Id}/.well-known/jwks.json`)).json();
      return (jwks.keys as Array<{ n: string }>).map((key) => key.n).sort();
    } finally {
      cognito.destroy();
    }
  }
  async function moduliOfOneStart(options: { reuseSigningKeys?: boolean } = {}): Promise<string[]> {
    const gatehouse = await startGatehouse(options);
    try {
      return await newPoolModuli(gatehouse);
    } finally {
      await gatehouse.stop();
    }
  }

  it('reuses the keys earlier servers made, kept owner-only under node_modules/.cache; reuseSigningKeys: false makes new ones', async () => {
    const first = await moduliOfOneStart();
    const second = await moduliOfOneStart();
    expect(first).toHaveLength(2);
    expect(second).toEqual(first);
    const kept = `${ROOT}node_modules/.cache/gatehouse/test-signing-keys.json`;
    expect(statSync(kept).mode & 0o777).toBe(0o600);
    const fresh = await moduliOfOneStart({ reuseSigningKeys: false });
    expect(fresh).toHaveLength(2);
    expect(fresh.filter((n) => first.includes(n))).toEqual([]);
  });
});

// Each example starts its own Gatehouse under its own runner, in a child process as a user runs it.
describe('the example suites', () => {
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  // The TAP reporter by name: newer Node versions default to another one even without a terminal.
  it("pass under Node's test runner", async () => {
    const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', 'examples/testing/node-test.test.mjs'], { cwd: ROOT, env, timeout: 90_000 });
    expect(stdout).toMatch(/^# pass 1$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
  }, 120_000);

  it('pass under Jest', async () => {
    const { stderr } = await run(process.execPath, ['node_modules/jest/bin/jest.js', '--config', 'examples/testing/jest.config.mjs', '--rootDir', 'examples/testing', '--ci'], {
      cwd: ROOT,
      env: { ...env, NODE_OPTIONS: '--experimental-vm-modules' },
      timeout: 90_000,
    });
    expect(stripVTControlCharacters(stderr)).toMatch(/Tests:\s+1 passed, 1 total/);
  }, 120_000);

  it('pass under Vitest', async () => {
    const { stdout } = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--root', 'examples/testing'], { cwd: ROOT, env: { ...env, CI: 'true' }, timeout: 90_000 });
    expect(stripVTControlCharacters(stdout)).toMatch(/Tests\s+1 passed \(1\)/);
  }, 120_000);
});
