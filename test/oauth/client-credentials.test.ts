// client_credentials with custom scopes from a resource server, through openid-client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { API, oauthPool, type OAuthPool } from './support.js';


describe('client_credentials', () => {
  let t: TestServer;
  let pool: OAuthPool;
  let machine: { clientId: string; clientSecret?: string };
  const discover = (clientId: string, secret?: string, auth?: oidc.ClientAuth) =>
    oidc.discovery(new URL(`${t.url}/${pool.poolId}`), clientId, secret, auth, { execute: [oidc.allowInsecureRequests] });

  beforeAll(async () => {
    t = await startTestServer();
    pool = await oauthPool(t);
    machine = await t.fixtures.client(pool.poolId, {
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [`${API}/read`, `${API}/write`],
    });
  });
  afterAll(() => t.close());

  it('issues an access token carrying the requested custom scope, with no ID or refresh token', async () => {
    const config = await discover(machine.clientId, machine.clientSecret);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: `${API}/read` });
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    const claims = claimsOf(tokens.access_token);
    expect(claims).toMatchObject({ sub: machine.clientId, client_id: machine.clientId, token_use: 'access', scope: `${API}/read`, iss: `${t.url}/${pool.poolId}` });
    expect(claims.username).toBeUndefined();
  });

  it('grants every allowed scope when none is requested, with client_secret_post', async () => {
    const config = await discover(machine.clientId, undefined, oidc.ClientSecretPost(machine.clientSecret!));
    const tokens = await oidc.clientCredentialsGrant(config);
    expect(claimsOf(tokens.access_token).scope.split(' ').sort()).toEqual([`${API}/read`, `${API}/write`]);
  });

  it('refuses a scope the client is not allowed', async () => {
    const config = await discover(machine.clientId, machine.clientSecret);
    await expect(oidc.clientCredentialsGrant(config, { scope: `${API}/admin` })).rejects.toMatchObject({ error: 'invalid_scope' });
    await expect(oidc.clientCredentialsGrant(config, { scope: 'openid' })).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  it('refuses client_credentials to a client without the flow', async () => {
    const response = await fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: pool.clientId }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('refuses a wrong client secret with 401 invalid_client and WWW-Authenticate', async () => {
    const config = await discover(machine.clientId, 'not-the-secret');
    await expect(oidc.clientCredentialsGrant(config)).rejects.toMatchObject({ status: 401 });
    const post = await fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: machine.clientId, client_secret: `${machine.clientSecret}x` }),
    });
    expect(post.status).toBe(401);
    expect(post.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await post.json()).toMatchObject({ error: 'invalid_client' });
  });
});
