// Jest (ES modules): node --experimental-vm-modules node_modules/jest/bin/jest.js --rootDir examples/testing
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { startGatehouse } from 'gatehouse/testing';
import { signUpAndSignIn } from './sign-up.mjs';

let gatehouse;
beforeAll(async () => {
  gatehouse = await startGatehouse({ declarations: fileURLToPath(new URL('./pools.yaml', import.meta.url)) });
});
afterAll(() => gatehouse?.stop());

test('a new user signs up, confirms and signs in', async () => {
  const attributes = await signUpAndSignIn(gatehouse, 'jest@example.com', 'Jest-Test-Passw0rd!');
  expect(attributes).toMatchObject({ email: 'jest@example.com', email_verified: 'true' });
});
