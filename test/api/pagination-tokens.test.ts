// Every paginated operation, given a tampered pagination token (a token it issued, decoded,
// changed and encoded again, as a client could), answers InvalidParameterException: never a 500
// from the store binding a value of the wrong type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminAddUserToGroupCommand,
  AdminListDevicesCommand,
  AdminListGroupsForUserCommand,
  ConfirmDeviceCommand,
  CreateGroupCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListDevicesCommand,
  ListGroupsCommand,
  ListResourceServersCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  UpdateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Variants of a real token: its resume point (and each of its fields) replaced by values of other types, and malformed wholes. */
function tamperedTokens(token: string): string[] {
  const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
  // U+0000 is text PostgreSQL cannot bind.
  const wrongValues: unknown[] = [1, -1.5, true, null, [], ['x'], {}, { x: 'y' }, 'x'.repeat(5000), 'a\u0000b', { 'a\u0000b': 'x' }];
  const variants: unknown[] = [];
  for (const [key, value] of Object.entries(decoded)) {
    for (const wrong of wrongValues) variants.push({ ...decoded, [key]: wrong });
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of Object.keys(value)) {
        for (const wrong of wrongValues) variants.push({ ...decoded, [key]: { ...value, [inner]: wrong } });
      }
    }
  }
  variants.push([], null, 'string', 42, { ...decoded, a: undefined });
  return [...variants.map(encode), '!!!not-base64!!!', Buffer.from('{"q":').toString('base64url')];
}

describe('tampered pagination tokens', () => {
  let t: TestServer;
  let client: AppClient;
  let accessToken: string;
  beforeAll(async () => {
    t = await startTestServer();
    await t.cognito.send(new CreateUserPoolCommand({ PoolName: 'extra-pool' }));
    client = await t.fixtures.poolWithClient();
    const { poolId } = client;
    await t.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'second' }));
    for (const id of ['https://a.example.com', 'https://b.example.com']) {
      await t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: id, Name: new URL(id).hostname }));
    }
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } }));
    await confirmedUser(t, client, 'ana', PASSWORD);
    await confirmedUser(t, client, 'ann', PASSWORD);
    for (const group of ['g1', 'g2']) {
      await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: group }));
      for (const user of ['ana', 'ann']) await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: group, Username: user }));
    }
    // Two sign-ins, two confirmed devices.
    for (let i = 0; i < 2; i++) {
      const out = await t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD } }));
      accessToken = out.AuthenticationResult!.AccessToken!;
      const DeviceKey = out.AuthenticationResult!.NewDeviceMetadata!.DeviceKey!;
      await t.cognito.send(new ConfirmDeviceCommand({ AccessToken: accessToken, DeviceKey, DeviceSecretVerifierConfig: { PasswordVerifier: 'dmVyaWZpZXI=', Salt: 'c2FsdA==' } }));
    }
  });
  afterAll(() => t?.close());

  /** Each paginated operation: a first page of one item (which must carry a token), then the same call with a given token. */
  const operations: Array<[string, (token?: string) => Promise<{ token?: string }>]> = [
    ['ListUserPools', async (NextToken) => ({ token: (await t.cognito.send(new ListUserPoolsCommand({ MaxResults: 1, NextToken }))).NextToken })],
    ['ListUserPoolClients', async (NextToken) => ({ token: (await t.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: client.poolId, MaxResults: 1, NextToken }))).NextToken })],
    ['ListResourceServers', async (NextToken) => ({ token: (await t.cognito.send(new ListResourceServersCommand({ UserPoolId: client.poolId, MaxResults: 1, NextToken }))).NextToken })],
    ['ListGroups', async (NextToken) => ({ token: (await t.cognito.send(new ListGroupsCommand({ UserPoolId: client.poolId, Limit: 1, NextToken }))).NextToken })],
    ['AdminListGroupsForUser', async (NextToken) => ({ token: (await t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: client.poolId, Username: 'ana', Limit: 1, NextToken }))).NextToken })],
    ['ListUsersInGroup', async (NextToken) => ({ token: (await t.cognito.send(new ListUsersInGroupCommand({ UserPoolId: client.poolId, GroupName: 'g1', Limit: 1, NextToken }))).NextToken })],
    ['ListUsers', async (PaginationToken) => ({ token: (await t.cognito.send(new ListUsersCommand({ UserPoolId: client.poolId, Limit: 1, PaginationToken }))).PaginationToken })],
    ['ListUsers with a prefix filter', async (PaginationToken) => ({ token: (await t.cognito.send(new ListUsersCommand({ UserPoolId: client.poolId, Filter: 'username ^= "an"', Limit: 1, PaginationToken }))).PaginationToken })],
    ['ListDevices', async (PaginationToken) => ({ token: (await t.cognito.send(new ListDevicesCommand({ AccessToken: accessToken, Limit: 1, PaginationToken }))).PaginationToken })],
    ['AdminListDevices', async (PaginationToken) => ({ token: (await t.cognito.send(new AdminListDevicesCommand({ UserPoolId: client.poolId, Username: 'ana', Limit: 1, PaginationToken }))).PaginationToken })],
  ];

  it.each(operations)('%s answers InvalidParameterException to every tampered token and still pages with its own', async (_name, list) => {
    const { token } = await list();
    expect(token).toBeTruthy();
    // The genuine token still works.
    await list(token);
    for (const tampered of tamperedTokens(token!)) {
      await expect(list(tampered), tampered).rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
    }
  });
});
