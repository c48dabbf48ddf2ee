// Client secret rotation through the AWS SDK: AddUserPoolClientSecret, ListUserPoolClientSecrets,
// DeleteUserPoolClientSecret, and SECRET_HASH accepted with either active secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddUserPoolClientSecretCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ListUserPoolClientSecretsCommand,
  type ClientSecretDescriptorType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { errorOf, errorWithStatusOf } from '../helpers/errors.js';
import { adminCreatedUser, secretHash, type AppClient } from '../helpers/users.js';

const PASSWORD = 'Corr3ct-Horse!';

describe('client secret rotation', () => {
  let t: TestServer;
  let poolId: string;

  const confidential = async (): Promise<AppClient> => ({ poolId, ...(await t.fixtures.client(poolId, { GenerateSecret: true })) });
  const add = (client: AppClient, ClientSecret?: string) =>
    t.cognito.send(new AddUserPoolClientSecretCommand({ UserPoolId: client.poolId, ClientId: client.clientId, ClientSecret }));
  const list = async (client: AppClient): Promise<ClientSecretDescriptorType[]> =>
    (await t.cognito.send(new ListUserPoolClientSecretsCommand({ UserPoolId: client.poolId, ClientId: client.clientId }))).ClientSecrets!;
  const remove = (client: AppClient, ClientSecretId: string) =>
    t.cognito.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: client.poolId, ClientId: client.clientId, ClientSecretId }));
  const describeClient = async (client: AppClient) =>
    (await t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: client.poolId, ClientId: client.clientId }))).UserPoolClient!;
  /** USER_PASSWORD_AUTH for `username` with the SECRET_HASH made from `secret`. */
  const signInWith = (client: AppClient, username: string, secret: string) => t.cognito.send(new InitiateAuthCommand({
    ClientId: client.clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD, SECRET_HASH: secretHash({ clientId: client.clientId, clientSecret: secret }, username)! },
  }));

  beforeAll(async () => {
    t = await startTestServer();
    poolId = await t.fixtures.pool();
  });
  afterAll(() => t.close());

  it('lists the secret a client was created with as <client id>--<epoch seconds>, without its value', async () => {
    const client = await confidential();
    const created = await describeClient(client);
    const secrets = await list(client);
    expect(secrets).toHaveLength(1);
    expect(secrets[0].ClientSecretId).toBe(`${client.clientId}--${Math.floor(created.CreationDate!.getTime() / 1000)}`);
    expect(secrets[0].ClientSecretCreateDate).toEqual(created.CreationDate);
    expect(secrets[0].ClientSecretValue).toBeUndefined();
  });

  it('adds a generated secret, shown once; DescribeUserPoolClient keeps showing the first', async () => {
    const client = await confidential();
    const { ClientSecretDescriptor: added } = await add(client);
    expect(added!.ClientSecretValue).toMatch(/^[a-z0-9]{51}$/);
    expect(added!.ClientSecretValue).not.toBe(client.clientSecret);
    expect(added!.ClientSecretId).toMatch(new RegExp(`^${client.clientId}--\\d+$`));
    expect(added!.ClientSecretCreateDate).toBeInstanceOf(Date);
    const secrets = await list(client);
    expect(secrets.map((s) => s.ClientSecretId)).toHaveLength(2);
    expect(new Set(secrets.map((s) => s.ClientSecretId)).size).toBe(2);
    expect(secrets[1]).toEqual({ ClientSecretId: added!.ClientSecretId, ClientSecretCreateDate: added!.ClientSecretCreateDate });
    expect((await describeClient(client)).ClientSecret).toBe(client.clientSecret);
  });

  it('adds a secret the caller chooses without echoing it, and checks its shape as Cognito does', async () => {
    const client = await confidential();
    const chosen = 'Chosen_secret+0123456789abcdef';
    const { ClientSecretDescriptor: added } = await add(client, chosen);
    expect(added!.ClientSecretValue).toBeUndefined();
    expect(added!.ClientSecretId).toMatch(new RegExp(`^${client.clientId}--\\d+$`));
    for (const bad of ['a'.repeat(23), 'a'.repeat(65), '$'.repeat(32), 'has a space in it 0123456789']) {
      expect((await errorOf(add(await confidential(), bad))).name).toBe('InvalidParameterException');
    }
  });

  it('stores an added secret sealed, never as its value', async () => {
    const client = await confidential();
    const chosen = 'sealed_at_rest_0123456789abcdef';
    await add(client, chosen);
    // Read from the store: no API shows how a secret is kept.
    const stored = (await t.server.deps.store.clients.find(client.clientId))!;
    expect(stored.addedSecrets).toHaveLength(1);
    expect(stored.addedSecrets[0].sealed).not.toContain(chosen);
    expect(JSON.stringify(stored)).not.toContain(chosen);
    expect(JSON.stringify(stored)).not.toContain(client.clientSecret);
  });

  it('refuses a third active secret with LimitExceededException', async () => {
    const client = await confidential();
    await add(client);
    expect(await errorWithStatusOf(add(client))).toMatchObject({ name: 'LimitExceededException', status: 400 });
    expect(await list(client)).toHaveLength(2);
  });

  it('never lets two concurrent additions leave more than two secrets', async () => {
    const client = await confidential();
    const outcomes = await Promise.allSettled([add(client), add(client), add(client)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(['LimitExceededException', 'ConcurrentModificationException']).toContain((o.reason as Error).name);
    expect(await list(client)).toHaveLength(2);
  });

  it('refuses, in the store, a change of secrets made from a stale view of them', async () => {
    // The store's compare-and-set is what keeps concurrent additions within the limit; no API
    // call can be timed to hit it every time, so this reads and writes the store directly.
    const client = await confidential();
    const { clients } = t.server.deps.store;
    const stale = (await clients.find(client.clientId))!;
    await add(client);
    const next = { secretSealed: stale.secretSealed, addedSecrets: [{ id: `${client.clientId}--1`, sealed: stale.secretSealed!, createdAt: 1000 }] };
    expect(await clients.replaceSecrets(client.clientId, stale, next, Date.now())).toBe(false);
    const fresh = (await clients.find(client.clientId))!;
    expect(await clients.replaceSecrets(client.clientId, fresh, { secretSealed: fresh.secretSealed, addedSecrets: [] }, Date.now())).toBe(true);
    expect(await list(client)).toHaveLength(1);
  });

  it('accepts a SECRET_HASH made with either secret, and only the remaining one after a deletion', async () => {
    const client = await confidential();
    await adminCreatedUser(t, poolId, 'rotor', PASSWORD, [{ Name: 'email', Value: 'rotor@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    const { ClientSecretDescriptor: added } = await add(client);
    const second = added!.ClientSecretValue!;
    // 1. Both secrets make a valid SECRET_HASH, for sign-in and for ForgotPassword alike.
    expect((await signInWith(client, 'rotor', client.clientSecret!)).AuthenticationResult?.AccessToken).toBeDefined();
    expect((await signInWith(client, 'rotor', second)).AuthenticationResult?.AccessToken).toBeDefined();
    for (const secret of [client.clientSecret!, second]) {
      await t.cognito.send(new ForgotPasswordCommand({
        ClientId: client.clientId, Username: 'rotor', SecretHash: secretHash({ clientId: client.clientId, clientSecret: secret }, 'rotor'),
      }));
    }
    // 2. A hash from any other key is refused.
    expect(await errorOf(signInWith(client, 'rotor', 'not-a-secret-of-this-client-0000'))).toEqual({
      name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${client.clientId}`,
    });
    // 3. Once the first secret is deleted, its hashes are refused and the second one's still work.
    const [first] = await list(client);
    await remove(client, first.ClientSecretId!);
    expect((await errorOf(signInWith(client, 'rotor', client.clientSecret!))).name).toBe('NotAuthorizedException');
    expect((await signInWith(client, 'rotor', second)).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it('shows no ClientSecret once the first secret is deleted: an added secret is not promoted', async () => {
    const client = await confidential();
    const { ClientSecretDescriptor: added } = await add(client);
    const [first] = await list(client);
    const before = await describeClient(client);
    await remove(client, first.ClientSecretId!);
    const after = await describeClient(client);
    expect(after.ClientSecret).toBeUndefined();
    expect(after.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(before.LastModifiedDate!.getTime());
    expect((await list(client)).map((s) => s.ClientSecretId)).toEqual([added!.ClientSecretId]);
    // The client stays confidential: a SECRET_HASH is still required.
    await adminCreatedUser(t, poolId, 'kept', PASSWORD);
    expect(await errorOf(t.cognito.send(new InitiateAuthCommand({
      ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kept', PASSWORD },
    })))).toEqual({ name: 'NotAuthorizedException', message: `Client ${client.clientId} is configured for secret but secret was not received` });
  });

  it('refuses to delete the last secret, and an unknown secret id', async () => {
    const client = await confidential();
    const [only] = await list(client);
    expect((await errorOf(remove(client, only.ClientSecretId!))).name).toBe('InvalidParameterException');
    expect(await list(client)).toHaveLength(1);
    expect((await errorOf(remove(client, `${client.clientId}--1`))).name).toBe('ResourceNotFoundException');
    expect((await describeClient(client)).ClientSecret).toBe(client.clientSecret);
  });

  it('refuses to add a secret to a public client, and answers ResourceNotFoundException for unknown pools and clients', async () => {
    const publicClient: AppClient = { poolId, ...(await t.fixtures.client(poolId)) };
    expect((await errorOf(add(publicClient))).name).toBe('InvalidParameterException');
    expect(await list(publicClient)).toEqual([]);
    expect((await describeClient(publicClient)).ClientSecret).toBeUndefined();
    const client = await confidential();
    const otherPool = await t.fixtures.pool();
    expect((await errorOf(add({ ...client, poolId: otherPool }))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(list({ ...client, clientId: 'nosuchclient' }))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(remove({ ...client, poolId: 'us-east-1_NoSuchPool' }, 'x'))).name).toBe('ResourceNotFoundException');
  });

  it('creates a client with a secret the caller chooses, and refuses one beside GenerateSecret', async () => {
    const chosen = 'created_with_a_chosen_secret_01';
    const client = { poolId, ...(await t.fixtures.client(poolId, { ClientSecret: chosen })) };
    expect(client.clientSecret).toBe(chosen);
    expect(await list(client)).toHaveLength(1);
    await adminCreatedUser(t, poolId, 'chooser', PASSWORD);
    expect((await signInWith(client, 'chooser', chosen)).AuthenticationResult?.AccessToken).toBeDefined();
    expect((await errorOf(t.fixtures.client(poolId, { ClientSecret: chosen, GenerateSecret: true }))).name).toBe('InvalidParameterException');
    expect((await errorOf(t.fixtures.client(poolId, { ClientSecret: 'short' }))).name).toBe('InvalidParameterException');
  });
});
