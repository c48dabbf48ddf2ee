// Request-rate quotas on sign-ins through external identity providers: every provider answer at
// /oauth2/idpresponse (here the development identity provider's, over real HTTP) and at
// /saml2/idpresponse (test/federation/saml-idp.ts's responses) counts against its pool's
// UserFederation budget. Beyond it the app hears temporarily_unavailable at its redirect URI and
// nothing is spent: the same answer, sent again a second later, signs the person in. Time moves with
// the test clock, never by sleeping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateIdentityProviderCommand, GetProvisionedLimitCommand, UpdateProvisionedLimitCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { CALLBACK, HttpBrowser, formOf, type Page } from '../oauth/support.js';
import { registerDevIdp } from '../federation/dev-idp-provider.js';
import { buildResponse, createTestIdp, readAuthnRequest, type TestIdp } from '../federation/saml-idp.js';
import { burst, expectLimitedTo } from './bursts.js';

const category = (Category: string, UserPoolId?: string) => ({
  LimitClass: 'API_CATEGORY' as const,
  Attributes: { Category, ...(UserPoolId && { UserPoolId }) },
});

/** Where a callback sent the browser: the app with a code (passed) or with temporarily_unavailable (throttled). */
function callbackOutcome(answer: PromiseSettledResult<Page>): 'passed' | 'throttled' {
  if (answer.status === 'rejected') throw answer.reason;
  const location = answer.value.location;
  if (answer.value.status !== 302 || !location?.startsWith(`${CALLBACK}?`)) throw new Error(`the callback answered ${answer.value.status} ${location ?? answer.value.text.slice(0, 300)}`);
  const query = new URL(location).searchParams;
  expect(query.get('state')).toBe('app-state');
  if (query.get('code')) return 'passed';
  if (query.get('error') === 'temporarily_unavailable') return 'throttled';
  throw new Error(`the app was sent ${location}`);
}

const isThrottled = (answer: PromiseSettledResult<Page>) =>
  answer.status === 'fulfilled' && new URL(answer.value.location!).searchParams.get('error') === 'temporarily_unavailable';

describe('quotas on sign-ins through the development identity provider (/oauth2/idpresponse)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { devIdp: { enabled: true }, quotas: { enabled: true, rates: { UserFederation: 2 }, maxRate: 1000 } } });
  });
  afterAll(() => t.close());

  /** A pool whose app client signs people in with the development identity provider only. */
  async function federatedPool() {
    const poolId = await t.fixtures.pool({ Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }] });
    await registerDevIdp(t, poolId);
    const { clientId } = await t.fixtures.client(poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['DevIdP'],
    });
    return { poolId, clientId };
  }

  /**
   * A sign-in taken as far as the provider's answer: the app's authorization request, the provider's
   * form posted, and the redirect to /oauth2/idpresponse not yet followed. `answer()` follows it.
   */
  async function startSignIn(pool: { poolId: string; clientId: string }, n: number) {
    const browser = new HttpBrowser(t.url);
    const query = new URLSearchParams({ client_id: pool.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid email', state: 'app-state', identity_provider: 'DevIdP' });
    const page = await browser.follow(`${t.url}/${pool.poolId}/oauth2/authorize?${query}`);
    expect(new URL(page.url).pathname).toBe('/_dev-idp/authorize');
    const form = formOf(page, 'authorize');
    const back = await browser.request(form.action, { form: { ...form.hidden, name: `Person ${n}`, email: `person${n}@example.com` } });
    expect(new URL(back.location!).pathname).toMatch(/\/oauth2\/idpresponse$/);
    return { answer: () => browser.request(back.location!) };
  }

  const startSignIns = async (pool: { poolId: string; clientId: string }, count: number) => {
    const started = [];
    for (let n = 0; n < count; n++) started.push(await startSignIn(pool, n));
    return started;
  };

  it('sends the app temporarily_unavailable past the UserFederation rate, spending nothing, while another pool signs people in', async () => {
    const busy = await federatedPool();
    const quiet = await federatedPool();
    const started = await startSignIns(busy, 8);
    const other = await startSignIn(quiet, 99);
    t.clock.advance(1000);
    let next = 0;
    const result = await burst(started.length, () => started[next++]!.answer(), callbackOutcome);
    expectLimitedTo(result, 2);
    // The other pool has its own budget.
    expect(callbackOutcome((await Promise.allSettled([other.answer()]))[0]!)).toBe('passed');
    // Nothing was spent for a throttled answer (neither the state nor the provider's code): the
    // browser sends the same one again a second later and the person is signed in.
    const throttled = result.answers.findIndex(isThrottled);
    t.clock.advance(1000);
    expect(callbackOutcome((await Promise.allSettled([started[throttled]!.answer()]))[0]!)).toBe('passed');
  });

  it('applies a rate set with UpdateProvisionedLimit for one pool to its federated sign-ins', async () => {
    const pool = await federatedPool();
    const updated = await t.cognito.send(new UpdateProvisionedLimitCommand({ LimitDefinition: category('UserFederation', pool.poolId), RequestedLimitValue: 4 }));
    expect(updated.Limit).toMatchObject({ ProvisionedLimitValue: 4, FreeLimitValue: 2 });
    const started = await startSignIns(pool, 10);
    t.clock.advance(1000);
    let next = 0;
    expectLimitedTo(await burst(started.length, () => started[next++]!.answer(), callbackOutcome), 4);
    expect((await t.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category('UserFederation') }))).Limit!.ProvisionedLimitValue).toBe(2);
  });
});

