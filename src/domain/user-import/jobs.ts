// User import jobs, Cognito's lifecycle: Created (waiting for the CSV at its pre-signed URL) →
// Pending (started) → InProgress → Succeeded / Failed, or Stopping → Stopped; a job not started
// within a day is Expired and its file deleted. The import itself runs in worker.ts.
import type { Deps } from '../deps.js';
import type { PoolRecord, UserImportJobRecord } from '../../store/store.js';
import { PreconditionNotMetException, ResourceNotFoundException } from '../../cognito/errors.js';
import { newImportJobId } from '../../crypto/random.js';
import type { HashingAlgorithm } from '../../crypto/imported-hashes.js';
import { toEpochSeconds } from '../pools.js';
import { presignedUrl } from './presigned-url.js';

/** Cognito: a job not started within 24 hours (it says "24–48") expires, its file deleted. */
export const JOB_EXPIRY_MS = 24 * 60 * 60 * 1000;

export const STOPPED_MESSAGE = 'The Import Job was stopped by the developer.';

export async function createImportJob(
  deps: Deps, pool: PoolRecord, input: { JobName: string; CloudWatchLogsRoleArn: string; PasswordHashingAlgorithm?: HashingAlgorithm },
): Promise<UserImportJobRecord> {
  const job: UserImportJobRecord = {
    jobId: newImportJobId(), poolId: pool.id, jobName: input.JobName, status: 'Created', cloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn,
    passwordHashingAlgorithm: input.PasswordHashingAlgorithm ?? null, createdAt: deps.clock.now(), startedAt: null, completedAt: null,
    importedUsers: 0, skippedUsers: 0, failedUsers: 0, completionMessage: null, uploadId: null, csvHeader: null, nextChunk: 0,
    leaseOwner: null, leaseUntil: null,
  };
  await deps.store.userImportJobs.insert(job);
  return job;
}

/** A Created job past its day becomes Expired (checked when it is read: no timer to run). */
async function expireIfDue(deps: Deps, job: UserImportJobRecord): Promise<UserImportJobRecord> {
  if (job.status !== 'Created' || deps.clock.now() < job.createdAt + JOB_EXPIRY_MS) return job;
  const completedAt = job.createdAt + JOB_EXPIRY_MS;
  if (await deps.store.userImportJobs.transition(job.jobId, ['Created'], { status: 'Expired', completedAt })) {
    await deps.store.userImportJobs.deleteChunks(job.jobId);
  }
  return (await deps.store.userImportJobs.find(job.poolId, job.jobId)) ?? job;
}

export async function requireImportJob(deps: Deps, pool: PoolRecord, jobId: string): Promise<UserImportJobRecord> {
  const job = await deps.store.userImportJobs.find(pool.id, jobId);
  if (!job) throw new ResourceNotFoundException(`Import job ${jobId} does not exist.`);
  return expireIfDue(deps, job);
}

export async function listImportJobs(deps: Deps, pool: PoolRecord, limit: number, after?: { createdAt: number; jobId: string }): Promise<UserImportJobRecord[]> {
  const jobs = await deps.store.userImportJobs.list(pool.id, limit, after);
  return Promise.all(jobs.map((job) => expireIfDue(deps, job)));
}

/** StartUserImportJob: Created with an uploaded file → Pending, for a worker to claim. */
export async function startImportJob(deps: Deps, pool: PoolRecord, jobId: string): Promise<UserImportJobRecord> {
  const job = await requireImportJob(deps, pool, jobId);
  if (job.status !== 'Created') throw new PreconditionNotMetException(`Import job ${jobId} cannot be started in status ${job.status}.`);
  // Cognito's wording when nothing was uploaded.
  if (!job.uploadId) throw new PreconditionNotMetException(`No csv file was uploaded for ${jobId}`);
  const autoVerified: string[] = pool.config.AutoVerifiedAttributes ?? [];
  // Cognito: users without a password need an auto-verified channel to reset it.
  if (!job.passwordHashingAlgorithm && autoVerified.length === 0) {
    throw new PreconditionNotMetException('The user pool has no auto verified attributes: imported users could not reset their password.');
  }
  if (!(await deps.store.userImportJobs.transition(jobId, ['Created'], { status: 'Pending', startedAt: deps.clock.now() }))) {
    throw new PreconditionNotMetException(`Import job ${jobId} cannot be started in status ${(await requireImportJob(deps, pool, jobId)).status}.`);
  }
  return requireImportJob(deps, pool, jobId);
}

/** StopUserImportJob: a Pending or InProgress job stops at its next chunk (Stopping → Stopped). */
export async function stopImportJob(deps: Deps, pool: PoolRecord, jobId: string): Promise<UserImportJobRecord> {
  const job = await requireImportJob(deps, pool, jobId);
  if (!(await deps.store.userImportJobs.transition(jobId, ['Pending', 'InProgress'], { status: 'Stopping' }))) {
    throw new PreconditionNotMetException(`Import job ${jobId} cannot be stopped in status ${job.status}.`);
  }
  // The answer is the job as this call left it, Stopping, as Cognito answers. Read back, it could
  // already be Stopped: the worker may notice the stop between two chunks before the read.
  return { ...job, status: 'Stopping' };
}

/** Cognito's UserImportJobType. */
export function importJobType(deps: Deps, job: UserImportJobRecord): Record<string, unknown> {
  return {
    JobName: job.jobName,
    JobId: job.jobId,
    UserPoolId: job.poolId,
    PreSignedUrl: presignedUrl(deps, job),
    CreationDate: toEpochSeconds(job.createdAt),
    ...(job.startedAt !== null && { StartDate: toEpochSeconds(job.startedAt) }),
    ...(job.completedAt !== null && { CompletionDate: toEpochSeconds(job.completedAt) }),
    Status: job.status,
    CloudWatchLogsRoleArn: job.cloudWatchLogsRoleArn,
    ImportedUsers: job.importedUsers,
    SkippedUsers: job.skippedUsers,
    FailedUsers: job.failedUsers,
    ...(job.completionMessage !== null && { CompletionMessage: job.completionMessage }),
    ...(job.passwordHashingAlgorithm !== null && { PasswordHashingAlgorithm: job.passwordHashingAlgorithm }),
  };
}
