// A pool's LambdaConfig as CreateUserPool, UpdateUserPool and the pools file (`gatehouse apply`)
// accept it: Cognito's ARN syntax and LambdaVersion enums, KMSKeyID with a custom sender, and
// UpdateUserPool replacing the whole configuration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { BIN } from '../helpers/process.js';

const run = promisify(execFile);
const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ARN_PATTERN = 'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?';
// Gatehouse also takes a bare function name where Cognito takes a function's ARN.
const FUNCTION_PATTERN = `(?:${ARN_PATTERN}|[\\w-]{1,64})`;

const EVERY_MEMBER: LambdaConfigType = {
  PreSignUp: fn('pre-sign-up'),
  CustomMessage: fn('custom-message'),
  PostConfirmation: fn('post-confirmation'),
  PreAuthentication: fn('pre-authentication'),
  PostAuthentication: fn('post-authentication'),
  DefineAuthChallenge: fn('define'),
  CreateAuthChallenge: fn('create'),
  VerifyAuthChallengeResponse: fn('verify'),
  PreTokenGeneration: fn('pre-token'),
  PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: fn('pre-token') },
  UserMigration: `${fn('migrate')}:live`,
  CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: fn('sms') },
  CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: fn('email') },
  KMSKeyID: KEY,
  InboundFederation: { LambdaVersion: 'V1_0', LambdaArn: fn('federation') },
};

describe('LambdaConfig through the API', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const create = (LambdaConfig: LambdaConfigType) => t.cognito.send(new CreateUserPoolCommand({ PoolName: 'triggers', LambdaConfig }));
  const describePool = async (id: string) => (await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;

  it('keeps every member CreateUserPool names and DescribeUserPool gives them back as sent', async () => {
    const { UserPool } = await create(EVERY_MEMBER);
    expect(UserPool!.LambdaConfig).toEqual(EVERY_MEMBER);
    expect((await describePool(UserPool!.Id!)).LambdaConfig).toEqual(EVERY_MEMBER);
  });

  it.each([
    ['PreSignUp', 'my pre sign-up function', 'preSignUp', `Member must satisfy regular expression pattern: ${FUNCTION_PATTERN}`],
    ['PostConfirmation', 'arn:aws:lambda:us-east-1:acct:function:x', 'postConfirmation', `Member must satisfy regular expression pattern: ${FUNCTION_PATTERN}`],
    ['CustomMessage', 'f'.repeat(65), 'customMessage', `Member must satisfy regular expression pattern: ${FUNCTION_PATTERN}`],
    ['UserMigration', `arn:aws:lambda:us-east-1:123456789012:function:${'x'.repeat(2010)}`, 'userMigration', 'Member must have length less than or equal to 2048'],
    ['KMSKeyID', 'alias/my-key-for-codes', 'kMSKeyID', `Member must satisfy regular expression pattern: ${ARN_PATTERN}`],
    ['KMSKeyID', 'arn:aws:kms:r:1:key', 'kMSKeyID', 'Member must have length greater than or equal to 20'],
  ])('refuses a malformed %s with Cognito\'s validation message', async (member, value, path, constraint) => {
    const error = await create({ [member]: value }).catch((e) => e);
    expect(error).toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toBe(`1 validation error detected: Value '${value}' at 'lambdaConfig.${path}' failed to satisfy constraint: ${constraint}`);
  });

  it('takes a bare function name where Cognito takes an ARN (Gatehouse resolves both by the function name)', async () => {
    const bare = { PreSignUp: 'pre-sign-up', PreTokenGenerationConfig: { LambdaVersion: 'V1_0' as const, LambdaArn: 'pre_token_1' } };
    const { UserPool } = await create(bare);
    // Cognito: the versioned PreTokenGeneration member fills the legacy one.
    expect((await describePool(UserPool!.Id!)).LambdaConfig).toEqual({ ...bare, PreTokenGeneration: 'pre_token_1' });
  });

  it.each([
    ['PreTokenGenerationConfig', '$LATEST', 'preTokenGenerationConfig', '[V1_0, V2_0, V3_0]'],
    ['PreTokenGenerationConfig', 'V4_0', 'preTokenGenerationConfig', '[V1_0, V2_0, V3_0]'],
    ['CustomEmailSender', 'V2_0', 'customEmailSender', '[V1_0]'],
    ['CustomSMSSender', 'V3_0', 'customSMSSender', '[V1_0]'],
    ['InboundFederation', 'V2_0', 'inboundFederation', '[V1_0]'],
  ])('refuses %s with LambdaVersion %s (enum %s)', async (member, version, path, values) => {
    const error = await create({ [member]: { LambdaVersion: version, LambdaArn: fn('x'.repeat(8)) }, KMSKeyID: KEY }).catch((e) => e);
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toBe(`1 validation error detected: Value '${version}' at 'lambdaConfig.${path}.lambdaVersion' failed to satisfy constraint: Member must satisfy enum value set: ${values}`);
  });

  it('refuses a versioned member without its LambdaArn or its LambdaVersion', async () => {
    const noArn = await create({ PreTokenGenerationConfig: { LambdaVersion: 'V1_0' } as never }).catch((e) => e);
    expect(noArn.message).toBe("1 validation error detected: Value null at 'lambdaConfig.preTokenGenerationConfig.lambdaArn' failed to satisfy constraint: Member must not be null");
    const noVersion = await create({ CustomEmailSender: { LambdaArn: fn('email') } as never, KMSKeyID: KEY }).catch((e) => e);
    expect(noVersion.message).toBe("1 validation error detected: Value null at 'lambdaConfig.customEmailSender.lambdaVersion' failed to satisfy constraint: Member must not be null");
  });

  it('refuses a custom sender without KMSKeyID, on CreateUserPool and on UpdateUserPool, and changes nothing', async () => {
    for (const sender of ['CustomSMSSender', 'CustomEmailSender']) {
      await expect(create({ [sender]: { LambdaVersion: 'V1_0', LambdaArn: fn('sender') } })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'KMSKeyID is required when CustomSMSSender or CustomEmailSender is set.',
      });
    }
    const { UserPool } = await create({ PreSignUp: fn('pre-sign-up') });
    await expect(t.cognito.send(new UpdateUserPoolCommand({
      UserPoolId: UserPool!.Id, LambdaConfig: { PreSignUp: fn('other'), CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: fn('email') } },
    }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect((await describePool(UserPool!.Id!)).LambdaConfig).toEqual({ PreSignUp: fn('pre-sign-up') });
    // A key alone, without a sender, is accepted (Cognito keeps it for when a sender is set).
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: UserPool!.Id, LambdaConfig: { KMSKeyID: KEY } }));
    expect((await describePool(UserPool!.Id!)).LambdaConfig).toEqual({ KMSKeyID: KEY });
  });

  it('UpdateUserPool replaces LambdaConfig whole: members left out are cleared, and leaving it out clears every trigger', async () => {
    const { UserPool } = await create({ PreSignUp: fn('pre-sign-up'), PostConfirmation: fn('post-confirmation') });
    const id = UserPool!.Id!;
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: id, LambdaConfig: { PostConfirmation: fn('post-confirmation-2') } }));
    expect((await describePool(id)).LambdaConfig).toEqual({ PostConfirmation: fn('post-confirmation-2') });
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: id, MfaConfiguration: 'OFF' }));
    expect((await describePool(id)).LambdaConfig).toEqual({});
  });
});

