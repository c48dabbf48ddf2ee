// The Hosted UI's password form goes through the same threat protection as the API: its sign-ins
// are recorded, and a configured block refuses them on the form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminListUserAuthEventsCommand, InitiateAuthCommand, SetRiskConfigurationCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser } from '../helpers/users.js';
import { PASSWORD, HttpBrowser, authorizeUrl, oauthPool, signInThroughForm, type OAuthPool } from '../oauth/support.js';

describe('threat protection on the Hosted UI sign-in form', () => {
  let t: TestServer;
  let pool: OAuthPool;

  beforeAll(async () => {
    t = await startTestServer({ config: { threatProtection: { passwordSprayUsers: 2 } } });
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

  it('blocks a high-risk form sign-in under MFA_REQUIRED when the user has no MFA to ask', async () => {
    const other = await oauthPool(t, { pool: { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } } });
    await t.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: other.poolId, AccountTakeoverRiskConfiguration: { Actions: { HighAction: { Notify: false, EventAction: 'MFA_REQUIRED' } } } }));
    for (const name of ['tia', 'ugo', 'val']) await confirmedUser(t, other, name, PASSWORD, { email: `${name}@example.com` });
    // 1. Two users fail from this address (password spraying, with passwordSprayUsers 2).
    for (const name of ['tia', 'ugo']) {
      await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: other.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name, PASSWORD: 'Wrong-Passw0rd!' } })))
        .rejects.toMatchObject({ name: 'NotAuthorizedException' });
    }
    // 2. The next form sign-in from here is High risk: MFA required, and val has none.
    const refused = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, other, { scope: 'openid' }), 'val');
    expect(refused.status).toBe(400);
    expect((await t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: other.poolId, Username: 'val' }))).AuthEvents![0])
      .toMatchObject({ EventResponse: 'Fail', EventRisk: { RiskDecision: 'Block', RiskLevel: 'High' } });
  });
});
