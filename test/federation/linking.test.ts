// AdminLinkProviderForUser and AdminDisableProviderForUser through the SDK: what a link writes
// (the destination's identities attribute), the rules Cognito enforces, and what disabling takes away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  CreateIdentityProviderCommand,
  ListUsersCommand,
  type AdminLinkProviderForUserCommandInput,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser, signIn } from '../helpers/users.js';
import { errorOf } from '../helpers/errors.js';

const PASSWORD = 'Passw0rd!Linking';

let t: TestServer;
beforeAll(async () => { t = await startTestServer(); });
afterAll(() => t.close());

const OIDC_BASE = 'http://127.0.0.1:9/corp';
const DETAILS: Record<string, Record<string, string>> = {
  Google: { client_id: 'google-client', client_secret: 'google-secret', authorize_scopes: 'openid email' },
  // Every endpoint given: nothing is discovered.
  OIDC: {
    client_id: 'corp-client', client_secret: 'corp-secret', authorize_scopes: 'openid email', oidc_issuer: OIDC_BASE,
    authorize_url: `${OIDC_BASE}/authorize`, token_url: `${OIDC_BASE}/token`, attributes_url: `${OIDC_BASE}/userinfo`, jwks_uri: `${OIDC_BASE}/jwks`,
  },
};

/** A provider of the pool (Google or OIDC). */
async function addProvider(poolId: string, name: string, type: 'Google' | 'OIDC', attributeMapping: Record<string, string> = {}): Promise<void> {
  await t.cognito.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: name, ProviderType: type, ProviderDetails: DETAILS[type], AttributeMapping: attributeMapping }));
}

/** A pool with a client, the providers Google (social) and Corp (OIDC, email mapped), and a native user. */
async function poolWithUser(username = 'ana', attributes: AttributeType[] = []) {
  const { poolId, clientId } = await t.fixtures.poolWithClient();
  await addProvider(poolId, 'Google', 'Google', { email: 'email' });
  await addProvider(poolId, 'Corp', 'OIDC', { email: 'email', name: 'name' });
  await adminCreatedUser(t, poolId, username, PASSWORD, attributes);
  return { poolId, clientId };
}

const link = (poolId: string, destination: string, source: AdminLinkProviderForUserCommandInput['SourceUser']) =>
  t.cognito.send(new AdminLinkProviderForUserCommand({
    UserPoolId: poolId, DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: destination }, SourceUser: source,
  }));

const googleUser = (id: string) => ({ ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: id });

async function identitiesOf(poolId: string, username: string): Promise<unknown[] | undefined> {
  const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  const value = user.UserAttributes?.find((a) => a.Name === 'identities')?.Value;
  return value === undefined ? undefined : JSON.parse(value);
}

