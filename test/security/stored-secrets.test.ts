// What the store keeps must not give a live secret to someone who reads the database: one-time
// codes are six digits, so an unkeyed hash of them is undone by trying all million.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

it('stores a one-time code so that trying every six-digit value against the database row does not find it', async () => {
  const { poolId, clientId } = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'] });
  const out = await t.cognito.send(new SignUpCommand({
    ClientId: clientId, Username: 'dump-reader', Password: 'Passw0rd!first', UserAttributes: [{ Name: 'email', Value: 'dump@example.com' }],
  }));
  const code = (await t.latestCode(poolId, 'dump-reader'))!;
  // What a reader of the database sees: the row, and the sub (in every ID token).
  const row = (await t.server.deps.store.codes.find(out.UserSub!, 'signup'))!;
  expect(row).toBeDefined();
  let found: string | undefined;
  for (let n = 0; n < 1_000_000 && !found; n++) {
    const guess = String(n).padStart(6, '0');
    if (createHash('sha256').update(`${out.UserSub}:signup:${guess}`).digest('hex') === row.codeHash) found = guess;
  }
  expect(found).toBeUndefined();
  expect(row.codeHash).not.toContain(code);
}, 60_000);
