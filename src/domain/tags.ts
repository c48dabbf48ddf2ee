// Tags of a user pool (TagResource, UntagResource): they live in the pool's UserPoolTags, the same
// map CreateUserPool and UpdateUserPool set.
// - A pool is named by its ARN: malformed → InvalidParameterException; well formed but not a
//   pool of this server → ResourceNotFoundException.
// - Keys starting with aws: are reserved; at most 50 tags per pool.
import type { Deps } from './deps.js';
import type { PoolRecord } from '../store/store.js';
import { InvalidParameterException, ResourceNotFoundException } from '../cognito/errors.js';
import { poolArn } from './pools.js';

export const MAX_TAGS = 50;
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
  for (const key of Object.keys(added)) {
    if (key.length > 128) throw new InvalidParameterException("1 validation error detected: Value at 'tags' failed to satisfy constraint: Map keys must have length less than or equal to 128");
    if (key.toLowerCase().startsWith('aws:')) throw new InvalidParameterException('Tag keys starting with aws: are reserved for AWS use.');
  }
  const tags = { ...pool.config.UserPoolTags, ...added };
  if (Object.keys(tags).length > MAX_TAGS) throw new InvalidParameterException(`A user pool can have at most ${MAX_TAGS} tags.`);
  await saveTags(deps, pool, tags);
}

export async function untagPool(deps: Deps, pool: PoolRecord, keys: string[]): Promise<void> {
  const tags: Record<string, string> = { ...pool.config.UserPoolTags };
  for (const key of keys) delete tags[key];
  await saveTags(deps, pool, tags);
}