describe('LambdaConfig in the pools file (`gatehouse apply`)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const applyFile = async (pool: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-lambda-config-'));
    dirs.push(dir);
    const file = join(dir, 'pools.yaml');
    writeFileSync(file, YAML.stringify({ pools: [{ PoolName: 'declared', ...pool }] }));
    const env = { PATH: process.env.PATH, GATEHOUSE_DATA_DIR: join(dir, 'data') };
    const applied = await run(process.execPath, [BIN, 'apply', file], { env, timeout: 90_000 }).then(
      (done) => ({ code: 0, ...done }),
      (failed) => ({ code: failed.code as number, stdout: failed.stdout as string, stderr: failed.stderr as string }),
    );
    return { ...applied, dir, env };
  };

  it('applies a declared LambdaConfig that `gatehouse export` gives back', { timeout: 200_000 }, async () => {
    const declared = { PreSignUp: fn('pre-sign-up'), CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: fn('email') }, KMSKeyID: KEY };
    const applied = await applyFile({ LambdaConfig: declared });
    expect(applied.code).toBe(0);
    const exported = await run(process.execPath, [BIN, 'export', '--json'], { env: applied.env, timeout: 90_000 });
    expect(JSON.parse(exported.stdout).pools[0].LambdaConfig).toEqual(declared);
  });

  it('refuses a declared LambdaConfig with a malformed ARN, a wrong LambdaVersion or a sender without a key', { timeout: 200_000 }, async () => {
    const malformed = await applyFile({ LambdaConfig: { PreSignUp: 'pre sign-up', PreTokenGenerationConfig: { LambdaVersion: 'V9_0', LambdaArn: fn('pre-token') } } });
    expect(malformed.code).not.toBe(0);
    expect(malformed.stderr).toContain('/pools/0/LambdaConfig/PreSignUp');
    expect(malformed.stderr).toContain('/pools/0/LambdaConfig/PreTokenGenerationConfig/LambdaVersion');

    const keyless = await applyFile({ LambdaConfig: { CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: fn('sms') } } });
    expect(keyless.code).not.toBe(0);
    expect(keyless.stderr).toContain('KMSKeyID is required when CustomSMSSender or CustomEmailSender is set.');
  });
});
