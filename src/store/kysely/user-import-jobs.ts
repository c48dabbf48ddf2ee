// store.userImportJobs on Kysely (store.ts states the contract).
import type { Selectable } from 'kysely';
import type { UserImportJobsTable } from '../schema.js';
import { translateConflict } from '../errors.js';
import type { Store, UserImportJobRecord, UserImportJobPatch } from '../store.js';
import { engineOf, type Engine } from './engine.js';
import { userColumns } from './user-rows.js';

/** The statuses in which a job wants a process to run it. */
const RUNNABLE = ['Pending', 'InProgress', 'Stopping'];

const toJob = (r: Selectable<UserImportJobsTable>): UserImportJobRecord => ({
  jobId: r.job_id, poolId: r.pool_id, jobName: r.job_name, status: r.status, cloudWatchLogsRoleArn: r.cloud_watch_logs_role_arn,
  passwordHashingAlgorithm: r.password_hashing_algorithm, createdAt: Number(r.created_at),
  startedAt: r.started_at === null ? null : Number(r.started_at), completedAt: r.completed_at === null ? null : Number(r.completed_at),
  importedUsers: Number(r.imported_users), skippedUsers: Number(r.skipped_users), failedUsers: Number(r.failed_users),
  completionMessage: r.completion_message, uploadId: r.upload_id, csvHeader: r.csv_header, nextChunk: Number(r.next_chunk),
  leaseOwner: r.lease_owner, leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
});

function patchColumns(patch: UserImportJobPatch): Partial<UserImportJobsTable> {
  const row: Partial<UserImportJobsTable> = {};
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.startedAt !== undefined) row.started_at = patch.startedAt;
  if (patch.completedAt !== undefined) row.completed_at = patch.completedAt;
  if (patch.completionMessage !== undefined) row.completion_message = patch.completionMessage;
  if (patch.leaseOwner !== undefined) row.lease_owner = patch.leaseOwner;
  if (patch.leaseUntil !== undefined) row.lease_until = patch.leaseUntil;
  return row;
}

class LeaseLost extends Error {}

