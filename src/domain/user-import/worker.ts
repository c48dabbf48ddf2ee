// Runs started import jobs. Every process runs one worker; a job is run by the process that holds
// its lease, renewed at each chunk, so a process that dies mid-job leaves it to another once the
// lease lapses. Each chunk's users, outcomes and progress are written in one transaction: a job
// taken over resumes at the first chunk not done, with nothing imported or counted twice.
// - A row that cannot be imported is FAILED (its reason in the job's error report); a user whose
//   username exists already (in the pool, or earlier in the file) is SKIPPED; the job goes on.
// - Stopping is noticed between chunks: the job becomes Stopped with what it has imported.
// - A finished, failed or stopped job's file is deleted.
import type { Deps } from '../deps.js';
import type { UserImportErrorRecord, UserImportJobRecord } from '../../store/store.js';
import { StoreConflict } from '../../store/errors.js';
import { newUuid } from '../../crypto/random.js';
import type { HashingAlgorithm } from '../../crypto/imported-hashes.js';
import { readHeader, readRow, type ImportedUser, type RowReader } from './csv.js';
import { STOPPED_MESSAGE } from './jobs.js';

const LEASE_MS = 30_000;
export const SUCCEEDED_MESSAGE = 'Import Job Completed Successfully.';
const ALL_FAILED_MESSAGE = 'Too many users have failed or been skipped during the import.';
const EXISTS = 'The user already exists.';
const ALIAS_TAKEN = 'An account with the given email already exists.';

export interface ImportWorker {
  /** Stops after the current chunk, handing a running job back for another process. */
  close(): Promise<void>;
}

type LinedUser = ImportedUser & { line: number };

interface ChunkResult {
  users: LinedUser[];
  imported: number;
  errors: UserImportErrorRecord[];
  skipped: number;
  failed: number;
}

/** The chunk's rows read and checked against the pool and each other; nothing written yet. */
async function readChunk(deps: Deps, reader: RowReader, job: UserImportJobRecord, firstLine: number, text: string): Promise<ChunkResult> {
  const result: ChunkResult = { users: [], imported: 0, errors: [], skipped: 0, failed: 0 };
  const refuse = (line: number, outcome: 'FAILED' | 'SKIPPED', message: string) => {
    result.errors.push({ jobId: job.jobId, line, outcome, message });
    if (outcome === 'FAILED') result.failed++;
    else result.skipped++;
  };
  const candidates: Array<{ line: number; row: ImportedUser }> = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const row = readRow(reader, line);
    if ('error' in row) refuse(firstLine + i, 'FAILED', row.error);
    else candidates.push({ line: firstLine + i, row });
  });
  const takenNames = await deps.store.userImportJobs.existingUsernameKeys(job.poolId, candidates.map((c) => c.row.user.usernameKey));
  const takenAliases = await deps.store.userImportJobs.existingAliases(job.poolId, candidates.flatMap((c) => c.row.aliases));
  // With UsernameAttributes the email (or phone number) is the name the user signs in with: taken, it is the same user.
  const usernameKinds: string[] = reader.pool.config.UsernameAttributes ?? [];
  for (const { line, row } of candidates) {
    const taken = row.aliases.filter((a) => takenAliases.has(`${a.kind}:${a.valueKey}`));
    if (takenNames.has(row.user.usernameKey) || taken.some((a) => usernameKinds.includes(a.kind))) refuse(line, 'SKIPPED', EXISTS);
    else if (taken.length) refuse(line, 'FAILED', ALIAS_TAKEN);
    else {
      takenNames.add(row.user.usernameKey);
      for (const a of row.aliases) takenAliases.add(`${a.kind}:${a.valueKey}`);
      result.users.push({ ...row, line });
    }
  }
  result.imported = result.users.length;
  return result;
}

/** After a collision the batch could not see coming (a sign-up meanwhile): each user on its own. */
async function insertOneByOne(deps: Deps, job: UserImportJobRecord, result: ChunkResult): Promise<ChunkResult> {
  const settled: ChunkResult = { users: [], imported: 0, errors: [...result.errors], skipped: result.skipped, failed: result.failed };
  for (const row of result.users) {
    try {
      await deps.store.userImportJobs.insertUsers([row]);
      settled.imported++;
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
      const usernameKinds: string[] = (await deps.store.pools.find(job.poolId))?.config.UsernameAttributes ?? [];
      const users = error.table === 'users' || usernameKinds.length > 0;
      settled.errors.push({ jobId: job.jobId, line: row.line, outcome: users ? 'SKIPPED' : 'FAILED', message: users ? EXISTS : ALIAS_TAKEN });
      if (users) settled.skipped++;
      else settled.failed++;
    }
  }
  return settled;
}