describe('AdminLinkProviderForUser', () => {
  it('adds the identity to the destination user\'s identities attribute, a JSON string as AdminGetUser and ListUsers show it', async () => {
    const { poolId } = await poolWithUser();
    const before = Date.now();
    expect(await link(poolId, 'ana', googleUser('1029384756'))).toMatchObject({ $metadata: { httpStatusCode: 200 } });

    const identities = (await identitiesOf(poolId, 'ana')) as Array<Record<string, unknown>>;
    expect(identities).toEqual([{ userId: '1029384756', providerName: 'Google', providerType: 'Google', issuer: null, primary: 'false', dateCreated: expect.any(String) }]);
    expect(Number(identities[0].dateCreated)).toBeGreaterThanOrEqual(before);

    const listed = await t.cognito.send(new ListUsersCommand({ UserPoolId: poolId }));
    const value = listed.Users![0].Attributes!.find((a) => a.Name === 'identities')!.Value!;
    expect(JSON.parse(value)).toEqual(identities);
  });

  it('links an OIDC identity by a mapped attribute, listed under the attribute\'s value', async () => {
    const { poolId } = await poolWithUser();
    await link(poolId, 'ana', { ProviderName: 'Corp', ProviderAttributeName: 'email', ProviderAttributeValue: 'ana@corp.example' });
    await link(poolId, 'ana', googleUser('55'));
    expect(await identitiesOf(poolId, 'ana')).toEqual([
      expect.objectContaining({ userId: 'ana@corp.example', providerName: 'Corp', providerType: 'OIDC' }),
      expect.objectContaining({ userId: '55', providerName: 'Google' }),
    ]);
  });

  it('refuses a destination that does not exist, and a pool that does not exist', async () => {
    const { poolId } = await poolWithUser();
    expect(await errorOf(link(poolId, 'nobody', googleUser('1')))).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.' });
    expect((await errorOf(link('us-east-1_missing1', 'ana', googleUser('1')))).name).toBe('ResourceNotFoundException');
  });

  it('refuses a native user as the source, as Cognito words it', async () => {
    const { poolId } = await poolWithUser();
    await adminCreatedUser(t, poolId, 'bob', PASSWORD);
    expect(await errorOf(link(poolId, 'ana', { ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'bob' }))).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser',
    });
  });

  it('refuses a provider the pool does not have, a social identity by anything but Cognito_Subject and an attribute the provider does not map', async () => {
    const { poolId } = await poolWithUser();
    expect(await errorOf(link(poolId, 'ana', { ProviderName: 'Facebook', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1' }))).toEqual({
      name: 'ResourceNotFoundException', message: 'Identity provider Facebook does not exist.',
    });
    const cases = [
      { ProviderName: 'Google', ProviderAttributeName: 'email', ProviderAttributeValue: 'ana@gmail.example' },
      { ProviderName: 'Corp', ProviderAttributeName: 'phone_number', ProviderAttributeValue: '+15550100' },
      { ProviderName: 'Corp', ProviderAttributeName: 'constructor', ProviderAttributeValue: 'x' },
      { ProviderName: 'Corp', ProviderAttributeName: 'username', ProviderAttributeValue: 'x' },
    ];
    for (const source of cases) expect((await errorOf(link(poolId, 'ana', source))).name).toBe('InvalidParameterException');
    expect(await identitiesOf(poolId, 'ana')).toBeUndefined();
  });

  it('refuses a source or destination with a member missing', async () => {
    const { poolId } = await poolWithUser();
    const missing = [
      { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject' },
      { ProviderName: 'Google', ProviderAttributeValue: '1' },
      { ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1' },
    ];
    for (const source of missing) {
      expect(await errorOf(link(poolId, 'ana', source))).toMatchObject({ name: 'InvalidParameterException', message: expect.stringMatching(/^SourceUser\.Provider\w+ is required\.$/) });
    }
    const noDestinationName = t.cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: { ProviderAttributeValue: 'ana' }, SourceUser: googleUser('1') }));
    expect(await errorOf(noDestinationName)).toEqual({ name: 'InvalidParameterException', message: 'DestinationUser.ProviderName is required.' });
  });

  it('refuses an identity that is already linked, to the same user or another', async () => {
    const { poolId } = await poolWithUser();
    await adminCreatedUser(t, poolId, 'bob', PASSWORD);
    await link(poolId, 'ana', googleUser('77'));
    for (const destination of ['ana', 'bob']) {
      expect(await errorOf(link(poolId, destination, googleUser('77')))).toEqual({
        name: 'InvalidParameterException', message: 'Invalid SourceUser: this identity is already linked to a user of the user pool.',
      });
    }
    expect(await identitiesOf(poolId, 'bob')).toBeUndefined();
    expect(await identitiesOf(poolId, 'ana')).toHaveLength(1);
  });

  it('links at most five identities to one user', async () => {
    const { poolId } = await poolWithUser();
    for (let i = 1; i <= 5; i += 1) await link(poolId, 'ana', googleUser(`id-${i}`));
    expect((await errorOf(link(poolId, 'ana', googleUser('id-6')))).name).toBe('LimitExceededException');
    expect(await identitiesOf(poolId, 'ana')).toHaveLength(5);
  });

  it('lets parallel links to one user pass five no more than sequential ones, and lists every one that succeeded', async () => {
    const { poolId } = await poolWithUser();
    const outcomes = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => link(poolId, 'ana', googleUser(`parallel-${i}`))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    for (const failure of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) expect(failure.reason.name).toBe('LimitExceededException');
    expect(await identitiesOf(poolId, 'ana')).toHaveLength(5);
  });

  it('refuses a destination holding an immutable custom attribute', async () => {
    const { poolId } = await t.fixtures.poolWithClient({ Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: false }] });
    await addProvider(poolId, 'Google', 'Google');
    await adminCreatedUser(t, poolId, 'ana', PASSWORD, [{ Name: 'custom:tenant', Value: 'acme' }]);
    expect(await errorOf(link(poolId, 'ana', googleUser('1')))).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('custom:tenant') });
    expect(await identitiesOf(poolId, 'ana')).toBeUndefined();
  });

  it('lets the identity be linked again once its user is deleted', async () => {
    const { poolId } = await poolWithUser();
    await adminCreatedUser(t, poolId, 'bob', PASSWORD);
    await link(poolId, 'ana', googleUser('88'));
    await t.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'ana' }));
    await link(poolId, 'bob', googleUser('88'));
    expect(await identitiesOf(poolId, 'bob')).toEqual([expect.objectContaining({ userId: '88' })]);
  });
});