describe('quotas on SAML sign-ins (/saml2/idpresponse)', () => {
  let t: TestServer;
  let idp: TestIdp;
  beforeAll(async () => {
    t = await startTestServer({ config: { quotas: { enabled: true, rates: { UserFederation: 2 } } } });
    idp = createTestIdp();
  });
  afterAll(() => t.close());

  it('counts each SAML response against UserFederation, and a throttled one may be posted again', async () => {
    const poolId = await t.fixtures.pool();
    await t.cognito.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: 'MySAML', ProviderType: 'SAML', ProviderDetails: { MetadataFile: idp.metadata },
      AttributeMapping: { name: 'displayName' },
    }));
    const { clientId } = await t.fixtures.client(poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'profile'],
      CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['MySAML'],
    });
    const acsUrl = `${t.url}/${poolId}/saml2/idpresponse`;
    // SP-initiated sign-ins, each answered by the IdP with its own signed response.
    const posts: Array<{ SAMLResponse: string; RelayState: string }> = [];
    for (let n = 0; n < 6; n++) {
      const query = new URLSearchParams({ client_id: clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid profile', state: 'app-state', identity_provider: 'MySAML' });
      const redirect = await fetch(`${t.url}/${poolId}/oauth2/authorize?${query}`, { redirect: 'manual' });
      const request = readAuthnRequest(redirect.headers.get('location')!);
      const SAMLResponse = await buildResponse(idp, {
        acsUrl, audience: `urn:amazon:cognito:sp:${poolId}`, nameId: `user${n}@example.com`, inResponseTo: request.id, attributes: { displayName: `User ${n}` },
      });
      posts.push({ SAMLResponse, RelayState: request.relayState });
    }
    const browser = new HttpBrowser(t.url);
    const post = (form: { SAMLResponse: string; RelayState: string }) => browser.request(acsUrl, { form });
    t.clock.advance(1000);
    let next = 0;
    const result = await burst(posts.length, () => post(posts[next++]!), callbackOutcome);
    expectLimitedTo(result, 2);
    // Neither the request nor the assertion was marked used: the same response, again, signs in.
    const throttled = result.answers.findIndex(isThrottled);
    t.clock.advance(1000);
    expect(callbackOutcome((await Promise.allSettled([post(posts[throttled]!)]))[0]!)).toBe('passed');
  });
});
