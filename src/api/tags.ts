// TagResource, UntagResource, ListTagsForResource on a user pool ARN (domain/tags.ts holds the rules).
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { requirePoolByArn, tagPool, untagPool } from '../domain/tags.js';
import { MAX_TAGS } from '../domain/tag-rules.js';

const ResourceArn = Type.String({ minLength: 20, maxLength: 2048 });
// Cognito's key and value pattern is ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$; TypeBox compiles patterns
// without the u flag, so it is written as "no control character and no other ASCII punctuation".
const TAG_CHARS = "[^\\x00-\\x1f\\x7f!\"#$%&'()*,;<>?\\[\\\\\\]^`{|}~]";
const TagKey = Type.String({ minLength: 1, maxLength: 128, pattern: `^${TAG_CHARS}+$` });
const TagValue = Type.String({ maxLength: 256, pattern: `^${TAG_CHARS}*$` });

export const TagResource = defineOperation({
  name: 'TagResource',
  auth: 'admin',
  input: Type.Object({ ResourceArn, Tags: Type.Record(TagKey, TagValue, { additionalProperties: false }) }),
  async handler(input, { deps }) {
    await tagPool(deps, await requirePoolByArn(deps, input.ResourceArn), input.Tags);
    return {};
  },
});

export const UntagResource = defineOperation({
  name: 'UntagResource',
  auth: 'admin',
  input: Type.Object({ ResourceArn, TagKeys: Type.Array(TagKey, { maxItems: MAX_TAGS }) }),
  async handler(input, { deps }) {
    await untagPool(deps, await requirePoolByArn(deps, input.ResourceArn), input.TagKeys);
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