describe('AdminDisableProviderForUser', () => {
  const disable = (poolId: string, user: { ProviderName?: string; ProviderAttributeName?: string; ProviderAttributeValue?: string }) =>
    t.cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: user }));

  it('removes a link: the identity leaves the identities attribute and can be linked anew', async () => {
    const { poolId } = await poolWithUser();
    await link(poolId, 'ana', googleUser('42'));
    await link(poolId, 'ana', googleUser('43'));
    await disable(poolId, googleUser('42'));
    expect(await identitiesOf(poolId, 'ana')).toEqual([expect.objectContaining({ userId: '43' })]);
    await disable(poolId, googleUser('43'));
    expect(await identitiesOf(poolId, 'ana')).toBeUndefined();
    await adminCreatedUser(t, poolId, 'bob', PASSWORD);
    await link(poolId, 'bob', googleUser('42'));
    expect(await identitiesOf(poolId, 'bob')).toEqual([expect.objectContaining({ userId: '42' })]);
  });

  it('removes a link by a mapped attribute with the same name and value', async () => {
    const { poolId } = await poolWithUser();
    const source = { ProviderName: 'Corp', ProviderAttributeName: 'email', ProviderAttributeValue: 'ana@corp.example' };
    await link(poolId, 'ana', source);
    expect((await errorOf(disable(poolId, { ...source, ProviderAttributeName: 'Cognito_Subject' }))).name).toBe('UserNotFoundException');
    await disable(poolId, source);
    expect(await identitiesOf(poolId, 'ana')).toBeUndefined();
  });

  it('answers UserNotFoundException for an identity that is not linked, and refuses a provider the pool does not have', async () => {
    const { poolId } = await poolWithUser();
    expect(await errorOf(disable(poolId, googleUser('404')))).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.' });
    expect((await errorOf(disable(poolId, { ProviderName: 'Nope', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1' }))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(disable(poolId, { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject' }))).name).toBe('InvalidParameterException');
  });

  it('with Cognito and a username, ends the native user\'s password sign-in until a new password is set', async () => {
    const { poolId, clientId } = await poolWithUser();
    const client = { poolId, clientId };
    await signIn(t, client, 'ana', PASSWORD);
    await disable(poolId, { ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'ana' });
    expect(await errorOf(signIn(t, client, 'ana', PASSWORD))).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });

    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ana', Password: PASSWORD, Permanent: true }));
    expect((await signIn(t, client, 'ana', PASSWORD)).AccessToken).toBeTruthy();
    expect((await errorOf(disable(poolId, { ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'nobody' }))).name).toBe('UserNotFoundException');
  });
});
