// Test servers hash passwords at the lowest argon2id cost to keep the suite fast; this file starts
// one with the default configuration, so that the production cost and the off-loop hashing stay
// checked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, signIn } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!cost';
// OWASP's argon2id minimum: 19 MiB of memory, two passes, one lane.
const PRODUCTION_HASH = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ productionPasswordCost: true });
});
afterAll(async () => t?.close());

// No API shows a password hash (export and every Describe/Get leave it out), so these read the store.
const storedHash = async (sub: string) => (await t.server.deps.store.users.findBySub(sub))!.passwordHash;

it('stores a signed-up password as argon2id with 19 MiB and two passes, and signs in with it', async () => {
  const client = await t.fixtures.poolWithClient();
  const sub = await confirmedUser(t, client, 'cost-ana', PASSWORD);
  expect(await storedHash(sub)).toMatch(PRODUCTION_HASH);
  expect((await signIn(t, client, 'cost-ana', PASSWORD)).AccessToken).toBeTruthy();
});

it('stores passwords set by an administrator (temporary and permanent) at the same cost', async () => {
  const poolId = await t.fixtures.pool();
  const created = await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'cost-bo', TemporaryPassword: 'Temp0rary!cost', MessageAction: 'SUPPRESS' }));
  const sub = created.User!.Attributes!.find((a) => a.Name === 'sub')!.Value!;
  const temporary = await storedHash(sub);
  expect(temporary).toMatch(PRODUCTION_HASH);
  await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'cost-bo', Password: PASSWORD, Permanent: true }));
  const permanent = await storedHash(sub);
  expect(permanent).toMatch(PRODUCTION_HASH);
  expect(permanent).not.toBe(temporary);
});

it('hashes and verifies off the event loop: the loop keeps turning while the server hashes at the production cost', async () => {
  // Counts turns of the event loop (setImmediate runs once per turn) until the work settles. A hash
  // computed on the loop's own thread would finish before the first turn: zero turns.
  const turnsWhile = async <T>(work: Promise<T>): Promise<{ result: T; turns: number }> => {
    let turns = 0;
    let settled = false;
    const turn = () => {
      if (settled) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    try {
      return { result: await work, turns };
    } finally {
      settled = true;
    }
  };
  const poolId = await t.fixtures.pool();
  const hashed = await turnsWhile(t.server.deps.passwords.hash(PASSWORD, poolId));
  expect(hashed.result).toMatch(PRODUCTION_HASH);
  expect(hashed.turns).toBeGreaterThan(0);
  const verified = await turnsWhile(t.server.deps.passwords.verify(hashed.result, PASSWORD, poolId));
  expect(verified).toMatchObject({ result: true });
  expect(verified.turns).toBeGreaterThan(0);
});
