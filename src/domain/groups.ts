// Groups: lookup with Cognito's "Group not found." and the GroupType view.
import type { GroupRecord, Store } from '../store/store.js';
import { ResourceNotFoundException } from '../cognito/errors.js';
import { toEpochSeconds } from './pools.js';

export const GROUP_NOT_FOUND = 'Group not found.';

/** Cognito: a user belongs to at most 100 groups. */
export const MAX_GROUPS_PER_USER = 100;

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
