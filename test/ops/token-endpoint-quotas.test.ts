// Request-rate quotas at the token endpoint, over real HTTP: grant_type=client_credentials counts
// against its pool's ClientAuthentication budget (the one GetClientToken counts against too), and
// grant_type=refresh_token against UserAuthentication; beyond them the answer is an OAuth error
// with HTTP 429. Rates are set low in config; time moves with the test clock, never by sleeping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  GetClientTokenCommand,
  GetProvisionedLimitCommand,
  InitiateAuthCommand,
  UpdateProvisionedLimitCommand,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { API, CALLBACK, oauthPool } from '../oauth/support.js';
import { burst, expectLimitedTo, sdkOutcome } from './bursts.js';

const CLIENT_TOKEN_AUTH = 'ALLOW_CLIENT_TOKEN_AUTH' as ExplicitAuthFlowsType;
const category = (Category: string, UserPoolId?: string) => ({
  LimitClass: 'API_CATEGORY' as const,
  Attributes: { Category, ...(UserPoolId && { UserPoolId }) },
});

/** A token endpoint answer: 200 passed, 429 throttled; anything else fails the test. */
function tokenOutcome(answer: PromiseSettledResult<Response>): 'passed' | 'throttled' {
  if (answer.status === 'rejected') throw answer.reason;
  if (answer.value.status === 200) return 'passed';
  if (answer.value.status === 429) return 'throttled';
  throw new Error(`the token endpoint answered ${answer.value.status}`);
}

/** The outcome of a burst sent partly to the token endpoint (fetch) and partly through the AWS SDK. */
const mixedOutcome = (answer: PromiseSettledResult<unknown>) =>
  answer.status === 'fulfilled' && answer.value instanceof Response ? tokenOutcome(answer as PromiseFulfilledResult<Response>) : sdkOutcome(answer);

const throttledAnswers = (answers: Array<PromiseSettledResult<Response>>) =>
  answers.flatMap((answer) => (answer.status === 'fulfilled' && answer.value.status === 429 ? [answer.value] : []));

