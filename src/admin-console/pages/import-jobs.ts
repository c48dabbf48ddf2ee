// User import jobs of a pool: their status and counts, and each job's error report (the rows not
// imported, by line, as FAILED or SKIPPED with the reason), as `gatehouse import-jobs` prints it.
import { html } from '../../web/html.js';
import { defineRoutes } from '../route.js';
import { poolPath } from '../nav.js';
import { loadPoolFrame } from '../pool-frame.js';
import { details, formatTime, nextPage, table } from '../views/components.js';

const PAGE_SIZE = 100;
const jobPath = (poolId: string, jobId: string): string => `${poolPath(poolId, '/import-jobs/job')}?id=${encodeURIComponent(jobId)}`;

export const importJobRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/import-jobs', async handler(ctx) {
      const { pool, frame } = await loadPoolFrame(ctx);
      // The error report is no API member (Cognito keeps it in CloudWatch): the store is read directly.
      const jobs = await ctx.deps.store.userImportJobs.list(pool.Id, 1000);
      const rows = jobs.reverse().map((job) => [
        html`<a class="mono" href="${jobPath(pool.Id, job.jobId)}">${job.jobId}</a>`,
        job.jobName, job.status, job.importedUsers, job.skippedUsers, job.failedUsers,
        html`<span class="mono">${formatTime(job.createdAt)}</span>`,
      ]);
      return ctx.render({ title: 'User import jobs', section: 'import-jobs', pool: frame }, html`
<p class="hint">Jobs made with CreateUserImportJob, newest first. Open a job for its error report.</p>
${table(['Job', 'Name', 'Status', 'Imported', 'Skipped', 'Failed', 'Created'], rows, 'No import job yet.')}`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/import-jobs/job', async handler(ctx) {
      const { pool, frame } = await loadPoolFrame(ctx);
      // Through the API, so an unknown or malformed id gets the console's usual error page.
      await ctx.invoke('DescribeUserImportJob', { UserPoolId: pool.Id, JobId: ctx.query.id ?? '' });
      const job = (await ctx.deps.store.userImportJobs.find(pool.Id, ctx.query.id!))!;
      const after = /^\d{1,12}$/.test(ctx.query.after ?? '') ? Number(ctx.query.after) : undefined;
      const errors = await ctx.deps.store.userImportJobs.listErrors(job.jobId, PAGE_SIZE + 1, after);
      const shown = errors.slice(0, PAGE_SIZE);
      const more = errors.length > PAGE_SIZE ? { id: job.jobId, after: String(shown[shown.length - 1]!.line) } : undefined;
      return ctx.render({ title: `Import job ${job.jobId}`, section: 'import-jobs', pool: frame }, html`
${details([
  ['Name', job.jobName], ['Status', job.status], ['Imported', job.importedUsers], ['Skipped', job.skippedUsers], ['Failed', job.failedUsers],
  ['Password hashes', job.passwordHashingAlgorithm ?? '(none: users reset their password)'], ['Message', job.completionMessage],
])}
<h2>Error report</h2>
${table(['Line', 'Outcome', 'Reason'], shown.map((e) => [e.line, e.outcome, e.message]), 'Every row was imported.')}
${nextPage(poolPath(pool.Id, '/import-jobs/job'), more)}`);
    },
  },
]);
