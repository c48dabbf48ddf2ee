// User pools and app clients are kept between requests on SQLite (src/store/kysely/record-cache.ts).
// Whatever the cache does, a change must be seen by the very next request: one made through the
// same server, and one made by another process on the same store (SQLite file or PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('pools and app clients read after a change', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer();
    // A second process on the same store.
    b = await startTestServer({ dataDir: a.server.deps.config.storage.dataDir, databaseUrl: a.server.deps.config.storage.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function signedIn(t: TestServer, poolId: string, clientId: string, username: string): Promise<string> {
    await t.cognito.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: username, TemporaryPassword: 'Passw0rd!x', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'name', Value: 'Ada' }],
    }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: 'Passw0rd!x', Permanent: true }));
    const signIn = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!x' },
    }));
    return signIn.AuthenticationResult!.AccessToken!;
  }

  const attributeNames = async (t: TestServer, token: string) =>
    ((await t.cognito.send(new GetUserCommand({ AccessToken: token }))).UserAttributes ?? []).map((attribute) => attribute.Name).sort();

  it('answers GetUser with the client readable attributes of the moment, changed through the same server', async () => {
    const { poolId, clientId } = await a.fixtures.poolWithClient();
    const token = await signedIn(a, poolId, clientId, 'ada');
    expect(await attributeNames(a, token)).toEqual(['email', 'name', 'sub']);
    await a.cognito.send(new UpdateUserPoolClientCommand({
      UserPoolId: poolId, ClientId: clientId, ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], ReadAttributes: ['email'],
    }));
    expect(await attributeNames(a, token)).toEqual(['email', 'sub']);
  });

  it('sees a client changed and then deleted by another process at once', async () => {
    const { poolId, clientId } = await a.fixtures.poolWithClient();
    const token = await signedIn(a, poolId, clientId, 'bea');
    const describe = () => a.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    expect((await describe()).UserPoolClient?.ClientName).not.toBe('renamed elsewhere');
    expect(await attributeNames(a, token)).toContain('name');
    await b.cognito.send(new UpdateUserPoolClientCommand({
      UserPoolId: poolId, ClientId: clientId, ClientName: 'renamed elsewhere',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], ReadAttributes: ['email'],
    }));
    expect((await describe()).UserPoolClient?.ClientName).toBe('renamed elsewhere');
    expect(await attributeNames(a, token)).toEqual(['email', 'sub']);
    await b.cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    await expect(describe()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('sees a pool changed by another process at once', async () => {
    const { poolId } = await a.fixtures.poolWithClient();
    const read = async () => (await a.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    expect((await read()).UserPoolTags ?? {}).not.toHaveProperty('stage');
    await b.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolTags: { stage: 'changed elsewhere' } }));
    expect((await read()).UserPoolTags).toMatchObject({ stage: 'changed elsewhere' });
  });
});
