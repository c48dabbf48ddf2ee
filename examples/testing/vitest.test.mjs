// Vitest: npx vitest run --root examples/testing
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { startGatehouse } from 'gatehouse/testing';
import { signUpAndSignIn } from './sign-up.mjs';

let gatehouse;
beforeAll(async () => {
  gatehouse = await startGatehouse({ declarations: fileURLToPath(new URL('./pools.yaml', import.meta.url)) });
});
afterAll(() => gatehouse?.stop());

test('a new user signs up, confirms and signs in', async () => {
  const attributes = await signUpAndSignIn(gatehouse, 'vitest@example.com', 'Vitest-Test-Passw0rd!');
  expect(attributes).toMatchObject({ email: 'vitest@example.com', email_verified: 'true' });
});