describe('quotas at the token endpoint', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { quotas: { enabled: true, rates: { ClientAuthentication: 3, UserAuthentication: 3 }, maxRate: 1000 } } });
  });
  afterAll(() => t.close());

  /** A pool with a machine client allowed both client_credentials at /oauth2/token and GetClientToken. */
  async function machinePool() {
    const { poolId } = await oauthPool(t);
    const machine = await t.fixtures.client(poolId, {
      GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [`${API}/read`], ExplicitAuthFlows: [CLIENT_TOKEN_AUTH],
    });
    return { poolId, clientId: machine.clientId, clientSecret: machine.clientSecret! };
  }

  const clientCredentials = (m: { poolId: string; clientId: string; clientSecret: string }) =>
    fetch(`${t.url}/${m.poolId}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${m.clientId}:${m.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${API}/read` }),
    });

  it('answers client_credentials past the ClientAuthentication rate with 429 temporarily_unavailable, while another pool gets its tokens, and again after a second', async () => {
    const busy = await machinePool();
    const quiet = await machinePool();
    t.clock.advance(1000);
    const result = await burst(12, () => clientCredentials(busy), tokenOutcome);
    expectLimitedTo(result, 3);
    const throttled = throttledAnswers(result.answers)[0]!;
    expect(throttled.headers.get('content-type')).toMatch(/^application\/json/);
    expect(throttled.headers.get('cache-control')).toBe('no-store');
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(await throttled.json()).toEqual({ error: 'temporarily_unavailable', error_description: 'Too many requests' });
    // The other pool has its own budget.
    const other = await clientCredentials(quiet);
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
    // A second later the busy pool's budget has refilled.
    t.clock.advance(1000);
    expect((await clientCredentials(busy)).status).toBe(200);
  });

  it('counts a wrong secret too, so that a flood of them spends only its own pool\'s budget', async () => {
    const busy = await machinePool();
    const quiet = await machinePool();
    t.clock.advance(1000);
    const wrong = { ...busy, clientSecret: `${busy.clientSecret}x` };
    const result = await burst(12, () => clientCredentials(wrong), (answer) => {
      if (answer.status === 'fulfilled' && answer.value.status === 401) return 'passed';
      return tokenOutcome(answer);
    });
    expectLimitedTo(result, 3);
    expect((await clientCredentials(quiet)).status).toBe(200);
  });

  it('shares one ClientAuthentication budget between the token endpoint and GetClientToken', async () => {
    const m = await machinePool();
    t.clock.advance(1000);
    // Half of the burst through each door: together they pass one budget's worth, not two.
    let turn = 0;
    const result = await burst(12, async () => {
      if (turn++ % 2 === 0) return clientCredentials(m);
      return t.cognito.send(new GetClientTokenCommand({ ClientId: m.clientId, Secret: m.clientSecret }));
    }, mixedOutcome);
    expectLimitedTo(result, 3);
  });

  it('applies a rate set with UpdateProvisionedLimit for one pool to its client_credentials, and no other pool\'s', async () => {
    const raised = await machinePool();
    const other = await machinePool();
    const updated = await t.cognito.send(new UpdateProvisionedLimitCommand({ LimitDefinition: category('ClientAuthentication', raised.poolId), RequestedLimitValue: 6 }));
    expect(updated.Limit).toMatchObject({ ProvisionedLimitValue: 6, FreeLimitValue: 3 });
    t.clock.advance(1000);
    expectLimitedTo(await burst(14, () => clientCredentials(raised), tokenOutcome), 6);
    t.clock.advance(1000);
    expectLimitedTo(await burst(12, () => clientCredentials(other), tokenOutcome), 3);
    expect((await t.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category('ClientAuthentication', other.poolId) }))).Limit!.ProvisionedLimitValue).toBe(3);
  });

  it('counts grant_type=refresh_token against UserAuthentication, the budget InitiateAuth spends', async () => {
    const { poolId } = await oauthPool(t);
    const { clientId } = await t.fixtures.client(poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email'], CallbackURLs: [CALLBACK],
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ida', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'ida@example.com' }] }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ida', Password: 'Passw0rd!x', Permanent: true }));
    t.clock.advance(1000);
    const signedIn = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ida', PASSWORD: 'Passw0rd!x' } }));
    const refreshToken = signedIn.AuthenticationResult!.RefreshToken!;
    const refresh = () => fetch(`${t.url}/${poolId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken }),
    });
    t.clock.advance(1000);
    const result = await burst(12, refresh, tokenOutcome);
    expectLimitedTo(result, 3);
    expect(await throttledAnswers(result.answers)[0]!.json()).toEqual({ error: 'temporarily_unavailable', error_description: 'Too many requests' });
    // The same budget as InitiateAuth: half of a burst through each, together one budget's worth.
    t.clock.advance(1000);
    let turn = 0;
    const signIn = () => t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ida', PASSWORD: 'Passw0rd!x' } }));
    expectLimitedTo(await burst(12, async () => (turn++ % 2 === 0 ? refresh() : signIn()), mixedOutcome), 3);
  });
});

describe('the token endpoint with quotas off (the default)', () => {
  it('never throttles client_credentials', async () => {
    const t = await startTestServer({ config: { quotas: { rates: { ClientAuthentication: 1 } } } });
    try {
      const { poolId } = await oauthPool(t);
      const m = await t.fixtures.client(poolId, {
        GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: [`${API}/read`],
      });
      const basic = `Basic ${Buffer.from(`${m.clientId}:${m.clientSecret}`).toString('base64')}`;
      const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(`${t.url}/${poolId}/oauth2/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic }, body: 'grant_type=client_credentials',
      })));
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    } finally {
      await t.close();
    }
  });
});
