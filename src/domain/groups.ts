// Groups: creating and changing one (the same rules for the API, the console and `gatehouse apply`),
// lookup with Cognito's "Group not found." and the GroupType view.
import type { Deps } from './deps.js';
import type { GroupRecord, PoolRecord, Store, UserRecord } from '../store/store.js';
import { GroupExistsException, LimitExceededException, ResourceNotFoundException } from '../cognito/errors.js';
import { StoreConflict } from '../store/errors.js';
import { toEpochSeconds } from './pools.js';

const GROUP_NOT_FOUND = 'Group not found.';

/** Cognito: a user belongs to at most 100 groups. */
const MAX_GROUPS_PER_USER = 100;

export async function requireGroup(store: Store, poolId: string, name: string): Promise<GroupRecord> {
  const group = await store.groups.find(poolId, name);
  if (!group) throw new ResourceNotFoundException(GROUP_NOT_FOUND);
  return group;
}

/** GroupType; members without a value are omitted, as Cognito omits them. */
export function groupType(group: GroupRecord) {
  return {
    GroupName: group.name,
    UserPoolId: group.poolId,
    ...(group.description !== null && { Description: group.description }),
    ...(group.roleArn !== null && { RoleArn: group.roleArn }),
    ...(group.precedence !== null && { Precedence: group.precedence }),
    LastModifiedDate: toEpochSeconds(group.updatedAt),
    CreationDate: toEpochSeconds(group.createdAt),
  };
}

export interface GroupInput {
  GroupName: string;
  Description?: string;
  RoleArn?: string;
  Precedence?: number;
}

export async function createGroup(deps: Deps, pool: PoolRecord, input: GroupInput): Promise<GroupRecord> {
  const now = deps.clock.now();
  const group: GroupRecord = {
    poolId: pool.id, name: input.GroupName, description: input.Description ?? null, roleArn: input.RoleArn ?? null,
    precedence: input.Precedence ?? null, createdAt: now, updatedAt: now,
  };
  try {
    await deps.store.groups.insert(group);
  } catch (error) {
    if (error instanceof StoreConflict) throw new GroupExistsException(`A group with the name ${input.GroupName} already exists.`);
    throw error;
  }
  return group;
}

/** Cognito: UpdateGroup changes only the members it is given (null clears one: a declared file's group is replaced whole). */
export async function updateGroup(
  deps: Deps, group: GroupRecord, input: { Description?: string | null; RoleArn?: string | null; Precedence?: number | null },
): Promise<GroupRecord> {
  const updated = {
    ...group,
    ...(input.Description !== undefined && { description: input.Description }),
    ...(input.RoleArn !== undefined && { roleArn: input.RoleArn }),
    ...(input.Precedence !== undefined && { precedence: input.Precedence }),
    updatedAt: deps.clock.now(),
  };
  await deps.store.groups.update(updated);
  return updated;
}

/** AdminAddUserToGroup: at most 100 groups per user (adding a group the user is in already is a no-op). */
export async function addUserToGroup(deps: Deps, pool: PoolRecord, group: GroupRecord, user: UserRecord): Promise<void> {
  const current = await deps.store.groups.listForUser(user.sub, MAX_GROUPS_PER_USER);
  if (current.items.length >= MAX_GROUPS_PER_USER && !current.items.some((g) => g.name === group.name)) {
    throw new LimitExceededException(`A user can belong to at most ${MAX_GROUPS_PER_USER} groups.`);
  }
  await deps.store.groups.addMember(pool.id, group.name, user.sub, deps.clock.now());
}
