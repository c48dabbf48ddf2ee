// The store's hot lookups run as queries compiled once and re-run with new parameters (and, on
// SQLite, cached prepared statements). These tests pin that every call still sees its own
// arguments and the current rows: revocation and disabling take effect at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminConfirmSignUpCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';

describe('hot lookups compiled once', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function signedInUser(poolId: string, clientId: string, username: string) {
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: 'Passw0rd!x', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));
    await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
    const out = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!x' } }));
    return out.AuthenticationResult!;
  }

  it('answers GetUser for each token with its own user, and refuses at once a revoked session or a disabled user', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const alice = await signedInUser(poolId, clientId, 'alice');
    const bob = await signedInUser(poolId, clientId, 'bob');
    const erin = await signedInUser(poolId, clientId, 'erin');
    for (let i = 0; i < 3; i++) {
      expect((await t.cognito.send(new GetUserCommand({ AccessToken: alice.AccessToken }))).Username).toBe('alice');
      expect((await t.cognito.send(new GetUserCommand({ AccessToken: bob.AccessToken }))).Username).toBe('bob');
      expect((await t.cognito.send(new GetUserCommand({ AccessToken: erin.AccessToken }))).Username).toBe('erin');
    }
    const { store } = t.server.deps;
    const aliceSub = (await store.users.findByUsernameKey(poolId, 'alice'))!.sub;
    await store.authSessions.revokeAllForUser(aliceSub, Date.now());
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: alice.AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    const erinSub = (await store.users.findByUsernameKey(poolId, 'erin'))!.sub;
    await store.users.update(erinSub, { enabled: false });
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: erin.AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    expect((await t.cognito.send(new GetUserCommand({ AccessToken: bob.AccessToken }))).Username).toBe('bob');
  });

  it('refreshes with each refresh token for its own user', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const carol = await signedInUser(poolId, clientId, 'carol');
    const dave = await signedInUser(poolId, clientId, 'dave');
    for (const [name, tokens] of [['carol', carol], ['dave', dave]] as const) {
      const out = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }));
      const user = await t.cognito.send(new GetUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken }));
      expect(user.Username).toBe(name);
    }
  });

  it('lists a user\'s groups page by page with the compiled query, with and without a start', async () => {
    const { store } = t.server.deps;
    const { poolId } = await t.fixtures.poolWithClient();
    const sub = 'b0e5c1de-0000-4000-8000-000000000001';
    const other = 'b0e5c1de-0000-4000-8000-000000000002';
    const now = Date.now();
    for (const name of ['g1', 'g2', 'g3']) {
      await store.groups.insert({ poolId, name, description: null, roleArn: null, precedence: null, createdAt: now, updatedAt: now });
      await store.groups.addMember(poolId, name, sub, now);
    }
    await store.groups.addMember(poolId, 'g2', other, now);
    const first = await store.groups.listForUser(sub, 2);
    expect(first.items.map((g) => g.name)).toEqual(['g1', 'g2']);
    expect(first.next).toBe('g2');
    const second = await store.groups.listForUser(sub, 2, first.next);
    expect(second.items.map((g) => g.name)).toEqual(['g3']);
    expect(second.next).toBeUndefined();
    expect((await store.groups.listForUser(other, 100)).items.map((g) => g.name)).toEqual(['g2']);
  });

  it('accepts admin calls signed with the right secret again and again, and refuses the same key id with a wrong secret after them', async () => {
    const poolId = await t.fixtures.pool();
    for (let i = 0; i < 3; i++) {
      expect((await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.Id).toBe(poolId);
    }
    const forger = t.cognitoWith({ accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: 'not-the-secret-access-key-0123456789' });
    await expect(forger.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    forger.destroy();
  });
});
