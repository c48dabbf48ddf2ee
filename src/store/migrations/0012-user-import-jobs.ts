import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// User import jobs: the job, the uploaded CSV as numbered chunks of lines (so no process ever holds
// a whole file, and any process of a shared database can run the job), and each row's error.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('user_import_jobs')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('job_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cloud_watch_logs_role_arn', 'text', (c) => c.notNull())
    .addColumn('password_hashing_algorithm', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('imported_users', 'bigint', (c) => c.notNull())
    .addColumn('skipped_users', 'bigint', (c) => c.notNull())
    .addColumn('failed_users', 'bigint', (c) => c.notNull())
    .addColumn('completion_message', 'text')
    // The upload whose chunks the job imports (several PUTs may race; the last complete one wins).
    .addColumn('upload_id', 'text')
    .addColumn('csv_header', 'text')
    // The next chunk to import: progress survives a process that dies mid-job.
    .addColumn('next_chunk', 'integer', (c) => c.notNull())
    // Which process runs the job, until when: another takes over once the lease lapses.
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .execute();
  await db.schema.createIndex('user_import_jobs_pool').on('user_import_jobs').columns(['pool_id', 'created_at', 'job_id']).execute();
  await db.schema.createIndex('user_import_jobs_status').on('user_import_jobs').columns(['status', 'lease_until']).execute();

  await db.schema
    .createTable('user_import_chunks')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('upload_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    // The file's line number of the chunk's first line (the header is line 1).
    .addColumn('first_line', 'bigint', (c) => c.notNull())
    // The chunk's lines, joined by "\n".
    .addColumn('lines', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_import_chunks_pk', ['job_id', 'upload_id', 'seq'])
    .execute();

  await db.schema
    .createTable('user_import_errors')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('line', 'bigint', (c) => c.notNull())
    // FAILED or SKIPPED, as Cognito's log lines say.
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_import_errors_pk', ['job_id', 'line'])
    .execute();
}
