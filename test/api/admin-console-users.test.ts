// The admin console's Users, Groups, Resource servers, Outbox and Signing keys pages over plain
// HTTP: every change made through the console is checked through the API (t.cognito).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  DescribeResourceServerCommand,
  GetGroupCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';
import { signedInConsole, type ConsoleClient } from '../helpers/console.js';

const attributesOf = (list: Array<{ Name?: string; Value?: string }> | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((a) => [a.Name!, a.Value!]));

/** The usernames linked from a users list page. */
const listedUsernames = (body: string, poolId: string): string[] =>
  [...body.matchAll(new RegExp(`<a href="/admin/pools/${poolId}/user\\?(name=[^"]+)">`, 'g'))].map((m) => new URLSearchParams(m[1].replaceAll('&amp;', '&')).get('name')!);

const nextLink = (body: string): string | undefined => /<a href="([^"]+)" rel="next">/.exec(body)?.[1].replaceAll('&amp;', '&');

describe('admin console: users, groups, resource servers, outbox and keys', () => {
  let t: TestServer;
  let c: ConsoleClient;
  beforeAll(async () => {
    t = await startTestServer();
    c = await signedInConsole(t);
  });
  afterAll(async () => t?.close());

  const adminCreate = (poolId: string, username: string, attributes: Record<string, string> = {}, suppress = true) =>
    t.cognito.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: username, ...(suppress && { MessageAction: 'SUPPRESS' }),
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }));
  const getUser = (poolId: string, username: string) => t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));

  it('links every pool section from the left bar, none of them marked "soon"', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'nav-pool' });
    const page = await c.get(`/admin/pools/${poolId}`);
    for (const path of ['users', 'groups', 'resource-servers', 'outbox', 'keys']) expect(page.body).toContain(`href="/admin/pools/${poolId}/${path}"`);
    expect(page.body).not.toContain('class="soon"');
  });

  it('creates a user with attributes and an invitation, which AdminGetUser and the outbox then show', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'create-pool' });
    await c.get(`/admin/pools/${poolId}/new-user`);
    const created = await c.post(`/admin/pools/${poolId}/new-user`, {
      username: 'ana', email: 'ana@example.com', email_verified: 'on', phone_number: '+15555550100',
      otherAttributes: 'given_name=Ana\nfamily_name=Lopez', invitation: 'send', mediums: 'EMAIL',
    });
    expect(created.status).toBe(303);
    expect(created.location).toBe(`/admin/pools/${poolId}/user?name=ana`);
    const user = await getUser(poolId, 'ana');
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(attributesOf(user.UserAttributes)).toMatchObject({
      email: 'ana@example.com', email_verified: 'true', phone_number: '+15555550100', given_name: 'Ana', family_name: 'Lopez',
    });
    expect(attributesOf(user.UserAttributes).phone_number_verified).not.toBe('true');
    const view = await c.get(created.location!);
    expect(view.body).toContain('User ana created.');
    expect(view.body).toContain('FORCE_CHANGE_PASSWORD');

    const outbox = await c.get(`/admin/pools/${poolId}/outbox`);
    expect(outbox.status).toBe(200);
    expect(outbox.body).toContain('ana@example.com');
    expect(outbox.body).toContain('EMAIL');
    expect(outbox.body).toMatch(/visible here by design/);
    expect((await t.server.deps.store.outbox.list({ poolId, limit: 5 })).filter((m) => m.username === 'ana')).toHaveLength(1);
  });

  it('opens a user and a group literally named "new" (the create forms live elsewhere)', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'named-new-pool' });
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'new', MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'new' }));
    const user = await c.get(`/admin/pools/${poolId}/user?name=new`);
    expect(user.status).toBe(200);
    expect(user.body).toContain('FORCE_CHANGE_PASSWORD');
    const group = await c.get(`/admin/pools/${poolId}/group?name=new`);
    expect(group.status).toBe(200);
    expect(group.body).toContain('Members');
  });

  it('creates a user with a given temporary password and a suppressed invitation', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ PoolName: 'temp-password-pool' });
    await c.get(`/admin/pools/${poolId}/new-user`);
    const created = await c.post(`/admin/pools/${poolId}/new-user`, { username: 'bo', temporaryPassword: 'Temp-Passw0rd!', email: 'bo@example.com', invitation: 'suppress' });
    expect(created.status).toBe(303);
    expect(await t.server.deps.store.outbox.list({ poolId, limit: 5 })).toHaveLength(0);
    const auth = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bo', PASSWORD: 'Temp-Passw0rd!' },
    }));
    expect(auth.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('shows a refused creation on the form with the values kept and the password not echoed', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'refused-pool' });
    await adminCreate(poolId, 'taken');
    await c.get(`/admin/pools/${poolId}/new-user`);
    const refused = await c.post(`/admin/pools/${poolId}/new-user`, { username: 'taken', temporaryPassword: 'Never-Echoed-9!', email: 'x@example.com', invitation: 'suppress' });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('User account already exists');
    expect(refused.body).toContain('value="x@example.com"');
    expect(refused.body).not.toContain('Never-Echoed-9!');
    const badLine = await c.post(`/admin/pools/${poolId}/new-user`, { username: 'other', otherAttributes: 'no equals sign', invitation: 'suppress' });
    expect(badLine.status).toBe(400);
    expect(badLine.body).toContain('Line 1 is not name=value.');
  });

  it('searches by email, and by a value holding quotes and backslashes, without a 5xx', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'search-pool' });
    await adminCreate(poolId, 'cara', { email: 'cara@example.com' });
    await adminCreate(poolId, 'dan', { email: 'dan@example.com', name: 'Dan "the man" O\\Neil' });
    const byEmail = await c.get(`/admin/pools/${poolId}/users?${new URLSearchParams({ attribute: 'email', op: '=', value: 'cara@example.com' })}`);
    expect(byEmail.status).toBe(200);
    expect(listedUsernames(byEmail.body, poolId)).toEqual(['cara']);
    const byPrefix = await c.get(`/admin/pools/${poolId}/users?${new URLSearchParams({ attribute: 'email', op: '^=', value: 'da' })}`);
    expect(listedUsernames(byPrefix.body, poolId)).toEqual(['dan']);
    const quoted = await c.get(`/admin/pools/${poolId}/users?${new URLSearchParams({ attribute: 'name', op: '=', value: 'Dan "the man" O\\Neil' })}`);
    expect(quoted.status).toBe(200);
    expect(listedUsernames(quoted.body, poolId)).toEqual(['dan']);
    // The search form shows the value back, escaped.
    expect(quoted.body).toContain('value="Dan &quot;the man&quot; O\\Neil"');
    const unmatched = await c.get(`/admin/pools/${poolId}/users?${new URLSearchParams({ attribute: 'email', op: '=', value: 'x" or username ^= "' })}`);
    expect(unmatched.status).toBe(200);
    expect(listedUsernames(unmatched.body, poolId)).toEqual([]);
    const badStatus = await c.get(`/admin/pools/${poolId}/users?${new URLSearchParams({ attribute: 'status', op: '=', value: 'sometimes' })}`);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body).toContain('Error while parsing filter.');
  });

  it('pages through more than 60 users with a next link, and through the outbox 50 messages at a time', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'bulk-pool' });
    const usernames = Array.from({ length: 65 }, (_, i) => `bulk-${String(i).padStart(2, '0')}`);
    for (let i = 0; i < usernames.length; i += 13) {
      await Promise.all(usernames.slice(i, i + 13).map((u) => adminCreate(poolId, u, { email: `${u}@example.com` }, false)));
    }
    const first = await c.get(`/admin/pools/${poolId}/users`);
    const firstPage = listedUsernames(first.body, poolId);
    expect(firstPage).toHaveLength(60);
    const next = nextLink(first.body);
    expect(next).toMatch(new RegExp(`^/admin/pools/${poolId}/users\\?`));
    const second = await c.get(next!);
    expect(second.status).toBe(200);
    const secondPage = listedUsernames(second.body, poolId);
    expect(secondPage).toHaveLength(5);
    expect(nextLink(second.body)).toBeUndefined();
    expect(new Set([...firstPage, ...secondPage])).toEqual(new Set(usernames));

    const outbox = await c.get(`/admin/pools/${poolId}/outbox`);
    const shown = (body: string) => [...body.matchAll(/bulk-\d\d@example\.com/g)].map((m) => m[0]);
    expect(new Set(shown(outbox.body)).size).toBe(50);
    const older = await c.get(nextLink(outbox.body)!);
    expect(new Set(shown(older.body)).size).toBe(15);
    expect(new Set([...shown(outbox.body), ...shown(older.body)]).size).toBe(65);
    expect(nextLink(older.body)).toBeUndefined();
  });

  it('disables and enables a user, refusing a post without the CSRF token', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'disable-pool' });
    await adminCreate(poolId, 'eve');
    await c.get(`/admin/pools/${poolId}/user?name=eve`);
    expect((await c.post(`/admin/pools/${poolId}/user/disable?name=eve`, {}, { csrf: null })).status).toBe(403);
    expect((await getUser(poolId, 'eve')).Enabled).toBe(true);
    const disabled = await c.post(`/admin/pools/${poolId}/user/disable?name=eve`, {});
    expect(disabled.status).toBe(303);
    expect((await getUser(poolId, 'eve')).Enabled).toBe(false);
    const page = await c.get(disabled.location!);
    expect(page.body).toContain('>Enable</button>');
    await c.post(`/admin/pools/${poolId}/user/enable?name=eve`, {});
    expect((await getUser(poolId, 'eve')).Enabled).toBe(true);
  });

  it('sets a permanent password without echoing it, then resets it', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ PoolName: 'password-pool' });
    await adminCreate(poolId, 'fay', { email: 'fay@example.com', email_verified: 'true' });
    await c.get(`/admin/pools/${poolId}/user?name=fay`);
    const weak = await c.post(`/admin/pools/${poolId}/user/set-password?name=fay`, { password: 'weakpw', permanent: 'on' });
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('Password did not conform with policy');
    expect(weak.body).not.toContain('weakpw');
    const set = await c.post(`/admin/pools/${poolId}/user/set-password?name=fay`, { password: 'Strong-Passw0rd!', permanent: 'on' });
    expect(set.status).toBe(303);
    expect((await getUser(poolId, 'fay')).UserStatus).toBe('CONFIRMED');
    const auth = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'fay', PASSWORD: 'Strong-Passw0rd!' },
    }));
    expect(auth.AuthenticationResult?.AccessToken).toBeDefined();
    expect((await c.get(set.location!)).body).not.toContain('Strong-Passw0rd!');

    const reset = await c.post(`/admin/pools/${poolId}/user/reset-password?name=fay`, {});
    expect(reset.status).toBe(303);
    expect((await getUser(poolId, 'fay')).UserStatus).toBe('RESET_REQUIRED');
    const [message] = await t.server.deps.store.outbox.list({ poolId, username: 'fay', limit: 1 });
    expect(message.code).toMatch(/^\d{6}$/);
  });

  it('signs a user out everywhere: an access token from AdminInitiateAuth stops working', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ PoolName: 'sign-out-pool' });
    await adminCreate(poolId, 'gus');
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'gus', Password: 'Strong-Passw0rd!', Permanent: true }));
    const auth = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'gus', PASSWORD: 'Strong-Passw0rd!' },
    }));
    const AccessToken = auth.AuthenticationResult!.AccessToken!;
    expect((await t.cognito.send(new GetUserCommand({ AccessToken }))).Username).toBe('gus');
    await c.get(`/admin/pools/${poolId}/user?name=gus`);
    const out = await c.post(`/admin/pools/${poolId}/user/sign-out?name=gus`, {});
    expect(out.status).toBe(303);
    await expect(t.cognito.send(new GetUserCommand({ AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('edits, deletes and adds attributes, and shows them escaped', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'attributes-pool' });
    await adminCreate(poolId, 'hal', { email: 'hal@example.com', given_name: '<img src=x>', family_name: 'Old' });
    const view = await c.get(`/admin/pools/${poolId}/user?name=hal`);
    expect(view.body).toContain('&lt;img src=x&gt;');
    expect(view.body).not.toContain('<img src=x>');
    await c.get(`/admin/pools/${poolId}/user/attributes?name=hal`);
    const saved = await c.post(`/admin/pools/${poolId}/user/attributes?name=hal`, {
      'attr:email': 'hal@example.com', 'attr:given_name': 'Hal', 'attr:family_name': '', added: 'nickname=hally',
    });
    expect(saved.status).toBe(303);
    const attributes = attributesOf((await getUser(poolId, 'hal')).UserAttributes);
    expect(attributes).toMatchObject({ email: 'hal@example.com', given_name: 'Hal', nickname: 'hally' });
    expect(attributes.family_name).toBeUndefined();
    await c.get(`/admin/pools/${poolId}/user?name=hal`);
    const deleted = await c.post(`/admin/pools/${poolId}/user/attributes/delete?name=hal`, { name: 'nickname' });
    expect(deleted.status).toBe(303);
    expect(attributesOf((await getUser(poolId, 'hal')).UserAttributes).nickname).toBeUndefined();
    const refused = await c.post(`/admin/pools/${poolId}/user/attributes?name=hal`, { 'attr:email': 'not-an-email', 'attr:given_name': 'Hal' });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('value="not-an-email"');
    expect(attributesOf((await getUser(poolId, 'hal')).UserAttributes).email).toBe('hal@example.com');
  });

  it('deletes a user only from the confirmation page', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'delete-user-pool' });
    await adminCreate(poolId, 'ivy');
    const confirm = await c.get(`/admin/pools/${poolId}/user/delete?name=ivy`);
    expect(confirm.body).toContain('Delete user');
    const unconfirmed = await c.post(`/admin/pools/${poolId}/user/delete?name=ivy`, {});
    expect(unconfirmed.status).toBe(303);
    expect((await getUser(poolId, 'ivy')).Username).toBe('ivy');
    const deleted = await c.post(`/admin/pools/${poolId}/user/delete?name=ivy`, { confirm: 'yes' });
    expect(deleted.location).toBe(`/admin/pools/${poolId}/users`);
    await expect(getUser(poolId, 'ivy')).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('creates, edits and deletes a group, and adds a user to it and removes them', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'group-pool' });
    await adminCreate(poolId, 'jo', { email: 'jo@example.com' });
    await c.get(`/admin/pools/${poolId}/new-group`);
    const created = await c.post(`/admin/pools/${poolId}/new-group`, {
      name: 'admins', description: 'The <admins>', precedence: '3', roleArn: 'arn:aws:iam::123456789012:role/admins',
    });
    expect(created.status).toBe(303);
    expect((await t.cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }))).Group).toMatchObject({
      Description: 'The <admins>', Precedence: 3, RoleArn: 'arn:aws:iam::123456789012:role/admins',
    });
    const list = await c.get(`/admin/pools/${poolId}/groups`);
    expect(list.body).toContain('The &lt;admins&gt;');
    const duplicate = await c.post(`/admin/pools/${poolId}/new-group`, { name: 'admins' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toContain('already exists');

    await c.get(`/admin/pools/${poolId}/group/edit?name=admins`);
    await c.post(`/admin/pools/${poolId}/group/edit?name=admins`, { description: 'Operators', precedence: '1', roleArn: '' });
    expect((await t.cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }))).Group).toMatchObject({
      Description: 'Operators', Precedence: 1, RoleArn: 'arn:aws:iam::123456789012:role/admins',
    });

    const userPage = await c.get(`/admin/pools/${poolId}/user?name=jo`);
    expect(userPage.body).toContain('<option value="admins">admins</option>');
    await c.post(`/admin/pools/${poolId}/user/groups/add?name=jo`, { group: 'admins' });
    const groupsOf = async () => (await t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'jo' }))).Groups!.map((g) => g.GroupName);
    expect(await groupsOf()).toEqual(['admins']);
    const members = await c.get(`/admin/pools/${poolId}/group?name=admins`);
    expect(members.body).toContain(`href="/admin/pools/${poolId}/user?name=jo"`);
    await c.post(`/admin/pools/${poolId}/user/groups/remove?name=jo`, { group: 'admins' });
    expect(await groupsOf()).toEqual([]);

    await c.get(`/admin/pools/${poolId}/group/delete?name=admins`);
    await c.post(`/admin/pools/${poolId}/group/delete?name=admins`, {});
    expect((await t.cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }))).Group?.GroupName).toBe('admins');
    const deleted = await c.post(`/admin/pools/${poolId}/group/delete?name=admins`, { confirm: 'yes' });
    expect(deleted.location).toBe(`/admin/pools/${poolId}/groups`);
    await expect(t.cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('pages through a group\'s members', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'members-pool' });
    await c.get(`/admin/pools/${poolId}/new-group`);
    await c.post(`/admin/pools/${poolId}/new-group`, { name: 'many' });
    const usernames = Array.from({ length: 62 }, (_, i) => `m-${String(i).padStart(2, '0')}`);
    for (let i = 0; i < usernames.length; i += 16) {
      await Promise.all(usernames.slice(i, i + 16).map(async (u) => {
        await adminCreate(poolId, u);
        await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: u, GroupName: 'many' }));
      }));
    }
    const first = await c.get(`/admin/pools/${poolId}/group?name=many`);
    const second = await c.get(nextLink(first.body)!);
    expect(new Set([...listedUsernames(first.body, poolId), ...listedUsernames(second.body, poolId)])).toEqual(new Set(usernames));
  });

  it('creates, edits and deletes a resource server with its scopes', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'resource-pool' });
    const identifier = 'https://api.example.com/v1';
    const describe = () => t.cognito.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: identifier }));
    await c.get(`/admin/pools/${poolId}/new-resource-server`);
    const created = await c.post(`/admin/pools/${poolId}/new-resource-server`, { identifier, name: 'Orders API', scopes: 'orders.read Read the orders\norders.write Change orders' });
    expect(created.status).toBe(303);
    expect((await describe()).ResourceServer).toMatchObject({
      Name: 'Orders API', Scopes: [{ ScopeName: 'orders.read', ScopeDescription: 'Read the orders' }, { ScopeName: 'orders.write', ScopeDescription: 'Change orders' }],
    });
    const view = await c.get(created.location!);
    expect(view.status).toBe(200);
    expect(view.body).toContain(`${identifier}/orders.write`);
    const list = await c.get(`/admin/pools/${poolId}/resource-servers`);
    expect(list.body).toContain('Orders API');

    const edit = await c.get(`/admin/pools/${poolId}/resource-server/edit?${new URLSearchParams({ name: identifier })}`);
    expect(edit.body).toContain('orders.read Read the orders');
    const refused = await c.post(`/admin/pools/${poolId}/resource-server/edit?${new URLSearchParams({ name: identifier })}`, { name: 'Orders API', scopes: 'a One\na Again' });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Duplicate scope name');
    await c.post(`/admin/pools/${poolId}/resource-server/edit?${new URLSearchParams({ name: identifier })}`, { name: 'Orders', scopes: 'orders.read' });
    expect((await describe()).ResourceServer).toMatchObject({ Name: 'Orders', Scopes: [{ ScopeName: 'orders.read', ScopeDescription: 'orders.read' }] });

    await c.get(`/admin/pools/${poolId}/resource-server/delete?${new URLSearchParams({ name: identifier })}`);
    const deleted = await c.post(`/admin/pools/${poolId}/resource-server/delete?${new URLSearchParams({ name: identifier })}`, { confirm: 'yes' });
    expect(deleted.location).toBe(`/admin/pools/${poolId}/resource-servers`);
    await expect(describe()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('lists the pool\'s signing keys: the kids of its JWKS, active, with the JWKS URL', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'keys-pool' });
    const jwksUrl = `${t.url}/${poolId}/.well-known/jwks.json`;
    const jwks = (await (await fetch(jwksUrl)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    t.clock.advance(3 * 3_600_000);
    c = await signedInConsole(t); // the console session idled out while the clock moved on
    const page = await c.get(`/admin/pools/${poolId}/keys`);
    expect(page.status).toBe(200);
    const kids = [...page.body.matchAll(/<td><span class="mono">([^<]+)<\/span><\/td><td>RS256/g)].map((m) => m[1]);
    expect(kids.sort()).toEqual(jwks.keys.map((k) => k.kid).sort());
    expect(page.body).toContain(jwksUrl);
    expect(page.body).toContain('3 hours');
    expect(page.body.match(/<td>Active<\/td>/g)).toHaveLength(jwks.keys.length);
  });

  it('records the user and group changes made in the console in the audit log, without the password', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'audit-users-pool' });
    await c.get(`/admin/pools/${poolId}/new-user`);
    await c.post(`/admin/pools/${poolId}/new-user`, { username: 'kim', temporaryPassword: 'Audit-Secret-9!', invitation: 'suppress' });
    await c.post(`/admin/pools/${poolId}/user/disable?name=kim`, {});
    await c.post(`/admin/pools/${poolId}/new-group`, { name: 'staff' });
    await c.post(`/admin/pools/${poolId}/user/groups/add?name=kim`, { group: 'staff' });
    const audit = await c.get(`/admin/audit?poolId=${poolId}`);
    for (const action of ['AdminCreateUser', 'AdminDisableUser', 'CreateGroup', 'AdminAddUserToGroup']) expect(audit.body).toContain(`<td>${action}</td>`);
    expect(audit.body).toContain(`console:${ADMIN_KEY.accessKeyId}`);
    expect(audit.body).not.toContain('Audit-Secret-9!');
  });

  it('shows an outbox message escaped', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'escaped-outbox-pool' });
    await adminCreate(poolId, '<b>bold</b>', { email: 'bold@example.com' }, false);
    const outbox = await c.get(`/admin/pools/${poolId}/outbox`);
    expect(outbox.body).toContain('bold@example.com');
    expect(outbox.body).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(outbox.body).not.toContain('<b>bold</b>');
  });

  it('reaches a user and a group whose names hold a slash, a question mark and a percent sign', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'odd-names-pool' });
    const odd = 'o/brien?x=1%2F#';
    await adminCreate(poolId, odd, { email: 'odd@example.com' });
    const list = await c.get(`/admin/pools/${poolId}/users`);
    expect(listedUsernames(list.body, poolId)).toEqual([odd]);
    const view = await c.get(`/admin/pools/${poolId}/user?${new URLSearchParams({ name: odd })}`);
    expect(view.status).toBe(200);
    expect(view.body).toContain('odd@example.com');
    const disabled = await c.post(`/admin/pools/${poolId}/user/disable?${new URLSearchParams({ name: odd })}`, {});
    expect(disabled.location).toBe(`/admin/pools/${poolId}/user?${new URLSearchParams({ name: odd })}`);
    expect((await getUser(poolId, odd)).Enabled).toBe(false);
    await c.post(`/admin/pools/${poolId}/new-group`, { name: 'a/b?c' });
    expect((await c.get(`/admin/pools/${poolId}/group?${new URLSearchParams({ name: 'a/b?c' })}`)).status).toBe(200);
  });

  it('shows an unknown user, group or resource server as a 404 page', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'missing-pool' });
    expect((await c.get(`/admin/pools/${poolId}/user?name=nobody`)).status).toBe(404);
    expect((await c.get(`/admin/pools/${poolId}/group?name=nothing`)).status).toBe(404);
    expect((await c.get(`/admin/pools/${poolId}/resource-server?name=nothing`)).status).toBe(404);
    expect((await c.get('/admin/pools/us-east-1_doesNotExist/outbox')).status).toBe(404);
  });
});
