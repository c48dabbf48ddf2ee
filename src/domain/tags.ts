// Tags of a user pool (TagResource, UntagResource): they live in the pool's UserPoolTags, the same
// map CreateUserPool and UpdateUserPool set.
// - A pool is named by its ARN: malformed → InvalidParameterException; well formed but not a
//   pool of this server → ResourceNotFoundException.
// - The tag rules themselves are tag-rules.ts's, shared with CreateUserPool and UpdateUserPool.
import type { Deps } from './deps.js';
import type { PoolRecord } from '../store/store.js';
import { InvalidParameterException, ResourceNotFoundException } from '../cognito/errors.js';
import { poolArn } from './pools.js';
import { checkTags } from './tag-rules.js';

const ARN = /^arn:aws:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

export async function requirePoolByArn(deps: Deps, arn: string): Promise<PoolRecord> {
  const match = ARN.exec(arn);
  if (!match) throw new InvalidParameterException(`Invalid ARN: ${arn}`);
  const pool = await deps.store.pools.find(match[3]);
  if (!pool || poolArn(deps, pool.id) !== arn) throw new ResourceNotFoundException(`User pool ${match[3]} does not exist.`);
  return pool;
}

async function saveTags(deps: Deps, pool: PoolRecord, tags: Record<string, string>): Promise<void> {
  await deps.store.pools.update(pool.id, { config: { ...pool.config, UserPoolTags: tags }, updatedAt: deps.clock.now() });
}

/** Adds or replaces tags. */
export async function tagPool(deps: Deps, pool: PoolRecord, added: Record<string, string>): Promise<void> {
  checkTags(added);
  const tags = { ...pool.config.UserPoolTags, ...added };
  checkTags(tags);
  await saveTags(deps, pool, tags);
}

export async function untagPool(deps: Deps, pool: PoolRecord, keys: string[]): Promise<void> {
  const tags: Record<string, string> = { ...pool.config.UserPoolTags };
  for (const key of keys) delete tags[key];
  await saveTags(deps, pool, tags);
}
