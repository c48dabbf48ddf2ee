import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  SignUpCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';

const ROLE_A = 'arn:aws:iam::123456789012:role/admins';
const ROLE_B = 'arn:aws:iam::123456789012:role/readers';
const ROLE_C = 'arn:aws:iam::123456789012:role/writers';


describe('groups', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  /** A pool with a client and a confirmed user per name. */
  async function poolWithUsers(...usernames: string[]) {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    for (const username of usernames) {
      await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: 'Passw0rd!' }));
      await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
    }
    return { poolId, clientId };
  }

  async function signIn(poolId: string, clientId: string, username: string) {
    const out = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!' },
    }));
    return { id: claimsOf(out.AuthenticationResult!.IdToken!), access: claimsOf(out.AuthenticationResult!.AccessToken!) };
  }

  it('creates a group, returns it from GetGroup and refuses a second group with the same name', async () => {
    const poolId = await t.fixtures.pool();
    const created = await t.cognito.send(new CreateGroupCommand({
      UserPoolId: poolId, GroupName: 'admins', Description: 'Administrators', RoleArn: ROLE_A, Precedence: 1,
    }));
    expect(created.Group).toMatchObject({ GroupName: 'admins', UserPoolId: poolId, Description: 'Administrators', RoleArn: ROLE_A, Precedence: 1 });
    expect(created.Group?.CreationDate).toBeInstanceOf(Date);
    expect(created.Group?.LastModifiedDate).toBeInstanceOf(Date);

    const got = await t.cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    expect(got.Group).toEqual(created.Group);

    await expect(t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' })))
      .rejects.toMatchObject({ name: 'GroupExistsException', message: 'A group with the name admins already exists.' });
  });

  it('omits unset members from a group', async () => {
    const poolId = await t.fixtures.pool();
    const { Group } = await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'plain' }));
    expect(Group).not.toHaveProperty('Description');
    expect(Group).not.toHaveProperty('RoleArn');
    expect(Group).not.toHaveProperty('Precedence');
  });

  it('rejects invalid group names, role ARNs and precedences with InvalidParameterException', async () => {
    const poolId = await t.fixtures.pool();
    for (const input of [
      { GroupName: 'has space' },
      { GroupName: 'x'.repeat(129) },
      { GroupName: 'ok', RoleArn: 'not-an-arn-at-all-really' },
      { GroupName: 'ok', Precedence: -1 },
    ]) {
      await expect(t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, ...input })))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
    }
  });

  it('answers ResourceNotFoundException "Group not found." for an unknown group', async () => {
    const poolId = await t.fixtures.pool();
    const notFound = { name: 'ResourceNotFoundException', message: 'Group not found.' };
    await expect(t.cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'nope' }))).rejects.toMatchObject(notFound);
    await expect(t.cognito.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'nope', Description: 'x' }))).rejects.toMatchObject(notFound);
    await expect(t.cognito.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'nope' }))).rejects.toMatchObject(notFound);
    await expect(t.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'nope' }))).rejects.toMatchObject(notFound);
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    await expect(t.cognito.send(new ListGroupsCommand({ UserPoolId: 'us-east-1_doesnotexist' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'User pool us-east-1_doesnotexist does not exist.' });
  });

  it('updates only the members UpdateGroup is given', async () => {
    const poolId = await t.fixtures.pool();
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'g', Description: 'before', RoleArn: ROLE_A, Precedence: 5 }));
    t.clock.advance(2000);
    const { Group } = await t.cognito.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'g', Description: 'after' }));
    expect(Group).toMatchObject({ GroupName: 'g', Description: 'after', RoleArn: ROLE_A, Precedence: 5 });
    expect(Group!.LastModifiedDate!.getTime()).toBeGreaterThan(Group!.CreationDate!.getTime());
    const got = await t.cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'g' }));
    expect(got.Group).toMatchObject({ Description: 'after', Precedence: 5 });
  });

  it('lists groups in pages of Limit with NextToken', async () => {
    const poolId = await t.fixtures.pool();
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const name of names) await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: name }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await t.cognito.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 2, NextToken: token }));
      expect(out.Groups!.length).toBeLessThanOrEqual(2);
      seen.push(...out.Groups!.map((g) => g.GroupName!));
      token = out.NextToken;
      pages += 1;
    } while (token && pages < 10);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);

    const all = await t.cognito.send(new ListGroupsCommand({ UserPoolId: poolId }));
    expect(all.Groups).toHaveLength(5);
    expect(all.NextToken).toBeUndefined();
    await expect(t.cognito.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 61 })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses a NextToken issued for another query', async () => {
    const poolId = await t.fixtures.pool();
    const other = await t.fixtures.pool();
    for (const name of ['a', 'b']) await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: name }));
    const first = await t.cognito.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 1 }));
    expect(first.NextToken).toBeDefined();
    await expect(t.cognito.send(new ListGroupsCommand({ UserPoolId: other, NextToken: first.NextToken })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('adds users to groups, lists both directions and removes them', async () => {
    const { poolId } = await poolWithUsers('ana', 'bo');
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'writers' }));
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'ana', GroupName: 'readers' }));
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'ana', GroupName: 'writers' }));
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'bo', GroupName: 'readers' }));
    // Adding a member twice is not an error.
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'bo', GroupName: 'readers' }));

    const anaGroups = await t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ana' }));
    expect(anaGroups.Groups!.map((g) => g.GroupName)).toEqual(['readers', 'writers']);
    expect(anaGroups.Groups![0].UserPoolId).toBe(poolId);

    const firstPage = await t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ana', Limit: 1 }));
    expect(firstPage.Groups!.map((g) => g.GroupName)).toEqual(['readers']);
    const secondPage = await t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ana', Limit: 1, NextToken: firstPage.NextToken }));
    expect(secondPage.Groups!.map((g) => g.GroupName)).toEqual(['writers']);
    expect(secondPage.NextToken).toBeUndefined();

    const readers = await t.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    expect(readers.Users!.map((u) => u.Username).sort()).toEqual(['ana', 'bo']);
    expect(readers.Users![0]).toMatchObject({ Enabled: true, UserStatus: 'CONFIRMED' });
    expect(readers.Users![0].Attributes!.some((a) => a.Name === 'sub')).toBe(true);

    const page = await t.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers', Limit: 1 }));
    expect(page.Users).toHaveLength(1);
    const rest = await t.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers', Limit: 1, NextToken: page.NextToken }));
    expect(rest.Users).toHaveLength(1);
    expect(rest.Users![0].Username).not.toBe(page.Users![0].Username);

    await t.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'ana', GroupName: 'readers' }));
    const after = await t.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    expect(after.Users!.map((u) => u.Username)).toEqual(['bo']);
    const anaAfter = await t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ana' }));
    expect(anaAfter.Groups!.map((g) => g.GroupName)).toEqual(['writers']);
  });

  it('answers UserNotFoundException for an unknown user and ResourceNotFoundException for an unknown group', async () => {
    const { poolId } = await poolWithUsers('ana');
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'g' }));
    const noUser = { name: 'UserNotFoundException', message: 'User does not exist.' };
    await expect(t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'ghost', GroupName: 'g' }))).rejects.toMatchObject(noUser);
    await expect(t.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'ghost', GroupName: 'g' }))).rejects.toMatchObject(noUser);
    await expect(t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ghost' }))).rejects.toMatchObject(noUser);
    await expect(t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'ana', GroupName: 'nope' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Group not found.' });
  });

  it('removes memberships when a group is deleted', async () => {
    const { poolId } = await poolWithUsers('ana');
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'temp' }));
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'ana', GroupName: 'temp' }));
    await t.cognito.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'temp' }));
    await expect(t.cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'temp' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const { Groups } = await t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ana' }));
    expect(Groups).toEqual([]);
    // Re-creating the name starts empty.
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'temp' }));
    const { Users } = await t.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'temp' }));
    expect(Users).toEqual([]);
  });

  it('puts cognito:groups in both tokens and roles with the lowest-precedence preferred role in the ID token', async () => {
    const { poolId, clientId } = await poolWithUsers('ana');
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers', RoleArn: ROLE_B, Precedence: 10 }));
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', RoleArn: ROLE_A, Precedence: 1 }));
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'no-role' }));
    for (const group of ['readers', 'admins', 'no-role']) {
      await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'ana', GroupName: group }));
    }
    const { id, access } = await signIn(poolId, clientId, 'ana');
    expect([...id['cognito:groups']].sort()).toEqual(['admins', 'no-role', 'readers']);
    expect([...access['cognito:groups']].sort()).toEqual(['admins', 'no-role', 'readers']);
    expect([...id['cognito:roles']].sort()).toEqual([ROLE_A, ROLE_B]);
    expect(id['cognito:preferred_role']).toBe(ROLE_A);
    expect(access).not.toHaveProperty('cognito:roles');
    expect(access).not.toHaveProperty('cognito:preferred_role');
  });

  it('ranks a group without Precedence after groups with one for the preferred role', async () => {
    const { poolId, clientId } = await poolWithUsers('ana');
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'unranked', RoleArn: ROLE_A }));
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'ranked', RoleArn: ROLE_B, Precedence: 50 }));
    for (const group of ['unranked', 'ranked']) {
      await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'ana', GroupName: group }));
    }
    const { id } = await signIn(poolId, clientId, 'ana');
    expect(id['cognito:preferred_role']).toBe(ROLE_B);
  });

  it('sets no preferred role when groups tie on the lowest Precedence with different roles', async () => {
    const { poolId, clientId } = await poolWithUsers('ana');
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'one', RoleArn: ROLE_B, Precedence: 3 }));
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'two', RoleArn: ROLE_C, Precedence: 3 }));
    for (const group of ['one', 'two']) {
      await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'ana', GroupName: group }));
    }
    const { id } = await signIn(poolId, clientId, 'ana');
    expect([...id['cognito:roles']].sort()).toEqual([ROLE_B, ROLE_C]);
    expect(id).not.toHaveProperty('cognito:preferred_role');
  });

  it('reflects group changes in tokens minted by a refresh', async () => {
    const { poolId, clientId } = await poolWithUsers('ana');
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff', RoleArn: ROLE_A }));
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'ana', GroupName: 'staff' }));
    const first = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Passw0rd!' },
    }));
    expect(claimsOf(first.AuthenticationResult!.IdToken!)['cognito:groups']).toEqual(['staff']);
    await t.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'ana', GroupName: 'staff' }));
    const refreshed = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: first.AuthenticationResult!.RefreshToken! },
    }));
    const id = claimsOf(refreshed.AuthenticationResult!.IdToken!);
    expect(id).not.toHaveProperty('cognito:groups');
    expect(id).not.toHaveProperty('cognito:preferred_role');
    expect(claimsOf(refreshed.AuthenticationResult!.AccessToken!)).not.toHaveProperty('cognito:groups');
  });

  it('leaves group claims out of tokens of a user in no group', async () => {
    const { poolId, clientId } = await poolWithUsers('ana');
    const { id, access } = await signIn(poolId, clientId, 'ana');
    expect(id).not.toHaveProperty('cognito:groups');
    expect(id).not.toHaveProperty('cognito:roles');
    expect(access).not.toHaveProperty('cognito:groups');
  });
});
