import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('user pool tags', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function poolWithArn(tags?: Record<string, string>) {
    const poolId = await t.fixtures.pool(tags ? { UserPoolTags: tags } : {});
    const { UserPool } = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    return { poolId, arn: UserPool!.Arn! };
  }

  it('lists the tags given at CreateUserPool on the pool ARN', async () => {
    const { poolId, arn } = await poolWithArn({ team: 'identity' });
    expect(arn).toBe(`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`);
    const { Tags } = await t.cognito.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(Tags).toEqual({ team: 'identity' });
  });

  it('adds and overwrites tags with TagResource and shows them in DescribeUserPool', async () => {
    const { poolId, arn } = await poolWithArn({ team: 'identity', env: 'dev' });
    await t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'prod', owner: 'ana' } }));
    const { Tags } = await t.cognito.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(Tags).toEqual({ team: 'identity', env: 'prod', owner: 'ana' });
    const { UserPool } = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.UserPoolTags).toEqual({ team: 'identity', env: 'prod', owner: 'ana' });
  });

  it('accepts letters, digits, spaces and _.:/=+-@ in keys and values, including non-ASCII letters', async () => {
    const { arn } = await poolWithArn();
    const tags = { 'cost centre/été': 'Zürich 42', 'a_b.c:d/e=f+g-h@i': '', plain: 'x' };
    await t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags }));
    const { Tags } = await t.cognito.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(Tags).toEqual(tags);
  });

  it('removes tags with UntagResource and ignores keys that are not set', async () => {
    const { arn } = await poolWithArn({ a: '1', b: '2', c: '3' });
    await t.cognito.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a', 'c', 'missing'] }));
    const { Tags } = await t.cognito.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(Tags).toEqual({ b: '2' });
  });

  it('keeps tags through an UpdateUserPool that does not mention them', async () => {
    const { poolId, arn } = await poolWithArn();
    await t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: { kept: 'yes' } }));
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF' }));
    const { Tags } = await t.cognito.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(Tags).toEqual({ kept: 'yes' });
  });

  it('refuses more than 50 tags on a pool', async () => {
    const { arn } = await poolWithArn();
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `v${i}`]));
    await t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: fifty }));
    await expect(t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: { one: 'too many' } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    const { Tags } = await t.cognito.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(Object.keys(Tags!)).toHaveLength(50);
    // Overwriting an existing key stays within the limit.
    await t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k0: 'changed' } }));
  });

  it('applies the same tag rules to CreateUserPool and UpdateUserPool: reserved aws: keys, at most 50 tags', async () => {
    const reserved = { name: 'InvalidParameterException', message: 'Tag keys starting with aws: are reserved for AWS use.' };
    await expect(t.cognito.send(new CreateUserPoolCommand({ PoolName: 'tagged', UserPoolTags: { 'AWS:stack': 'x' } }))).rejects.toMatchObject(reserved);
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await expect(t.cognito.send(new CreateUserPoolCommand({ PoolName: 'tagged', UserPoolTags: tooMany })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'A user pool can have at most 50 tags.' });
    const { poolId } = await poolWithArn();
    await expect(t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolTags: { 'aws:created': 'x' } }))).rejects.toMatchObject(reserved);
  });

  it('refuses tag keys reserved for AWS and keys longer than 128 characters', async () => {
    const { arn } = await poolWithArn();
    await expect(t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: { 'aws:created': 'x' } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Tag keys starting with aws: are reserved for AWS use.' });
    await expect(t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: { 'bad#key': 'x' } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: { key: 'bad{value}' } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: { ['k'.repeat(129)]: 'x' } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: { key: 'v'.repeat(257) } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers InvalidParameterException for a malformed ARN', async () => {
    for (const arn of ['not-an-arn-just-text', 'arn:aws:s3:::my-bucket-for-tests', 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/bad']) {
      await expect(t.cognito.send(new ListTagsForResourceCommand({ ResourceArn: arn })))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
    }
  });

  it('answers ResourceNotFoundException for a well-formed ARN of a pool that does not exist here', async () => {
    const { poolId } = await poolWithArn();
    for (const arn of [
      'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Missing12',
      `arn:aws:cognito-idp:eu-west-1:000000000000:userpool/${poolId}`,
      `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${poolId}`,
    ]) {
      await expect(t.cognito.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: 'b' } })))
        .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    }
  });
});
