// The Hosted UI's password sign-in counts against its pool's UserAuthentication quota (as
// InitiateAuth does): beyond the rate the form comes back with HTTP 429 and no password is checked;
// another pool signs people in meanwhile. Time moves with the test clock, never by sleeping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { CALLBACK, HttpBrowser, PASSWORD, authorizeUrl, oauthPool, type OAuthPool } from '../oauth/support.js';

describe('quotas on Hosted UI sign-ins', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { quotas: { enabled: true, rates: { UserAuthentication: 3 } } } });
  });
  afterAll(() => t.close());

  async function poolWithUser(username: string): Promise<OAuthPool> {
    const pool = await oauthPool(t);
    await t.cognito.send(new AdminCreateUserCommand({
      UserPoolId: pool.poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: PASSWORD, Permanent: true }));
    return pool;
  }

  it('answers 429 past the pool UserAuthentication rate without checking the password, while another pool signs in', async () => {
    const busy = await poolWithUser('ann');
    const quiet = await poolWithUser('ben');
    const browser = new HttpBrowser(t.url);
    const login = await browser.follow(authorizeUrl(t, busy, { scope: 'openid' }));
    expect(login.status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await browser.submit(login, 'login', { username: 'ann', password: 'Wrong-Passw0rd!' })).status);
    // Three a second pass (and fail on the password); the others are turned away before it is checked.
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    const throttled = await browser.submit(login, 'login', { username: 'ann', password: PASSWORD });
    expect(throttled.status).toBe(429);
    expect(throttled.text).toContain('Too many requests');

    const other = new HttpBrowser(t.url);
    const signedIn = await other.submit(await other.follow(authorizeUrl(t, quiet, { scope: 'openid' })), 'login', { username: 'ben', password: PASSWORD });
    expect(signedIn.location).toMatch(new RegExp(`^${CALLBACK}\\?code=`));

    // The next second brings a new budget: the right password signs in, as if nothing had happened.
    t.clock.advance(1_000);
    const later = await browser.submit(login, 'login', { username: 'ann', password: PASSWORD });
    expect(later.location).toMatch(new RegExp(`^${CALLBACK}\\?code=`));
  });
});
