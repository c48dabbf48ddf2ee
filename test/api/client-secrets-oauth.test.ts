// Client authentication during a secret rotation: /oauth2/token (client_secret_basic through
// openid-client, client_secret_post by hand), /oauth2/revoke and RevokeToken accept either active
// secret, and refuse a deleted one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import {
  AddUserPoolClientSecretCommand,
  DeleteUserPoolClientSecretCommand,
  ListUserPoolClientSecretsCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { errorOf } from '../helpers/errors.js';
import { claimsOf } from '../helpers/tokens.js';
import { adminCreatedUser, signIn, type AppClient } from '../helpers/users.js';
import { API, oauthPool } from '../oauth/support.js';

const PASSWORD = 'Corr3ct-Horse!';

describe('client authentication with rotated secrets', () => {
  let t: TestServer;
  let poolId: string;

  const addSecret = async (client: AppClient): Promise<string> =>
    (await t.cognito.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: client.clientId }))).ClientSecretDescriptor!.ClientSecretValue!;
  const deleteFirstSecret = async (client: AppClient): Promise<void> => {
    const { ClientSecrets } = await t.cognito.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: client.clientId }));
    await t.cognito.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: client.clientId, ClientSecretId: ClientSecrets![0].ClientSecretId! }));
  };
  const basicGrant = async (clientId: string, secret: string) => {
    const config = await oidc.discovery(new URL(`${t.url}/${poolId}`), clientId, secret, undefined, { execute: [oidc.allowInsecureRequests] });
    return oidc.clientCredentialsGrant(config, { scope: `${API}/read` });
  };
  const postForm = (path: string, form: Record<string, string>) => fetch(`${t.url}/${poolId}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form),
  });

  beforeAll(async () => {
    t = await startTestServer();
    poolId = (await oauthPool(t)).poolId;
  });
  afterAll(() => t.close());

  it('/oauth2/token takes either secret, by Basic or in the form, and refuses the deleted one', async () => {
    const machine: AppClient = { poolId, ...(await t.fixtures.client(poolId, {
      GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: [`${API}/read`],
    })) };
    const first = machine.clientSecret!;
    const second = await addSecret(machine);
    // 1. Both secrets authenticate, with client_secret_basic and client_secret_post.
    for (const secret of [first, second]) {
      expect(claimsOf((await basicGrant(machine.clientId, secret)).access_token)).toMatchObject({ client_id: machine.clientId, scope: `${API}/read` });
      const posted = await postForm('/oauth2/token', { grant_type: 'client_credentials', client_id: machine.clientId, client_secret: secret });
      expect(posted.status).toBe(200);
    }
    // 2. After the first is deleted it is refused (401 invalid_client); the second still works.
    await deleteFirstSecret(machine);
    await expect(basicGrant(machine.clientId, first)).rejects.toMatchObject({ status: 401 });
    const refused = await postForm('/oauth2/token', { grant_type: 'client_credentials', client_id: machine.clientId, client_secret: first });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_client' });
    expect((await basicGrant(machine.clientId, second)).access_token).toBeDefined();
  });

  it('/oauth2/revoke and RevokeToken take the added secret, and refuse a deleted one', async () => {
    const app: AppClient = { poolId, ...(await t.fixtures.client(poolId, { GenerateSecret: true })) };
    await adminCreatedUser(t, poolId, 'revoker', PASSWORD, [{ Name: 'email', Value: 'revoker@example.com' }]);
    const first = app.clientSecret!;
    const second = await addSecret(app);
    // 1. The form's client_secret may be the added secret.
    const viaEndpoint = (await signIn(t, app, 'revoker', PASSWORD)).RefreshToken!;
    expect((await postForm('/oauth2/revoke', { token: viaEndpoint, client_id: app.clientId, client_secret: second })).status).toBe(200);
    // 2. So may RevokeToken's ClientSecret.
    const viaApi = (await signIn(t, app, 'revoker', PASSWORD)).RefreshToken!;
    await t.cognito.send(new RevokeTokenCommand({ Token: viaApi, ClientId: app.clientId, ClientSecret: second }));
    // 3. A deleted secret is refused by both.
    await deleteFirstSecret(app);
    const token = (await signIn(t, { ...app, clientSecret: second }, 'revoker', PASSWORD)).RefreshToken!;
    expect((await postForm('/oauth2/revoke', { token, client_id: app.clientId, client_secret: first })).status).toBe(401);
    expect((await errorOf(t.cognito.send(new RevokeTokenCommand({ Token: token, ClientId: app.clientId, ClientSecret: first })))).name).toBe('UnauthorizedException');
  });
});
