// A client that floods the password endpoints (unknown usernames still cost a decoy hash) must
// not lock everyone else out: password work is admitted per source (client address, as the
// trusted proxy reports it, and app client) and fairly per pool, before any hashing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { HttpBrowser, authorizeUrl, oauthPool, signInThroughForm, PASSWORD, CALLBACK, type OAuthPool } from '../oauth/support.js';
import { confirmedUser } from '../helpers/users.js';

const FLOODER = '203.0.113.66';
const IN_FLIGHT = 40;
const MAX_FLOOD_REQUESTS = 2_000;

/** One InitiateAuth for an unknown user from `address`, through the API as any HTTP client sends it; answers the error type. */
async function unknownUserSignIn(t: TestServer, clientId: string, address: string, n: number): Promise<string> {
  const response = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth', 'x-forwarded-for': address },
    body: JSON.stringify({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: `nobody-${n}`, PASSWORD: 'Wr0ng-Passw0rd!' } }),
  });
  const body = (await response.json()) as { __type: string; message: string };
  if (body.__type === 'TooManyRequestsException') expect(body.message).toBe('Too many requests');
  return body.__type;
}

/**
 * Runs `during` while one source keeps IN_FLIGHT unknown-user sign-ins in flight, once the flood
 * has been refused at least once (its share is full). Answers the flood's error types.
 */
async function whileFlooding(t: TestServer, clientId: string, during: () => Promise<void>): Promise<string[]> {
  const outcomes: string[] = [];
  let sent = 0;
  let stop = false;
  let refused!: () => void;
  const firstRefusal = new Promise<void>((resolve) => (refused = resolve));
  const worker = async () => {
    while (!stop && sent < MAX_FLOOD_REQUESTS) {
      const outcome = await unknownUserSignIn(t, clientId, FLOODER, sent++);
      outcomes.push(outcome);
      if (outcome === 'TooManyRequestsException') refused();
    }
  };
  const workers = Array.from({ length: IN_FLIGHT }, worker);
  const flooding = Promise.all(workers).then(() => refused());
  try {
    await firstRefusal;
    expect(sent).toBeLessThan(MAX_FLOOD_REQUESTS);
    await during();
  } finally {
    stop = true;
    await flooding;
  }
  return outcomes;
}

describe('password work under a flood from one source', () => {
  let t: TestServer;
  let pool: OAuthPool;
  let other: OAuthPool;
  beforeAll(async () => {
    t = await startTestServer({
      config: {
        server: { trustProxy: '127.0.0.1' },
        // The production cost, so the flood outruns the cores; a short line so it fills quickly.
        security: { argon2MemoryKiB: 19_456, argon2Iterations: 2, maxQueuedPasswordHashes: 12, maxQueuedPasswordHashesPerSource: 4 },
      },
    });
    pool = await oauthPool(t);
    other = await oauthPool(t);
    await confirmedUser(t, pool, 'ana', PASSWORD, { email: 'ana@example.com' });
    await confirmedUser(t, other, 'bo', PASSWORD, { email: 'bo@example.com' });
  }, 60_000);
  afterAll(() => t?.close());

  const signIn = (client: OAuthPool, username: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));

  it("refuses the flooder with TooManyRequestsException while other sources' and pools' correct sign-ins go through", async () => {
    const outcomes = await whileFlooding(t, pool.clientId, async () => {
      // The same pool and app client from another address (the SDK connects directly: 127.0.0.1).
      expect((await signIn(pool, 'ana')).AuthenticationResult?.AccessToken).toBeTruthy();
      // Another pool.
      expect((await signIn(other, 'bo')).AuthenticationResult?.AccessToken).toBeTruthy();
      // A sign-up (it hashes the new password) from another address.
      const signUp = await t.cognito.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'cy', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'cy@example.com' }] }));
      expect(signUp.UserSub).toBeTruthy();
      // The Hosted UI's sign-in form, from another address.
      const page = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, pool, { scope: 'openid' }), 'ana');
      expect(page.location).toMatch(new RegExp(`^${CALLBACK}\\?code=`));
    });
    expect(outcomes).toContain('TooManyRequestsException');
    for (const outcome of new Set(outcomes)) expect(['TooManyRequestsException', 'NotAuthorizedException', 'UserNotFoundException']).toContain(outcome);
  }, 60_000);

  it('counts the same address through another app client as another source', async () => {
    const second = await t.fixtures.client(pool.poolId, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
    await whileFlooding(t, pool.clientId, async () => {
      for (let i = 0; i < 3; i++) {
        const response = await fetch(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth', 'x-forwarded-for': FLOODER },
          body: JSON.stringify({ ClientId: second.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD } }),
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { AuthenticationResult?: { AccessToken?: string } }).AuthenticationResult?.AccessToken).toBeTruthy();
      }
    });
  }, 60_000);
});