export function userImportJobsRepository(engine: Engine): Store['userImportJobs'] {
  const insertUsers: Store['userImportJobs']['insertUsers'] = async (users) => {
    if (users.length === 0) return;
    await engine.transaction(async (tx) => {
      const db = engineOf(tx).db;
      await db.insertInto('users').values(users.map(({ user: u }) => ({
        sub: u.sub, pool_id: u.poolId, created_at: u.createdAt,
        username: u.username, username_key: u.usernameKey, status: u.status, enabled: u.enabled ? 1 : 0,
        password_hash: u.passwordHash, srp_sealed: u.srpSealed, attributes: '{}', mfa: '{}',
        email: null, email_key: null, phone_number: null, name: null, given_name: null, family_name: null, preferred_username: null,
        failed_attempts: 0, last_failed_at: null, locked_until: null, password_expires_at: null, updated_at: u.updatedAt,
        ...userColumns({ attributes: u.attributes, mfa: u.mfa }),
      }))).execute().catch((e) => translateConflict(e, 'users'));
      const aliases = users.flatMap(({ user, aliases }) => aliases.map((a) => ({ pool_id: user.poolId, kind: a.kind, value_key: a.valueKey, sub: user.sub })));
      if (aliases.length) await db.insertInto('user_aliases').values(aliases).execute().catch((e) => translateConflict(e, 'user_aliases'));
    });
  };

  return {
    insert: async (j) => {
      await engine.db.insertInto('user_import_jobs').values({
        job_id: j.jobId, pool_id: j.poolId, job_name: j.jobName, status: j.status, cloud_watch_logs_role_arn: j.cloudWatchLogsRoleArn,
        password_hashing_algorithm: j.passwordHashingAlgorithm, created_at: j.createdAt, started_at: j.startedAt, completed_at: j.completedAt,
        imported_users: j.importedUsers, skipped_users: j.skippedUsers, failed_users: j.failedUsers, completion_message: j.completionMessage,
        upload_id: j.uploadId, csv_header: j.csvHeader, next_chunk: j.nextChunk, lease_owner: j.leaseOwner, lease_until: j.leaseUntil,
      }).execute();
    },
    find: async (poolId, jobId) => {
      const row = await engine.db.selectFrom('user_import_jobs').selectAll().where('pool_id', '=', poolId).where('job_id', '=', jobId).executeTakeFirst();
      return row && toJob(row);
    },
    list: async (poolId, limit, after) => {
      let q = engine.db.selectFrom('user_import_jobs').selectAll().where('pool_id', '=', poolId)
        .orderBy('created_at').orderBy('job_id').limit(limit);
      if (after) {
        q = q.where((eb) => eb.or([
          eb('created_at', '>', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('job_id', '>', after.jobId)]),
        ]));
      }
      return (await q.execute()).map(toJob);
    },
    transition: async (jobId, from, patch) => {
      const result = await engine.db.updateTable('user_import_jobs').set(patchColumns(patch))
        .where('job_id', '=', jobId).where('status', 'in', from).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    insertChunk: async (c) => {
      await engine.db.insertInto('user_import_chunks')
        .values({ job_id: c.jobId, upload_id: c.uploadId, seq: c.seq, first_line: c.firstLine, lines: c.lines }).execute();
    },
    completeUpload: (jobId, uploadId, header) => engine.transaction(async (tx) => {
      const db = engineOf(tx).db;
      const result = await db.updateTable('user_import_jobs').set({ upload_id: uploadId, csv_header: header })
        .where('job_id', '=', jobId).where('status', '=', 'Created').executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await db.deleteFrom('user_import_chunks').where('job_id', '=', jobId).where('upload_id', '!=', uploadId).execute();
      return true;
    }),
    findChunk: async (jobId, uploadId, seq) => {
      const row = await engine.db.selectFrom('user_import_chunks').selectAll()
        .where('job_id', '=', jobId).where('upload_id', '=', uploadId).where('seq', '=', seq).executeTakeFirst();
      return row && { jobId: row.job_id, uploadId: row.upload_id, seq: Number(row.seq), firstLine: Number(row.first_line), lines: row.lines };
    },
    deleteChunks: async (jobId) => {
      await engine.db.deleteFrom('user_import_chunks').where('job_id', '=', jobId).execute();
    },
    claim: async (owner, now, leaseUntil) => {
      const candidates = await engine.db.selectFrom('user_import_jobs').select('job_id').where('status', 'in', RUNNABLE)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)])).orderBy('created_at').limit(5).execute();
      for (const { job_id } of candidates) {
        // The conditional update decides a race between processes: one of them changes the row.
        const result = await engine.db.updateTable('user_import_jobs').set({ lease_owner: owner, lease_until: leaseUntil })
          .where('job_id', '=', job_id).where('status', 'in', RUNNABLE)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)])).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) continue;
        const row = await engine.db.selectFrom('user_import_jobs').selectAll().where('job_id', '=', job_id).executeTakeFirstOrThrow();
        return toJob(row);
      }
      return undefined;
    },
    advance: async (jobId, owner, step) => {
      try {
        await engine.transaction(async (tx) => {
          const db = engineOf(tx).db;
          const result = await db.updateTable('user_import_jobs')
            .set((eb) => ({
              imported_users: eb('imported_users', '+', step.imported),
              skipped_users: eb('skipped_users', '+', step.skipped),
              failed_users: eb('failed_users', '+', step.failed),
              next_chunk: step.nextChunk,
              lease_until: step.leaseUntil,
            }))
            .where('job_id', '=', jobId).where('lease_owner', '=', owner).executeTakeFirst();
          if (Number(result.numUpdatedRows) === 0) throw new LeaseLost();
          if (step.errors.length) {
            await db.insertInto('user_import_errors')
              .values(step.errors.map((e) => ({ job_id: e.jobId, line: e.line, outcome: e.outcome, message: e.message })))
              .onConflict((oc) => oc.doNothing()).execute();
          }
          await userImportJobsRepository(engineOf(tx)).insertUsers(step.users);
        });
        return true;
      } catch (error) {
        if (error instanceof LeaseLost) return false;
        throw error;
      }
    },
    insertUsers,
    existingUsernameKeys: async (poolId, keys) => {
      if (keys.length === 0) return new Set();
      const rows = await engine.db.selectFrom('users').select('username_key').where('pool_id', '=', poolId).where('username_key', 'in', keys).execute();
      return new Set(rows.map((r) => r.username_key));
    },
    existingAliases: async (poolId, aliases) => {
      if (aliases.length === 0) return new Set();
      const held = new Set<string>();
      // One query per kind, so each is a lookup on the (pool_id, kind, value_key) key.
      for (const kind of new Set(aliases.map((a) => a.kind))) {
        const rows = await engine.db.selectFrom('user_aliases').select('value_key').where('pool_id', '=', poolId).where('kind', '=', kind)
          .where('value_key', 'in', aliases.filter((a) => a.kind === kind).map((a) => a.valueKey)).execute();
        for (const r of rows) held.add(`${kind}:${r.value_key}`);
      }
      return held;
    },
    listErrors: async (jobId, limit, afterLine) => {
      let q = engine.db.selectFrom('user_import_errors').selectAll().where('job_id', '=', jobId).orderBy('line').limit(limit);
      if (afterLine !== undefined) q = q.where('line', '>', afterLine);
      return (await q.execute()).map((r) => ({ jobId: r.job_id, line: Number(r.line), outcome: r.outcome as 'FAILED' | 'SKIPPED', message: r.message }));
    },
  };
}
