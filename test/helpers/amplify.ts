// Amplify v6 pointed at a test server: one configuration per app client, and a sign-out after each
// test so that no signed-in user leaks from one test into the next (Amplify keeps it globally).
import { afterEach } from 'vitest';
import { Amplify } from 'aws-amplify';
import { signOut } from 'aws-amplify/auth';
import type { TestServer } from './server.js';
import type { AppClient } from './users.js';

/** Registers the sign-out after each test; answers the function that points Amplify at a client of the server. */
export function useAmplify(server: () => TestServer): (client: AppClient) => void {
  afterEach(async () => {
    await signOut().catch(() => undefined);
  });
  return (client) =>
    Amplify.configure({ Auth: { Cognito: { userPoolId: client.poolId, userPoolClientId: client.clientId, userPoolEndpoint: server().url } } });
}
