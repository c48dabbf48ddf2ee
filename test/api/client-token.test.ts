// GetClientToken through the AWS SDK: machine-to-machine access tokens for a confidential client
// with the ALLOW_CLIENT_TOKEN_AUTH flow, the same tokens /oauth2/token grants client_credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  GetClientTokenCommand,
  UpdateUserPoolClientCommand,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { errorOf, errorWithStatusOf } from '../helpers/errors.js';
import { claimsOf } from '../helpers/tokens.js';
import { API, oauthPool } from '../oauth/support.js';

// Cognito: GetClientToken's flow, which the SDK's ExplicitAuthFlowsType does not list yet.
const CLIENT_TOKEN_AUTH = 'ALLOW_CLIENT_TOKEN_AUTH' as ExplicitAuthFlowsType;

describe('GetClientToken', () => {
  let t: TestServer;
  let poolId: string;
  let machine: { clientId: string; clientSecret?: string };

  const getToken = (input: { ClientId: string; Secret: string; Scopes?: string[]; ClientMetadata?: Record<string, string> }) =>
    t.cognito.send(new GetClientTokenCommand(input));
  const machineClient = (input: Record<string, unknown> = {}) => t.fixtures.client(poolId, {
    GenerateSecret: true, ExplicitAuthFlows: [CLIENT_TOKEN_AUTH], AllowedOAuthScopes: [`${API}/read`, `${API}/write`], ...input,
  });

  beforeAll(async () => {
    t = await startTestServer();
    poolId = (await oauthPool(t)).poolId;
    machine = await machineClient();
  });
  afterAll(() => t.close());

  it('issues an access token for the client with every allowed scope when none is asked for', async () => {
    const { ClientAuthenticationResult: result } = await getToken({ ClientId: machine.clientId, Secret: machine.clientSecret! });
    expect(result).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
    const claims = claimsOf(result!.AccessToken!);
    expect(claims).toMatchObject({ sub: machine.clientId, client_id: machine.clientId, token_use: 'access', iss: `${t.url}/${poolId}`, version: 2 });
    expect(claims.scope.split(' ').sort()).toEqual([`${API}/read`, `${API}/write`]);
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.username).toBeUndefined();
  });

  it('mints the same token /oauth2/token grants for client_credentials, and the API accepts neither as a user token', async () => {
    const oauthMachine = await t.fixtures.client(poolId, {
      GenerateSecret: true, ExplicitAuthFlows: [CLIENT_TOKEN_AUTH], AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: [`${API}/read`],
    });
    const api = claimsOf((await getToken({ ClientId: oauthMachine.clientId, Secret: oauthMachine.clientSecret! })).ClientAuthenticationResult!.AccessToken!);
    const response = await fetch(`${t.url}/${poolId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: oauthMachine.clientId, client_secret: oauthMachine.clientSecret! }),
    });
    const endpoint = claimsOf(((await response.json()) as { access_token: string }).access_token);
    const shape = (claims: Record<string, unknown>) => Object.fromEntries(Object.entries(claims).filter(([k]) => !['jti', 'iat', 'exp', 'auth_time'].includes(k)));
    expect(shape(api)).toEqual(shape(endpoint));
    expect(Object.keys(api).sort()).toEqual(Object.keys(endpoint).sort());
  });

  it('grants the scopes asked for, and refuses one the client is not allowed or that is not a resource-server scope', async () => {
    const { ClientAuthenticationResult: result } = await getToken({ ClientId: machine.clientId, Secret: machine.clientSecret!, Scopes: [`${API}/write`] });
    expect(claimsOf(result!.AccessToken!).scope).toBe(`${API}/write`);
    for (const scope of [`${API}/admin`, 'openid', 'https://other.example.com/read']) {
      expect(await errorOf(getToken({ ClientId: machine.clientId, Secret: machine.clientSecret!, Scopes: [scope] }))).toEqual({
        name: 'InvalidParameterException', message: `Invalid scope requested: ${scope}`,
      });
    }
    const noScopes = await machineClient({ AllowedOAuthScopes: [] });
    expect((await errorOf(getToken({ ClientId: noScopes.clientId, Secret: noScopes.clientSecret! }))).name).toBe('InvalidParameterException');
  });

  it('accepts either secret during a rotation', async () => {
    const rotating = await machineClient();
    const { ClientSecretDescriptor } = await t.cognito.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: rotating.clientId }));
    for (const secret of [rotating.clientSecret!, ClientSecretDescriptor!.ClientSecretValue!]) {
      expect((await getToken({ ClientId: rotating.clientId, Secret: secret })).ClientAuthenticationResult?.AccessToken).toBeDefined();
    }
  });

  it('refuses a wrong secret, a public client and an unknown client before revealing anything else', async () => {
    expect(await errorWithStatusOf(getToken({ ClientId: machine.clientId, Secret: `${machine.clientSecret}x` }))).toEqual({
      name: 'NotAuthorizedException', message: `Unable to verify secret for client ${machine.clientId}`, status: 400,
    });
    const publicClient = await t.fixtures.client(poolId);
    expect((await errorOf(getToken({ ClientId: publicClient.clientId, Secret: 'anything' }))).name).toBe('NotAuthorizedException');
    // A confidential client without the flow is refused only once it has proved its secret.
    const userClient = await t.fixtures.client(poolId, { GenerateSecret: true });
    expect((await errorOf(getToken({ ClientId: userClient.clientId, Secret: 'wrong' }))).name).toBe('NotAuthorizedException');
    expect(await errorOf(getToken({ ClientId: userClient.clientId, Secret: userClient.clientSecret! }))).toEqual({
      name: 'InvalidParameterException', message: 'ALLOW_CLIENT_TOKEN_AUTH flow not enabled for this client',
    });
    expect((await errorOf(getToken({ ClientId: 'nosuchclient0000000000000', Secret: 'anything' }))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(getToken({ ClientId: machine.clientId, Secret: '' }))).name).toBe('InvalidParameterException');
  });

  it('keeps ALLOW_CLIENT_TOKEN_AUTH the only flow of a confidential client', async () => {
    const described = await t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: machine.clientId }));
    expect(described.UserPoolClient!.ExplicitAuthFlows).toEqual([CLIENT_TOKEN_AUTH]);
    expect(await errorOf(machineClient({ ExplicitAuthFlows: [CLIENT_TOKEN_AUTH, 'ALLOW_REFRESH_TOKEN_AUTH'] }))).toEqual({
      name: 'InvalidParameterException', message: 'ALLOW_CLIENT_TOKEN_AUTH cannot be combined with user authentication flows in ExplicitAuthFlows.',
    });
    expect((await errorOf(machineClient({ GenerateSecret: false }))).name).toBe('InvalidParameterException');
    // UpdateUserPoolClient: a user client with a secret may switch to machine tokens; a public one may not.
    const userClient = await t.fixtures.client(poolId, { GenerateSecret: true });
    await t.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: userClient.clientId, ExplicitAuthFlows: [CLIENT_TOKEN_AUTH], AllowedOAuthScopes: [`${API}/read`] }));
    expect((await getToken({ ClientId: userClient.clientId, Secret: userClient.clientSecret! })).ClientAuthenticationResult?.AccessToken).toBeDefined();
    const publicClient = await t.fixtures.client(poolId);
    expect((await errorOf(t.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: publicClient.clientId, ExplicitAuthFlows: [CLIENT_TOKEN_AUTH] })))).name)
      .toBe('InvalidParameterException');
  });
});
