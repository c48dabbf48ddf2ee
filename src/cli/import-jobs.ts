import { parseArgs } from 'node:util';

export const importJobsHelp = `Usage: gatehouse import-jobs --pool ID [--job ID] [--limit N] [--json] [--data DIR] [--config FILE]

Lists a user pool's user import jobs with their status and counts; with --job, prints that job and
its error report: each row that was not imported, by line number, as FAILED or SKIPPED with the reason.`;

export async function importJobs(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pool: { type: 'string' },
      job: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      data: { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(importJobsHelp);
    return;
  }
  if (!values.pool) {
    console.error('gatehouse import-jobs: --pool is required.\n');
    console.error(importJobsHelp);
    process.exitCode = 1;
    return;
  }
  const { loadConfig } = await import('../config/load.js');
  const { openStore } = await import('../store/open.js');
  const config = loadConfig({ file: values.config, overrides: { storage: { ...(values.data && { dataDir: values.data }) } } });
  const store = await openStore(config);
  const limit = Math.min(Math.max(Number(values.limit ?? 1000) || 1000, 1), 100_000);
  try {
    if (!values.job) {
      const jobs = await store.userImportJobs.list(values.pool, limit);
      if (values.json) return console.log(JSON.stringify(jobs.map(({ leaseOwner: _o, leaseUntil: _u, uploadId: _id, csvHeader: _h, ...job }) => job), null, 2));
      if (jobs.length === 0) console.log('(no import jobs)');
      for (const job of jobs) {
        console.log(`${job.jobId}  ${job.status.padEnd(10)} imported ${job.importedUsers}, skipped ${job.skippedUsers}, failed ${job.failedUsers}  "${job.jobName}" created ${new Date(job.createdAt).toISOString()}`);
      }
      return;
    }
    const job = await store.userImportJobs.find(values.pool, values.job);
    if (!job) {
      console.error(`gatehouse import-jobs: no import job ${values.job} in pool ${values.pool}.`);
      process.exitCode = 1;
      return;
    }
    const errors = await store.userImportJobs.listErrors(job.jobId, limit);
    if (values.json) return console.log(JSON.stringify({ status: job.status, importedUsers: job.importedUsers, skippedUsers: job.skippedUsers, failedUsers: job.failedUsers, completionMessage: job.completionMessage, errors: errors.map(({ jobId: _j, ...e }) => e) }, null, 2));
    console.log(`${job.jobId}  ${job.status}: imported ${job.importedUsers}, skipped ${job.skippedUsers}, failed ${job.failedUsers}${job.completionMessage ? ` (${job.completionMessage})` : ''}`);
    // Worded as Cognito's CloudWatch log lines.
    for (const e of errors) console.log(`[${e.outcome}] Line Number ${e.line} - ${e.message}`);
    if (errors.length === limit) console.log(`(first ${limit} rows shown; --limit N for more)`);
  } finally {
    await store.close();
  }
}
