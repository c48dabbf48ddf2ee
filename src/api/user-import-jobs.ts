// GetCSVHeader, CreateUserImportJob, DescribeUserImportJob, ListUserImportJobs, StartUserImportJob,
// StopUserImportJob. The CSV itself arrives by PUT at the job's PreSignedUrl (user-import-upload.ts).
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ARN_PATTERN, UserPoolId } from '../cognito/shapes.js';
import { decodePageToken, encodePageToken } from './pagination.js';
import { requirePool } from '../domain/pools.js';
import { csvHeader } from '../domain/user-import/csv.js';
import { HASHING_ALGORITHMS } from '../crypto/imported-hashes.js';
import {
  createImportJob, importJobType, listImportJobs, requireImportJob, startImportJob, stopImportJob,
} from '../domain/user-import/jobs.js';

const JobId = Type.String({ minLength: 1, maxLength: 55, pattern: '^import-[0-9a-zA-Z-]+$' });
const PasswordHashingAlgorithm = Type.Union(HASHING_ALGORITHMS.map((a) => Type.Literal(a)));
const JobCursor = Type.Object({ createdAt: Type.Integer({ minimum: 0 }), jobId: Type.String({ minLength: 1, maxLength: 55 }) });

export const GetCSVHeader = defineOperation({
  name: 'GetCSVHeader',
  auth: 'admin',
  input: Type.Object({ UserPoolId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { UserPoolId: pool.id, CSVHeader: csvHeader(pool) };
  },
});

export const CreateUserImportJob = defineOperation({
  name: 'CreateUserImportJob',
  auth: 'admin',
  input: Type.Object({
    JobName: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\w\\s+=,.@-]+$' }),
    UserPoolId,
    CloudWatchLogsRoleArn: Type.String({ minLength: 20, maxLength: 2048, pattern: ARN_PATTERN }),
    PasswordHashingAlgorithm: Type.Optional(PasswordHashingAlgorithm),
  }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { UserImportJob: importJobType(deps, await createImportJob(deps, pool, input)) };
  },
});

export const DescribeUserImportJob = defineOperation({
  name: 'DescribeUserImportJob',
  auth: 'admin',
  input: Type.Object({ UserPoolId, JobId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { UserImportJob: importJobType(deps, await requireImportJob(deps, pool, input.JobId)) };
  },
});

export const ListUserImportJobs = defineOperation({
  name: 'ListUserImportJobs',
  auth: 'admin',
  input: Type.Object({
    UserPoolId,
    MaxResults: Type.Integer({ minimum: 1, maximum: 60 }),
    PaginationToken: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const query = `import-jobs:${pool.id}`;
    const after = decodePageToken(input.PaginationToken, query, JobCursor);
    const jobs = await listImportJobs(deps, pool, input.MaxResults + 1, after);
    const page = jobs.slice(0, input.MaxResults);
    const last = page.at(-1);
    return {
      UserImportJobs: page.map((job) => importJobType(deps, job)),
      ...(jobs.length > input.MaxResults && last && { PaginationToken: encodePageToken(query, { createdAt: last.createdAt, jobId: last.jobId }) }),
    };
  },
});

export const StartUserImportJob = defineOperation({
  name: 'StartUserImportJob',
  auth: 'admin',
  input: Type.Object({ UserPoolId, JobId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { UserImportJob: importJobType(deps, await startImportJob(deps, pool, input.JobId)) };
  },
});

export const StopUserImportJob = defineOperation({
  name: 'StopUserImportJob',
  auth: 'admin',
  input: Type.Object({ UserPoolId, JobId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { UserImportJob: importJobType(deps, await stopImportJob(deps, pool, input.JobId)) };
  },
});

export const userImportJobOperations = [GetCSVHeader, CreateUserImportJob, DescribeUserImportJob, ListUserImportJobs, StartUserImportJob, StopUserImportJob];
