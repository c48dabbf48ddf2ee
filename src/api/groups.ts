// CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AdminAddUserToGroup,
// AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { GroupExistsException, LimitExceededException } from './errors.js';
import { ListLimit, NextToken, Username, UserPoolId } from './shapes.js';
import { NameCursor, decodePageToken, encodePageToken } from './pagination.js';
import { requirePool } from '../domain/pools.js';
import { USERNAME_PATTERN, requireUser, userType } from '../domain/users.js';
import { MAX_GROUPS_PER_USER, groupType, requireGroup } from '../domain/groups.js';
import { StoreConflict } from '../store/errors.js';
import type { GroupRecord, Page } from '../store/store.js';

// Cognito: group names follow the username pattern.
const GroupName = Type.RegExp(USERNAME_PATTERN, { minLength: 1, maxLength: 128 });
const GroupSettings = {
  Description: Type.Optional(Type.String({ maxLength: 2048 })),
  RoleArn: Type.Optional(Type.String({
    minLength: 20, maxLength: 2048,
    pattern: '^arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?$',
  })),
  Precedence: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
};
const Limit = Type.Optional(ListLimit(60));
/** Cognito: Limit 0 or absent means the largest page. */
const pageSize = (limit: number | undefined): number => limit || 60;

export const CreateGroup = defineOperation({
  name: 'CreateGroup',
  auth: 'admin',
  input: Type.Object({ UserPoolId, GroupName, ...GroupSettings }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const now = deps.clock.now();
    const group = {
      poolId: pool.id, name: input.GroupName, description: input.Description ?? null, roleArn: input.RoleArn ?? null,
      precedence: input.Precedence ?? null, createdAt: now, updatedAt: now,
    };
    try {
      await deps.store.groups.insert(group);
    } catch (error) {
      if (error instanceof StoreConflict) throw new GroupExistsException(`A group with the name ${input.GroupName} already exists.`);
      throw error;
    }
    return { Group: groupType(group) };
  },
});

export const GetGroup = defineOperation({
  name: 'GetGroup',
  auth: 'admin',
  input: Type.Object({ UserPoolId, GroupName }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    return { Group: groupType(await requireGroup(deps.store, input.UserPoolId, input.GroupName)) };
  },
});

/** Cognito: UpdateGroup changes only the members it is given. */
export const UpdateGroup = defineOperation({
  name: 'UpdateGroup',
  auth: 'admin',
  input: Type.Object({ UserPoolId, GroupName, ...GroupSettings }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const group = await requireGroup(deps.store, input.UserPoolId, input.GroupName);
    const updated = {
      ...group,
      ...(input.Description !== undefined && { description: input.Description }),
      ...(input.RoleArn !== undefined && { roleArn: input.RoleArn }),
      ...(input.Precedence !== undefined && { precedence: input.Precedence }),
      updatedAt: deps.clock.now(),
    };
    await deps.store.groups.update(updated);
    return { Group: groupType(updated) };
  },
});

export const DeleteGroup = defineOperation({
  name: 'DeleteGroup',
  auth: 'admin',
  input: Type.Object({ UserPoolId, GroupName }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    await requireGroup(deps.store, input.UserPoolId, input.GroupName);
    await deps.store.groups.delete(input.UserPoolId, input.GroupName);
    return {};
  },
});

/** One page of groups in Cognito's shape; `query` binds the page token to the listing it came from. */
async function groupsPage(
  query: string,
  input: { Limit?: number; NextToken?: string },
  load: (limit: number, after: string | undefined) => Promise<Page<GroupRecord>>,
): Promise<object> {
  const page = await load(pageSize(input.Limit), decodePageToken(input.NextToken, query, NameCursor));
  return { Groups: page.items.map(groupType), ...(page.next && { NextToken: encodePageToken(query, page.next) }) };
}

export const ListGroups = defineOperation({
  name: 'ListGroups',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Limit, NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    return groupsPage(`groups:${input.UserPoolId}`, input, (limit, after) => deps.store.groups.list(input.UserPoolId, limit, after));
  },
});

export const AdminAddUserToGroup = defineOperation({
  name: 'AdminAddUserToGroup',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, GroupName }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const group = await requireGroup(deps.store, pool.id, input.GroupName);
    const user = await requireUser(deps.store, pool, input.Username);
    const current = await deps.store.groups.listForUser(user.sub, MAX_GROUPS_PER_USER);
    if (current.items.length >= MAX_GROUPS_PER_USER && !current.items.some((g) => g.name === group.name)) {
      throw new LimitExceededException(`A user can belong to at most ${MAX_GROUPS_PER_USER} groups.`);
    }
    await deps.store.groups.addMember(pool.id, group.name, user.sub, deps.clock.now());
    return {};
  },
});

export const AdminRemoveUserFromGroup = defineOperation({
  name: 'AdminRemoveUserFromGroup',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, GroupName }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const group = await requireGroup(deps.store, pool.id, input.GroupName);
    const user = await requireUser(deps.store, pool, input.Username);
    await deps.store.groups.removeMember(pool.id, group.name, user.sub);
    return {};
  },
});

export const AdminListGroupsForUser = defineOperation({
  name: 'AdminListGroupsForUser',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, Limit, NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const user = await requireUser(deps.store, pool, input.Username);
    return groupsPage(`user-groups:${user.sub}`, input, (limit, after) => deps.store.groups.listForUser(user.sub, limit, after));
  },
});

export const ListUsersInGroup = defineOperation({
  name: 'ListUsersInGroup',
  auth: 'admin',
  input: Type.Object({ UserPoolId, GroupName, Limit, NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const group = await requireGroup(deps.store, input.UserPoolId, input.GroupName);
    const query = `group-users:${group.poolId}:${group.name}`;
    const page = await deps.store.groups.listMembers(group.poolId, group.name, pageSize(input.Limit), decodePageToken(input.NextToken, query, NameCursor));
    return {
      Users: page.items.map((user) => userType(user)),
      ...(page.next && { NextToken: encodePageToken(query, page.next) }),
    };
  },
});

export const groupOperations = [
  CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups,
  AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup,
];