async function finish(deps: Deps, job: UserImportJobRecord, status: string, message: string): Promise<void> {
  await deps.store.userImportJobs.transition(job.jobId, ['Pending', 'InProgress', 'Stopping'], {
    status, completionMessage: message, completedAt: deps.clock.now(), leaseOwner: null, leaseUntil: null,
  });
  await deps.store.userImportJobs.deleteChunks(job.jobId);
}

/** Runs a claimed job until it ends, is stopped, the lease is lost or `closing()` says this process stops. */
export async function runJob(deps: Deps, claimed: UserImportJobRecord, owner: string, closing: () => boolean): Promise<void> {
  let job = claimed;
  if (job.status === 'Stopping') return finish(deps, job, 'Stopped', STOPPED_MESSAGE);
  const pool = await deps.store.pools.find(job.poolId);
  if (!pool) return finish(deps, job, 'Failed', 'The user pool no longer exists.');
  const reader = readHeader(pool, job.passwordHashingAlgorithm as HashingAlgorithm | null, job.csvHeader ?? '', deps.clock.now());
  if ('problem' in reader) return finish(deps, job, 'Failed', reader.problem);
  await deps.store.userImportJobs.transition(job.jobId, ['Pending'], { status: 'InProgress' });
  for (let seq = job.nextChunk; ; seq++) {
    const current = await deps.store.userImportJobs.find(job.poolId, job.jobId);
    if (!current || current.leaseOwner !== owner) return;
    if (closing()) {
      // Handed back at once: another process (or this one, restarted) resumes at this chunk.
      await deps.store.userImportJobs.transition(job.jobId, ['Pending', 'InProgress', 'Stopping'], { leaseOwner: null, leaseUntil: null });
      return;
    }
    job = current;
    if (job.status === 'Stopping') return finish(deps, job, 'Stopped', STOPPED_MESSAGE);
    const chunk = await deps.store.userImportJobs.findChunk(job.jobId, job.uploadId!, seq);
    if (!chunk) break;
    reader.now = deps.clock.now();
    let result = await readChunk(deps, reader, job, chunk.firstLine, chunk.lines);
    const step = (r: ChunkResult, users: ImportedUser[]) => ({
      imported: r.imported, skipped: r.skipped, failed: r.failed, nextChunk: seq + 1, leaseUntil: deps.clock.now() + LEASE_MS, errors: r.errors, users,
    });
    let advanced: boolean;
    try {
      advanced = await deps.store.userImportJobs.advance(job.jobId, owner, step(result, result.users));
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
      // Not atomic with the progress: a process dying here leaves these users to be SKIPPED on resumption.
      result = await insertOneByOne(deps, job, result);
      advanced = await deps.store.userImportJobs.advance(job.jobId, owner, step(result, []));
    }
    if (!advanced) return;
    // Let requests in between chunks: an import must not starve sign-ins on the same process.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const done = (await deps.store.userImportJobs.find(job.poolId, job.jobId))!;
  const rows = done.importedUsers + done.skippedUsers + done.failedUsers;
  const allFailed = rows > 0 && done.importedUsers === 0 && done.failedUsers === rows;
  await finish(deps, done, allFailed ? 'Failed' : 'Succeeded', allFailed ? ALL_FAILED_MESSAGE : SUCCEEDED_MESSAGE);
}

/** Starts this process's worker: it looks for a runnable job to claim every `pollMs`. */
export function startImportWorker(deps: Deps, options: { pollMs?: number } = {}): ImportWorker {
  const pollMs = options.pollMs ?? 1000;
  const owner = newUuid();
  let closed = false;
  let wake: (() => void) | undefined;
  const nap = () => new Promise<void>((resolve) => {
    if (closed) { resolve(); return; }
    const timer = setTimeout(() => { wake = undefined; resolve(); }, pollMs);
    timer.unref();
    wake = () => { clearTimeout(timer); wake = undefined; resolve(); };
  });
  const loop = (async () => {
    while (!closed) {
      try {
        const job = await deps.store.userImportJobs.claim(owner, deps.clock.now(), deps.clock.now() + LEASE_MS);
        if (job) {
          await runJob(deps, job, owner, () => closed);
          continue;
        }
      } catch (error) {
        if (closed) return;
        deps.log.error({ err: error }, 'user import worker failed; it retries at its next poll');
      }
      await nap();
    }
  })();
  return {
    async close() {
      closed = true;
      wake?.();
      await loop;
    },
  };
}
