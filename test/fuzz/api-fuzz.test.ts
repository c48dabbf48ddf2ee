// Property-based fuzzing of every JSON API operation: inputs generated from each operation's own
// schema, pointed at a real pool, clients, users and tokens, then broken (see arbitraries.ts). Every
// answer must be Cognito-shaped and below 500, none may hang, and afterwards every pool, client and
// user still reads back whole. GATEHOUSE_FUZZ_REQUESTS sets the number of requests (the long run is
// recorded in bench/README.md); the suite runs a short one.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  CreateGroupCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  paginateListUsers,
} from '@aws-sdk/client-cognito-identity-provider';
import { operations } from '../../src/api/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser, signIn } from '../helpers/users.js';
import { fromSchema, requestBody, type KnownValues } from './arbitraries.js';
import { expectCognitoShaped, postApi } from './client.js';

const REQUESTS = Number(process.env.GATEHOUSE_FUZZ_REQUESTS ?? 2000);
const PASSWORD = 'Fuzz-Passw0rd!';

describe('fuzzing the JSON API', () => {
  let t: TestServer;
  const known: KnownValues = {};

  /** A pool with two clients (one with a secret), a domain, a group, two users and their tokens. */
  async function prepare(): Promise<void> {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ PoolName: 'fuzz' }, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_CUSTOM_AUTH'] });
    const secretClient = await t.fixtures.client(poolId, { GenerateSecret: true });
    // Hex, not base 36: a random base-36 name can spell a reserved word ("aws"), which Cognito refuses.
    const prefix = `fuzz-${randomBytes(4).toString('hex')}`;
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    for (const username of ['alice', 'bob']) await adminCreatedUser(t, poolId, username, PASSWORD, [{ Name: 'email', Value: `${username}@example.com` }]);
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'admins' }));
    const tokens = await signIn(t, { poolId, clientId }, 'alice', PASSWORD);
    Object.assign(known, {
      UserPoolId: [poolId],
      ClientId: [clientId, secretClient.clientId],
      Username: ['alice', 'bob', 'alice@example.com', 'nobody'],
      USERNAME: ['alice', 'bob'],
      PASSWORD: [PASSWORD],
      Password: [PASSWORD],
      PreviousPassword: [PASSWORD],
      ProposedPassword: ['Another-Passw0rd!'],
      AccessToken: [tokens.AccessToken!],
      Token: [tokens.RefreshToken!],
      REFRESH_TOKEN: [tokens.RefreshToken!],
      RefreshToken: [tokens.RefreshToken!],
      GroupName: ['admins'],
      Domain: [prefix],
      AuthFlow: ['USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH', 'USER_SRP_AUTH', 'USER_AUTH', 'CUSTOM_AUTH'],
      PREFERRED_CHALLENGE: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'],
      ResourceArn: [`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`],
    });
  }

  beforeAll(async () => {
    t = await startTestServer();
    await prepare();
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`answers ${REQUESTS} generated and broken requests without a 5xx or a hang`, async () => {
    const names = [...operations.keys()];
    const request = fc.constantFrom(...names).chain((name) =>
      fc.record({
        name: fc.constant(name),
        body: requestBody(fromSchema(operations.get(name)!.input, known)),
        sign: fc.nat(9).map((n) => n > 0),
        target: fc.nat(29).map((n) => (n === 0 ? `Bogus.${name}` : n === 1 ? name : `AWSCognitoIdentityProviderService.${name}`)),
        contentType: fc.nat(19).map((n) => (n === 0 ? 'text/plain' : n === 1 ? 'application/json' : undefined)),
      }));
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ name, body, sign, target, contentType }) => {
        const response = await postApi(t.url, target, body, { sign: sign && operations.get(name)!.auth === 'admin', contentType });
        expectCognitoShaped(response, `${name} ${body.slice(0, 200)}`);
        sent += 1;
        // Fuzzing deletes, disables and signs out what it was pointed at: renew the targets now and then.
        if (sent % 100 === 0) await prepare();
      }),
      { numRuns: REQUESTS, endOnFailure: true },
    );
    expect(sent).toBe(REQUESTS);
  }, 60_000 + REQUESTS * 100);

  it('leaves every pool, client, group and user readable', async () => {
    let pools = 0;
    let users = 0;
    let nextToken: string | undefined;
    do {
      const page = await t.cognito.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken: nextToken }));
      for (const pool of page.UserPools ?? []) {
        pools += 1;
        const described = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
        expect(described.UserPool?.Id).toBe(pool.Id);
        const clients = await t.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id, MaxResults: 60 }));
        for (const client of clients.UserPoolClients ?? []) {
          const one = await t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }));
          expect(one.UserPoolClient?.ClientId).toBe(client.ClientId);
        }
        await t.cognito.send(new ListGroupsCommand({ UserPoolId: pool.Id }));
        for await (const page of paginateListUsers({ client: t.cognito }, { UserPoolId: pool.Id })) {
          for (const user of page.Users ?? []) {
            users += 1;
            const one = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: user.Username }));
            expect(one.Username).toBe(user.Username);
          }
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
    expect(pools).toBeGreaterThan(0);
    expect(users).toBeGreaterThan(0);
  });
});
