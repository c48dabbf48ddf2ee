// Each pool's two RSA signing keys. Test servers reuse keys from one server to the next
// (src/tokens/reusable-keys.ts); whatever the source offers, no two pools of a store may share key
// material. And the keys are made before CreateUserPool's transaction opens, so that making them
// holds up no other request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateUserPoolCommand, DescribeUserPoolCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, TEST_KEYS_FILE, type TestServer } from '../helpers/server.js';
import { adminCreatedUser, signIn } from '../helpers/users.js';
import { reusableRsaKeys } from '../../src/tokens/reusable-keys.js';
import type { RsaKeySource } from '../../src/tokens/keys.js';

async function moduli(t: TestServer, poolId: string): Promise<string[]> {
  const response = await fetch(`${t.url}/${poolId}/.well-known/jwks.json`);
  const jwks = (await response.json()) as { keys: Array<{ n: string }> };
  return jwks.keys.map((key) => key.n);
}

describe('pool keys on a store that two servers with the same kept keys share', () => {
  let folder: string;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'gatehouse-keys-'));
    const file = join(folder, 'keys.json');
    a = await startTestServer({ rsaKeys: reusableRsaKeys(file) });
    // The same file: b's source starts by offering the keys a's pools took.
    b = await startTestServer({ dataDir: a.server.deps.config.storage.dataDir, databaseUrl: a.server.deps.config.storage.databaseUrl, rsaKeys: reusableRsaKeys(file) });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('gives every pool key material of its own, and tokens that verify', async () => {
    const pools = [await a.fixtures.poolWithClient(), await a.fixtures.poolWithClient(), await b.fixtures.poolWithClient(), await b.fixtures.poolWithClient()];
    const all = (await Promise.all(pools.map(({ poolId }) => moduli(a, poolId)))).flat();
    expect(all).toHaveLength(8);
    expect(new Set(all).size).toBe(8);
    const { poolId, clientId } = pools[3]!;
    await adminCreatedUser(b, poolId, 'kim', 'Passw0rd!x');
    const tokens = await signIn(b, { poolId, clientId }, 'kim', 'Passw0rd!x');
    expect((await b.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username).toBe('kim');
  });
});

describe('CreateUserPool while its keys are being made', () => {
  let t: TestServer;
  let gate: Promise<void> | undefined;
  let openGate: () => void = () => {};
  let sourceCalled: () => void = () => {};
  const reused = reusableRsaKeys(TEST_KEYS_FILE);
  // While a gate is set, the key source waits for the test to open it.
  const gated: RsaKeySource = async () => {
    if (gate) {
      sourceCalled();
      await gate;
    }
    return reused();
  };
  beforeAll(async () => {
    t = await startTestServer({ rsaKeys: gated });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('holds up no other request, reads or writes', async () => {
    const { poolId } = await t.fixtures.poolWithClient();
    gate = new Promise<void>((resolve) => (openGate = resolve));
    const called = new Promise<void>((resolve) => (sourceCalled = resolve));
    const creating = t.cognito.send(new CreateUserPoolCommand({ PoolName: 'slow-keys' }));
    await called;
    // Made while CreateUserPool waits for its keys: a transaction open around them would hold these up
    // (on SQLite, the process's one connection) until the test timed out.
    await adminCreatedUser(t, poolId, 'lee', 'Passw0rd!x');
    expect((await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.Id).toBe(poolId);
    gate = undefined;
    openGate();
    const created = await creating;
    expect(await moduli(t, created.UserPool!.Id!)).toHaveLength(2);
  });
});
