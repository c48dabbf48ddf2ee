import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  DeleteResourceServerCommand,
  DescribeResourceServerCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

const API = 'https://api.example.com';
const SCOPES = [
  { ScopeName: 'read', ScopeDescription: 'Read things' },
  { ScopeName: 'write', ScopeDescription: 'Write things' },
];

describe('resource servers', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('creates a resource server and describes it', async () => {
    const poolId = await t.fixtures.pool();
    const created = await t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'Example API', Scopes: SCOPES }));
    expect(created.ResourceServer).toEqual({ UserPoolId: poolId, Identifier: API, Name: 'Example API', Scopes: SCOPES });
    const described = await t.cognito.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: API }));
    expect(described.ResourceServer).toEqual(created.ResourceServer);
  });

  it('refuses a second resource server with the same identifier in a pool', async () => {
    const poolId = await t.fixtures.pool();
    await t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'First' }));
    await expect(t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'Second' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    // Identifiers are per pool.
    const other = await t.fixtures.pool();
    await t.cognito.send(new CreateResourceServerCommand({ UserPoolId: other, Identifier: API, Name: 'Elsewhere' }));
  });

  it('rejects invalid identifiers, names, scope names and duplicate scopes', async () => {
    const poolId = await t.fixtures.pool();
    for (const input of [
      { Identifier: 'has"quote', Name: 'n' },
      { Identifier: 'x'.repeat(257), Name: 'n' },
      { Identifier: 'ok', Name: 'bad/name' },
      { Identifier: 'ok', Name: 'n', Scopes: [{ ScopeName: 'a/b', ScopeDescription: 'slash' }] },
      { Identifier: 'ok', Name: 'n', Scopes: [{ ScopeName: 'dup', ScopeDescription: 'one' }, { ScopeName: 'dup', ScopeDescription: 'two' }] },
    ]) {
      await expect(t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, ...input })))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
    }
  });

  it('answers ResourceNotFoundException for an unknown resource server or pool', async () => {
    const poolId = await t.fixtures.pool();
    const missing = { name: 'ResourceNotFoundException' };
    await expect(t.cognito.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'nope' }))).rejects.toMatchObject(missing);
    await expect(t.cognito.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'nope', Name: 'n' }))).rejects.toMatchObject(missing);
    await expect(t.cognito.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'nope' }))).rejects.toMatchObject(missing);
    await expect(t.cognito.send(new ListResourceServersCommand({ UserPoolId: 'us-east-1_Missing99', MaxResults: 10 }))).rejects.toMatchObject(missing);
  });

  it('replaces the name and scopes on update', async () => {
    const poolId = await t.fixtures.pool();
    await t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'Old', Scopes: SCOPES }));
    const updated = await t.cognito.send(new UpdateResourceServerCommand({
      UserPoolId: poolId, Identifier: API, Name: 'New', Scopes: [{ ScopeName: 'admin', ScopeDescription: 'Everything' }],
    }));
    expect(updated.ResourceServer).toEqual({ UserPoolId: poolId, Identifier: API, Name: 'New', Scopes: [{ ScopeName: 'admin', ScopeDescription: 'Everything' }] });
    const described = await t.cognito.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: API }));
    expect(described.ResourceServer?.Scopes?.map((s) => s.ScopeName)).toEqual(['admin']);
  });

  it('deletes a resource server', async () => {
    const poolId = await t.fixtures.pool();
    await t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'Gone' }));
    await t.cognito.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: API }));
    await expect(t.cognito.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: API })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('lists resource servers in pages of MaxResults and refuses MaxResults above 50', async () => {
    const poolId = await t.fixtures.pool();
    const identifiers = ['api-a', 'api-b', 'api-c'];
    for (const identifier of identifiers) {
      await t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: identifier, Name: identifier }));
    }
    const first = await t.cognito.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2 }));
    expect(first.ResourceServers!.map((s) => s.Identifier)).toEqual(['api-a', 'api-b']);
    expect(first.NextToken).toBeDefined();
    const second = await t.cognito.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.ResourceServers!.map((s) => s.Identifier)).toEqual(['api-c']);
    expect(second.NextToken).toBeUndefined();
    await expect(t.cognito.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 51 })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('allows at most 25 resource servers in a pool', async () => {
    const poolId = await t.fixtures.pool();
    for (let i = 0; i < 25; i += 1) {
      await t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: `api-${i}`, Name: `api ${i}` }));
    }
    await expect(t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'api-25', Name: 'one too many' })))
      .rejects.toMatchObject({ name: 'LimitExceededException' });
  });

  it('lets a client use a custom scope only once its resource server defines it', async () => {
    const poolId = await t.fixtures.pool();
    const client = () => t.cognito.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'machine', GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: [`${API}/read`],
    }));
    await expect(client()).rejects.toMatchObject({ name: 'ScopeDoesNotExistException' });
    await t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'Example API', Scopes: SCOPES }));
    const { UserPoolClient } = await client();
    expect(UserPoolClient?.AllowedOAuthScopes).toEqual([`${API}/read`]);
    // A scope the server does not define is still refused.
    await expect(t.cognito.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'machine', GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: [`${API}/delete`],
    }))).rejects.toMatchObject({ name: 'ScopeDoesNotExistException' });
  });
});
