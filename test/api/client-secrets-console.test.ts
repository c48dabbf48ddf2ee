// Rotating a client secret in the admin console (plain HTTP): the client page lists the active
// secrets without their values, adds one (shown once) and deletes one, through the API's operations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetClientTokenCommand, type ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { signedInConsole } from '../helpers/console.js';
import { errorOf } from '../helpers/errors.js';
import { API, oauthPool } from '../oauth/support.js';

const CLIENT_TOKEN_AUTH = 'ALLOW_CLIENT_TOKEN_AUTH' as ExplicitAuthFlowsType;

describe('client secrets in the admin console', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('adds a second secret shown once, then deletes the first, never showing a value on the client page', async () => {
    const c = await signedInConsole(t);
    const { poolId } = await oauthPool(t);
    const machine = await t.fixtures.client(poolId, { GenerateSecret: true, ExplicitAuthFlows: [CLIENT_TOKEN_AUTH], AllowedOAuthScopes: [`${API}/read`] });
    const page = `/admin/pools/${poolId}/clients/${machine.clientId}`;
    const token = (secret: string) => t.cognito.send(new GetClientTokenCommand({ ClientId: machine.clientId, Secret: secret }));

    // 1. One secret: listed by id, no delete button, an add button.
    let view = await c.get(page);
    expect(view.body).toContain('Yes, 1 active');
    expect(view.body).toContain(`${machine.clientId}--`);
    expect(view.body).toContain('the last secret cannot be deleted');
    expect(view.body).not.toContain(machine.clientSecret);

    // 2. Adding shows the new value once, on a no-store page; it works at once.
    const added = await c.post(`${page}/secrets`, {});
    expect(added.status).toBe(200);
    expect(added.headers.get('cache-control')).toBe('no-store');
    const second = /id="client-secret">([a-z0-9]+)</.exec(added.body)![1];
    expect((await token(second)).ClientAuthenticationResult?.AccessToken).toBeDefined();

    // 3. The page lists both, values hidden, each deletable; no third can be added.
    view = await c.get(page);
    expect(view.body).toContain('Yes, 2 active');
    expect(view.body).not.toContain(second);
    expect(view.body).not.toContain('Add a client secret');
    const ids = [...view.body.matchAll(/name="secretId" value="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);

    // 4. Deleting the first leaves the second working and the first refused.
    const deleted = await c.post(`${page}/secrets/delete`, { secretId: ids[0] });
    expect(deleted.status).toBe(303);
    expect((await c.get(page)).body).toContain('Client secret deleted.');
    expect((await errorOf(token(machine.clientSecret!))).name).toBe('NotAuthorizedException');
    expect((await token(second)).ClientAuthenticationResult?.AccessToken).toBeDefined();

    // 5. The last secret cannot be deleted: the console says why and keeps it.
    const last = await c.post(`${page}/secrets/delete`, { secretId: ids[1] });
    expect(last.status).toBe(303);
    expect((await c.get(page)).body).toContain('cannot be deleted');
    expect((await token(second)).ClientAuthenticationResult?.AccessToken).toBeDefined();
  });

  it('keeps ALLOW_CLIENT_TOKEN_AUTH checked on the edit form of a machine client', async () => {
    const c = await signedInConsole(t);
    const { poolId } = await oauthPool(t);
    const machine = await t.fixtures.client(poolId, { GenerateSecret: true, ExplicitAuthFlows: [CLIENT_TOKEN_AUTH], AllowedOAuthScopes: [`${API}/read`] });
    const form = await c.get(`/admin/pools/${poolId}/clients/${machine.clientId}/edit`);
    expect(form.body).toMatch(/value="ALLOW_CLIENT_TOKEN_AUTH"[^>]*checked/);
  });
});
