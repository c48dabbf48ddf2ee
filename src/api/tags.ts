// TagResource, UntagResource, ListTagsForResource on a user pool ARN. Tags live in the pool's
// UserPoolTags, the same map CreateUserPool and UpdateUserPool set.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { InvalidParameterException, ResourceNotFoundException } from '../cognito/errors.js';
import type { Deps } from '../domain/deps.js';
import type { PoolRecord } from '../store/store.js';
import { poolArn } from '../domain/pools.js';

const MAX_TAGS = 50;
const ResourceArn = Type.String({ minLength: 20, maxLength: 2048 });
// Cognito's key and value pattern is ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$; TypeBox compiles patterns
// without the u flag, so it is written as "no control character and no other ASCII punctuation".
const TAG_CHARS = "[^\\x00-\\x1f\\x7f!\"#$%&'()*,;<>?\\[\\\\\\]^`{|}~]";
const TagKey = Type.String({ minLength: 1, maxLength: 128, pattern: `^${TAG_CHARS}+$` });
const TagValue = Type.String({ maxLength: 256, pattern: `^${TAG_CHARS}*$` });

const ARN = /^arn:aws:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

/** The pool an ARN names: malformed → InvalidParameterException; well formed but unknown here → ResourceNotFoundException. */
async function requirePoolByArn(deps: Deps, arn: string): Promise<PoolRecord> {
  const match = ARN.exec(arn);
  if (!match) throw new InvalidParameterException(`Invalid ARN: ${arn}`);
  const pool = await deps.store.pools.find(match[3]);
  if (!pool || poolArn(deps, pool.id) !== arn) throw new ResourceNotFoundException(`User pool ${match[3]} does not exist.`);
  return pool;
}

async function saveTags(deps: Deps, pool: PoolRecord, tags: Record<string, string>): Promise<void> {
  await deps.store.pools.update(pool.id, { config: { ...pool.config, UserPoolTags: tags }, updatedAt: deps.clock.now() });
}

export const TagResource = defineOperation({
  name: 'TagResource',
  auth: 'admin',
  input: Type.Object({ ResourceArn, Tags: Type.Record(TagKey, TagValue, { additionalProperties: false }) }),
  async handler(input, { deps }) {
    const pool = await requirePoolByArn(deps, input.ResourceArn);
    for (const key of Object.keys(input.Tags)) {
      if (key.length > 128) throw new InvalidParameterException("1 validation error detected: Value at 'tags' failed to satisfy constraint: Map keys must have length less than or equal to 128");
      if (key.toLowerCase().startsWith('aws:')) throw new InvalidParameterException('Tag keys starting with aws: are reserved for AWS use.');
    }
    const tags = { ...pool.config.UserPoolTags, ...input.Tags };
    if (Object.keys(tags).length > MAX_TAGS) throw new InvalidParameterException(`A user pool can have at most ${MAX_TAGS} tags.`);
    await saveTags(deps, pool, tags);
    return {};
  },
});

export const UntagResource = defineOperation({
  name: 'UntagResource',
  auth: 'admin',
  input: Type.Object({ ResourceArn, TagKeys: Type.Array(TagKey, { maxItems: MAX_TAGS }) }),
  async handler(input, { deps }) {
    const pool = await requirePoolByArn(deps, input.ResourceArn);
    const tags: Record<string, string> = { ...pool.config.UserPoolTags };
    for (const key of input.TagKeys) delete tags[key];
    await saveTags(deps, pool, tags);
    return {};
  },
});

export const ListTagsForResource = defineOperation({
  name: 'ListTagsForResource',
  auth: 'admin',
  input: Type.Object({ ResourceArn }),
  async handler(input, { deps }) {
    const pool = await requirePoolByArn(deps, input.ResourceArn);
    return { Tags: pool.config.UserPoolTags ?? {} };
  },
});

export const tagOperations = [TagResource, UntagResource, ListTagsForResource];
