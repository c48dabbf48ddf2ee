// Node's own test runner: node --test examples/testing/node-test.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startGatehouse } from 'gatehouse/testing';
import { signUpAndSignIn } from './sign-up.mjs';

let gatehouse;
before(async () => {
  gatehouse = await startGatehouse({ declarations: fileURLToPath(new URL('./pools.yaml', import.meta.url)) });
});
after(() => gatehouse?.stop());

test('a new user signs up, confirms and signs in', async () => {
  const attributes = await signUpAndSignIn(gatehouse, 'node-test@example.com', 'Node-Test-Passw0rd!');
  assert.equal(attributes.email, 'node-test@example.com');
  assert.equal(attributes.email_verified, 'true');
});
