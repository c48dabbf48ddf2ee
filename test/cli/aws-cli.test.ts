// Smoke test with the real AWS CLI and boto3 (botocore signs, serialises and parses, not us).
// Skipped, with the reason printed, only when the binary or module is missing.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

function available(command: string, args: string[]): string | undefined {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return undefined;
  } catch (error) {
    return `${command} ${args.join(' ')} failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

const awsMissing = available('aws', ['--version']);
const boto3Missing = available('python3', ['-c', 'import boto3']);
if (awsMissing) console.log(`skipping AWS CLI tests: ${awsMissing}`);
if (boto3Missing) console.log(`skipping boto3 tests: ${boto3Missing}`);

/** A clean environment: only our credentials and region, no profile files, no retries. */
const awsEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AWS_ACCESS_KEY_ID: ADMIN_KEY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: ADMIN_KEY.secretAccessKey,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_MAX_ATTEMPTS: '1',
  AWS_RETRY_MODE: 'standard',
  AWS_PAGER: '',
});

describe('the AWS CLI and boto3 against Gatehouse', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  /** Runs `aws cognito-idp <args>`; resolves with the exit code, parsed stdout and stderr. */
  async function aws(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
    try {
      const { stdout, stderr } = await run('aws', ['cognito-idp', ...args, '--endpoint-url', t.url, '--output', 'json'], { env: awsEnv(), timeout: TIMEOUT_MS });
      return { code: 0, json: stdout.trim() ? JSON.parse(stdout) : undefined, stderr };
    } catch (error: any) {
      if (typeof error.code !== 'number') throw error;
      return { code: error.code, json: undefined, stderr: String(error.stderr) };
    }
  }

  it.skipIf(Boolean(awsMissing))('creates a pool and a client, lists pools and shows a Cognito error with the AWS CLI', async () => {
    const pool = await aws('create-user-pool', '--pool-name', 'cli-pool', '--auto-verified-attributes', 'email');
    expect(pool.code).toBe(0);
    const poolId: string = pool.json.UserPool.Id;
    expect(poolId).toMatch(/^us-east-1_[0-9A-Za-z]+$/);
    expect(pool.json.UserPool.Name).toBe('cli-pool');
    // AWS CLI v1's default cli_timestamp_format ("none") prints the wire value: epoch seconds.
    expect(typeof pool.json.UserPool.CreationDate).toBe('number');
    expect(Math.abs(pool.json.UserPool.CreationDate - Date.now() / 1000)).toBeLessThan(600);

    const client = await aws('create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'cli-client', '--generate-secret',
      '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH');
    expect(client.code).toBe(0);
    expect(client.json.UserPoolClient).toMatchObject({ UserPoolId: poolId, ClientName: 'cli-client' });
    expect(client.json.UserPoolClient.ClientSecret).toBeTruthy();

    const missing = await aws('admin-get-user', '--user-pool-id', poolId, '--username', 'nobody');
    expect(missing.code).not.toBe(0);
    // botocore notes "(reached max retries: 0)" because retries are off here (AWS_MAX_ATTEMPTS=1).
    expect(missing.stderr).toMatch(/An error occurred \(UserNotFoundException\) when calling the AdminGetUser operation( \(reached max retries: \d+\))?: User does not exist\./);

    const list = await aws('list-user-pools', '--max-results', '60');
    expect(list.code).toBe(0);
    expect(list.json.UserPools.map((p: { Id: string }) => p.Id)).toContain(poolId);
  }, TIMEOUT_MS * 4);

  it.skipIf(Boolean(awsMissing))('reports a bad secret key as a signature error through the AWS CLI', async () => {
    try {
      await run('aws', ['cognito-idp', 'list-user-pools', '--max-results', '1', '--endpoint-url', t.url], {
        env: { ...awsEnv(), AWS_SECRET_ACCESS_KEY: 'wrong-secret-key-000000000000' }, timeout: TIMEOUT_MS,
      });
      expect.fail('the CLI accepted a wrong secret key');
    } catch (error: any) {
      expect(String(error.stderr)).toContain('(InvalidSignatureException)');
    }
  }, TIMEOUT_MS);

  it.skipIf(Boolean(boto3Missing))('signs up, confirms, signs in and reads the user with boto3', async () => {
    const script = String.raw`
import json, sys
import boto3
from botocore.exceptions import ClientError
c = boto3.client('cognito-idp', endpoint_url=sys.argv[1])
out = {}
pool = c.create_user_pool(PoolName='boto3-pool')['UserPool']
out['poolId'] = pool['Id']
out['creationDateType'] = type(pool['CreationDate']).__name__
client = c.create_user_pool_client(UserPoolId=pool['Id'], ClientName='boto3-client', ExplicitAuthFlows=['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])['UserPoolClient']
out['signUp'] = c.sign_up(ClientId=client['ClientId'], Username='ana', Password='Passw0rd!')['UserConfirmed']
c.admin_confirm_sign_up(UserPoolId=pool['Id'], Username='ana')
auth = c.initiate_auth(ClientId=client['ClientId'], AuthFlow='USER_PASSWORD_AUTH', AuthParameters={'USERNAME': 'ana', 'PASSWORD': 'Passw0rd!'})
out['tokenType'] = auth['AuthenticationResult']['TokenType']
out['getUser'] = c.get_user(AccessToken=auth['AuthenticationResult']['AccessToken'])['Username']
try:
    c.admin_get_user(UserPoolId=pool['Id'], Username='nobody')
except ClientError as e:
    out['error'] = {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'requestId': e.response['ResponseMetadata'].get('RequestId')}
    out['modeled'] = isinstance(e, c.exceptions.UserNotFoundException)
try:
    c.initiate_auth(ClientId=client['ClientId'], AuthFlow='USER_PASSWORD_AUTH', AuthParameters={'USERNAME': 'ana', 'PASSWORD': 'wrong'})
except c.exceptions.NotAuthorizedException as e:
    out['wrongPassword'] = e.response['Error']['Message']
print(json.dumps(out))
`;
    const { stdout } = await run('python3', ['-c', script, t.url], { env: awsEnv(), timeout: TIMEOUT_MS });
    const out = JSON.parse(stdout);
    expect(out.poolId).toMatch(/^us-east-1_/);
    expect(out.creationDateType).toBe('datetime');
    expect(out.signUp).toBe(false);
    expect(out.tokenType).toBe('Bearer');
    expect(out.getUser).toBe('ana');
    expect(out.error).toMatchObject({ code: 'UserNotFoundException', message: 'User does not exist.', status: 400 });
    expect(out.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.modeled).toBe(true);
    expect(out.wrongPassword).toBe('Incorrect username or password.');
  }, TIMEOUT_MS * 2);
});
