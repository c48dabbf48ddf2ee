// Cognito's rules for a user pool's tags, wherever they are set (CreateUserPool, UpdateUserPool,
// TagResource, the pools file): keys starting with aws: are reserved; at most 50 tags per pool.
import { InvalidParameterException } from '../cognito/errors.js';

export const MAX_TAGS = 50;

export function checkTags(tags: Record<string, string>): void {
  for (const key of Object.keys(tags)) {
    if (key.length > 128) throw new InvalidParameterException("1 validation error detected: Value at 'tags' failed to satisfy constraint: Map keys must have length less than or equal to 128");
    if (key.toLowerCase().startsWith('aws:')) throw new InvalidParameterException('Tag keys starting with aws: are reserved for AWS use.');
  }
  if (Object.keys(tags).length > MAX_TAGS) throw new InvalidParameterException(`A user pool can have at most ${MAX_TAGS} tags.`);
}
