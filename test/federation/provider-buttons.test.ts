// The sign-in page's provider buttons are labelled by the provider's own name, whatever it is:
// names such as "constructor" or "toString" are not looked up among inherited object properties.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CALLBACK = 'http://localhost:3000/callback';
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('provider buttons on the Hosted UI sign-in page', () => {
  it('labels providers named like Object.prototype members by their names, and the social ones by their labels', async () => {
    const poolId = await t.fixtures.pool();
    const details = { client_id: 'app', client_secret: 'secret', authorize_scopes: 'openid', attributes_request_method: 'GET', oidc_issuer: 'http://127.0.0.1:9/idp', authorize_url: 'http://127.0.0.1:9/a', token_url: 'http://127.0.0.1:9/t', attributes_url: 'http://127.0.0.1:9/u', jwks_uri: 'http://127.0.0.1:9/k' };
    for (const ProviderName of ['constructor', 'toString']) {
      await t.cognito.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName, ProviderType: 'OIDC', ProviderDetails: details }));
    }
    await t.cognito.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Facebook', ProviderType: 'Facebook', ProviderDetails: { client_id: 'app', client_secret: 'secret', authorize_scopes: 'email' } }));
    const { clientId } = await t.fixtures.client(poolId, {
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK],
      SupportedIdentityProviders: ['COGNITO', 'constructor', 'toString', 'Facebook'],
    });
    const query = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: CALLBACK });
    const page = await fetch(`${t.url}/${poolId}/login?${query}`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Continue with constructor</a>');
    expect(text).toContain('Continue with toString</a>');
    expect(text).toMatch(/class="socialButton-customizable"[^>]*>Continue with Facebook<\/a>/);
    expect(text).not.toContain('function');
  });
});
