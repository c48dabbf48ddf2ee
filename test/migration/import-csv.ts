// Shared by the import-job tests: CSV rows in GetCSVHeader's columns, the job's life through the SDK.
import {
  CreateUserImportJobCommand, DescribeUserImportJobCommand, GetCSVHeaderCommand, StartUserImportJobCommand,
  type UserImportJobType, type PasswordHashingAlgorithmType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';

export const ROLE_ARN = 'arn:aws:iam::000000000000:role/CognitoImport';

/** One CSV line for `header`: the named values, every other column empty; commas escaped as Cognito wants. */
export function csvLine(header: string[], values: Record<string, string>): string {
  return header.map((column) => (values[column] ?? '').replace(/,/g, '\\,')).join(',');
}

export async function headerOf(t: TestServer, poolId: string, extra: string[] = []): Promise<string[]> {
  const out = await t.cognito.send(new GetCSVHeaderCommand({ UserPoolId: poolId }));
  return [...out.CSVHeader!, ...extra];
}

export async function createJob(t: TestServer, poolId: string, algorithm?: PasswordHashingAlgorithmType): Promise<UserImportJobType> {
  const out = await t.cognito.send(new CreateUserImportJobCommand({
    UserPoolId: poolId, JobName: 'import-test', CloudWatchLogsRoleArn: ROLE_ARN, ...(algorithm && { PasswordHashingAlgorithm: algorithm }),
  }));
  return out.UserImportJob!;
}

/** PUTs the CSV to the pre-signed URL as curl or S3 clients do: a plain HTTP PUT, no credentials. */
export function upload(url: string, body: string | ReadableStream<Uint8Array>): Promise<Response> {
  return fetch(url, { method: 'PUT', body, headers: { 'content-type': 'text/csv', 'x-amz-server-side-encryption': 'aws:kms' }, ...({ duplex: 'half' } as object) });
}

const FINAL = ['Succeeded', 'Failed', 'Stopped', 'Expired'];

/** Polls DescribeUserImportJob until the job ends (bounded: `timeoutMs`). */
export async function waitForEnd(t: TestServer, poolId: string, jobId: string, timeoutMs = 60_000): Promise<UserImportJobType> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { UserImportJob } = await t.cognito.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }));
    if (FINAL.includes(UserImportJob!.Status!)) return UserImportJob!;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${UserImportJob!.Status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Create, upload, start, wait: the whole job. */
export async function runImport(t: TestServer, poolId: string, csv: string, algorithm?: PasswordHashingAlgorithmType): Promise<UserImportJobType> {
  const job = await createJob(t, poolId, algorithm);
  const put = await upload(job.PreSignedUrl!, csv);
  if (put.status !== 200) throw new Error(`upload refused: ${put.status} ${await put.text()}`);
  await t.cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
  return waitForEnd(t, poolId, job.JobId!);
}
