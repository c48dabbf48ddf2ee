// The Hosted UI's password form goes through the same threat protection as the API: its sign-ins
// are recorded, and a configured block refuses them on the form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminListUserAuthEventsCommand, SetRiskConfigurationCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser } from '../helpers/users.js';
import { PASSWORD, HttpBrowser, authorizeUrl, oauthPool, signInThroughForm, type OAuthPool } from '../oauth/support.js';

describe('threat protection on the Hosted UI sign-in form', () => {
  let t: TestServer;
  let pool: OAuthPool;

  beforeAll(async () => {
    t = await startTestServer();
    pool = await oauthPool(t, { pool: { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } } });
  });
  afterAll(() => t.close());

  const authEvents = async (username: string) =>
    (await t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: pool.poolId, Username: username }))).AuthEvents ?? [];

  it('records a sign-in through the form, with the browser\'s user agent', async () => {
    await confirmedUser(t, pool, 'rae', PASSWORD, { email: 'rae@example.com' });
    const done = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, pool, { scope: 'openid' }), 'rae');
    expect(done.status).toBe(302);
    const [event] = await authEvents('rae');
    expect(event).toMatchObject({ EventType: 'SignIn', EventResponse: 'Pass', EventContextData: { IpAddress: '127.0.0.1' } });
  });

  it('refuses the form when the address is in BlockedIPRangeList, and records the block', async () => {
    await confirmedUser(t, pool, 'sol', PASSWORD, { email: 'sol@example.com' });
    await t.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool.poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ['127.0.0.0/8'] } }));
    const refused = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, pool, { scope: 'openid' }), 'sol');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Unable to login because of security reasons.');
    expect((await authEvents('sol'))[0]).toMatchObject({ EventResponse: 'Fail', EventRisk: { RiskDecision: 'Block' } });
    await t.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool.poolId }));
  });
});
