// Replicas: Gatehouse does not replicate pools across regions, and every replica operation the SDK
// models says so with OperationNotEnabledException (after finding the pool).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateUserPoolReplicaCommand,
  DeleteUserPoolReplicaCommand,
  DescribeUserPoolCommand,
  ListUserPoolReplicasCommand,
  UpdateUserPoolReplicaCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { errorOf, errorWithStatusOf } from '../helpers/errors.js';

describe('user pool replicas', () => {
  let t: TestServer;
  let poolId: string;

  const calls = (UserPoolId: string) => ({
    CreateUserPoolReplica: () => t.cognito.send(new CreateUserPoolReplicaCommand({ UserPoolId, RegionName: 'eu-west-1', UserPoolTags: { team: 'auth' } })),
    DeleteUserPoolReplica: () => t.cognito.send(new DeleteUserPoolReplicaCommand({ UserPoolId, RegionName: 'eu-west-1' })),
    ListUserPoolReplicas: () => t.cognito.send(new ListUserPoolReplicasCommand({ UserPoolId })),
    UpdateUserPoolReplica: () => t.cognito.send(new UpdateUserPoolReplicaCommand({ UserPoolId, RegionName: 'eu-west-1', Status: 'INACTIVE' })),
  });

  beforeAll(async () => {
    t = await startTestServer();
    poolId = await t.fixtures.pool();
  });
  afterAll(() => t.close());

  it('answers every replica operation with OperationNotEnabledException naming the operation', async () => {
    for (const [name, call] of Object.entries(calls(poolId))) {
      expect(await errorWithStatusOf(call())).toEqual({
        name: 'OperationNotEnabledException',
        message: `${name} is not supported: Gatehouse does not replicate user pools to other regions.`,
        status: 400,
      });
    }
    // Nothing about the pool changed.
    expect((await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.Id).toBe(poolId);
  });

  it('still answers ResourceNotFoundException for an unknown pool, and InvalidParameterException for bad input', async () => {
    for (const call of Object.values(calls('us-east-1_NoSuchPool'))) expect((await errorOf(call())).name).toBe('ResourceNotFoundException');
    expect((await errorOf(t.cognito.send(new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1', Status: 'DELETING' as 'ACTIVE' })))).name)
      .toBe('InvalidParameterException');
  });

  it('requires an admin signature before it answers', async () => {
    const stranger = t.cognitoWith({ accessKeyId: 'AKIDNOTANADMINKEY01', secretAccessKey: 'not-the-admin-secret-0123456789' });
    expect((await errorOf(stranger.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId })))).name).toBe('UnrecognizedClientException');
    stranger.destroy();
  });
});
