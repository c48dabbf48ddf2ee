import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('app client operations', () => {
  let t: TestServer;
  let poolId: string;
  beforeAll(async () => {
    t = await startTestServer();
    poolId = await t.fixtures.pool();
  });
  afterAll(() => t.close());

  const create = (input: Record<string, unknown>) =>
    t.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ...input }));

  it("creates a client with Cognito's id shape and defaults", async () => {
    const { UserPoolClient } = await create({});
    expect(UserPoolClient!.ClientId).toMatch(/^[a-z0-9]{26}$/);
    expect(UserPoolClient!.ClientSecret).toBeUndefined();
    expect(UserPoolClient).toMatchObject({
      ExplicitAuthFlows: expect.arrayContaining(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH']),
      AccessTokenValidity: 60, IdTokenValidity: 60, RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      EnableTokenRevocation: true, PreventUserExistenceErrors: 'LEGACY', AuthSessionValidity: 3,
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });

  it('generates a secret on request and returns it on describe', async () => {
    const { UserPoolClient } = await create({ GenerateSecret: true });
    expect(UserPoolClient!.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
    const described = await t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: UserPoolClient!.ClientId! }));
    expect(described.UserPoolClient!.ClientSecret).toBe(UserPoolClient!.ClientSecret);
  });

  it('stores and validates the OAuth settings', async () => {
    const { UserPoolClient } = await create({
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/callback'], LogoutURLs: ['http://localhost:3000/'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(UserPoolClient).toMatchObject({ AllowedOAuthFlows: ['code'], CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/callback'] });
    await expect(create({ AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['http://app.example.com/cb'] }))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(create({ AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['openid'] }))
      .rejects.toMatchObject({ name: 'InvalidOAuthFlowException' });
    await expect(create({ AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['api/read'], CallbackURLs: ['https://a.example.com/cb'] }))
      .rejects.toMatchObject({ name: 'ScopeDoesNotExistException' });
  });

  it('refuses legacy and ALLOW_ auth flows mixed, and token validity out of range', async () => {
    await expect(create({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(create({ AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' } })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const { UserPoolClient } = await create({ AccessTokenValidity: 2 });
    expect(UserPoolClient!.TokenValidityUnits!.AccessToken).toBe('hours');
  });

  it('replaces settings on update and deletes the client', async () => {
    const { UserPoolClient } = await create({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], ReadAttributes: ['email'] });
    const clientId = UserPoolClient!.ClientId!;
    const updated = await t.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, ClientName: 'renamed' }));
    expect(updated.UserPoolClient!.ClientName).toBe('renamed');
    expect(updated.UserPoolClient!.ReadAttributes).toBeUndefined();
    await t.cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    await expect(t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: `User pool client ${clientId} does not exist.` });
  });

  it("does not show a client through another pool's id", async () => {
    const { UserPoolClient } = await create({});
    const otherPool = await t.fixtures.pool();
    await expect(t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: otherPool, ClientId: UserPoolClient!.ClientId! })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('pages through ListUserPoolClients', async () => {
    const pool = await t.fixtures.pool();
    for (let i = 0; i < 3; i++) await t.fixtures.client(pool);
    const first = await t.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool, MaxResults: 2 }));
    expect(first.UserPoolClients).toHaveLength(2);
    const second = await t.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.UserPoolClients).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
  });
});
