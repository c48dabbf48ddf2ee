// User pools, app clients and users are kept between requests on SQLite (src/store/kysely/record-cache.ts),
// so GetUser and AdminGetUser can answer without reading the database. Whatever the caches do, a
// change must be seen by the very next request: a changed client, a sign-out, a disabled or deleted
// user, made through the same server or by another process on the same store (SQLite file or
// PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser, signIn } from '../helpers/users.js';
import { USER_CACHE_QUIET_LOOKUPS } from '../../src/store/open.js';

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

describe('pools and app clients read after a change', () => {
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

const PASSWORD = 'Passw0rd!x';

describe('users read after a change', () => {
  async function signedInUser(username: string) {
    const client = await a.fixtures.poolWithClient();
    await adminCreatedUser(a, client.poolId, username, PASSWORD, [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'name', Value: 'first' }]);
    const token = (await signIn(a, client, username, PASSWORD)).AccessToken!;
    return { ...client, token };
  }

  // The cache keeps users only once enough lookups have passed without a write: asked that many
  // times and more, the last answers come from the cache. Every answer must be the same.
  const READS = USER_CACHE_QUIET_LOOKUPS + 3;
  const names = async (t: TestServer, token: string) => {
    const seen = new Set<string | undefined>();
    for (let i = 0; i < READS; i++) seen.add((await t.cognito.send(new GetUserCommand({ AccessToken: token }))).UserAttributes?.find((x) => x.Name === 'name')?.Value);
    return [...seen];
  };
  const adminNames = async (t: TestServer, poolId: string, username: string) => {
    const seen = new Set<string | undefined>();
    for (let i = 0; i < READS; i++) {
      seen.add((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserAttributes?.find((x) => x.Name === 'name')?.Value);
    }
    return [...seen];
  };
  const rename = (via: CognitoIdentityProviderClient, poolId: string, username: string, name: string) =>
    via.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: username, UserAttributes: [{ Name: 'name', Value: name }] }));

  it('sees attributes changed through the same server and by another process at once', async () => {
    const { poolId, token } = await signedInUser('ada');
    expect(await names(a, token)).toEqual(['first']);
    expect(await adminNames(a, poolId, 'ada')).toEqual(['first']);
    await rename(a.cognito, poolId, 'ada', 'second');
    expect(await names(a, token)).toEqual(['second']);
    expect(await adminNames(a, poolId, 'ada')).toEqual(['second']);
    await rename(b.cognito, poolId, 'ada', 'third');
    expect(await names(a, token)).toEqual(['third']);
    expect(await adminNames(a, poolId, 'ada')).toEqual(['third']);
  });

  it('refuses a token at once after a sign-out through the same server', async () => {
    const { poolId, token } = await signedInUser('bea');
    await names(a, token);
    await a.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'bea' }));
    await expect(a.cognito.send(new GetUserCommand({ AccessToken: token }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
  });

  it('refuses a token at once after a sign-out, or the user disabled, by another process', async () => {
    const signedOut = await signedInUser('cid');
    await names(a, signedOut.token);
    await b.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: signedOut.poolId, Username: 'cid' }));
    await expect(a.cognito.send(new GetUserCommand({ AccessToken: signedOut.token }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });

    const disabled = await signedInUser('cal');
    await names(a, disabled.token);
    await adminNames(a, disabled.poolId, 'cal');
    await b.cognito.send(new AdminDisableUserCommand({ UserPoolId: disabled.poolId, Username: 'cal' }));
    await expect(a.cognito.send(new GetUserCommand({ AccessToken: disabled.token }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(a.cognito.send(new AdminGetUserCommand({ UserPoolId: disabled.poolId, Username: 'cal' }))).resolves.toMatchObject({ Enabled: false });
  });

  it('forgets a deleted user at once, whether deleted by another process or with its pool', async () => {
    const { poolId, token } = await signedInUser('dee');
    expect(await adminNames(a, poolId, 'dee')).toEqual(['first']);
    await b.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'dee' }));
    await expect(a.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dee' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(a.cognito.send(new GetUserCommand({ AccessToken: token }))).rejects.toMatchObject({ name: expect.stringMatching(/NotAuthorizedException|UserNotFoundException/) });

    // The pool's deletion removes its users by cascade, not by a statement on users.
    const other = await signedInUser('eve');
    await names(a, other.token);
    await a.cognito.send(new DeleteUserPoolCommand({ UserPoolId: other.poolId }));
    await expect(a.cognito.send(new GetUserCommand({ AccessToken: other.token }))).rejects.toMatchObject({ name: expect.stringMatching(/NotAuthorizedException|UserNotFoundException/) });
  });

  it('tells the store of every request, API or not, before answering it', async () => {
    const store = a.server.deps.store;
    const told: string[] = [];
    const original = store.requestArrived.bind(store);
    store.requestArrived = () => {
      told.push('arrival');
      original();
    };
    try {
      const { token } = await signedInUser('fay');
      told.length = 0;
      await a.cognito.send(new GetUserCommand({ AccessToken: token }));
      expect(told).toEqual(['arrival']);
      expect((await fetch(`${a.url}/.well-known/jwks.json`)).status).toBeLessThan(500);
      expect(told).toEqual(['arrival', 'arrival']);
    } finally {
      store.requestArrived = original;
    }
  });
});
