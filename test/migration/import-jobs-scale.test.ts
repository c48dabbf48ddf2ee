import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminGetUserCommand, DescribeUserImportJobCommand, StartUserImportJobCommand, StopUserImportJobCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createJob, csvLine, headerOf, upload, waitForEnd } from './import-csv.js';

/** A CSV of `rows` users, generated as it is sent: the test holds no file either. */
function csvStream(header: string[], rows: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = -1;
  return new ReadableStream({
    pull(controller) {
      if (next === -1) controller.enqueue(encoder.encode(`${header.join(',')}\n`));
      const lines: string[] = [];
      for (let i = 0; i < 500 && next + 1 + i < rows; i++) {
        const n = next + 1 + i;
        lines.push(csvLine(header, { 'cognito:username': `user${n}`, 'cognito:mfa_enabled': 'false', email: `user${n}@example.com`, email_verified: 'true', name: `User number ${n}` }));
      }
      next += Math.max(lines.length, 1);
      if (lines.length) controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
      if (next + 1 >= rows) controller.close();
    },
  });
}

describe('user import jobs at scale', () => {
  let t: TestServer;
  beforeAll(async () => { t = await startTestServer(); });
  afterAll(() => t.close());

  it('imports 20,000 users from a streamed upload with bounded memory', async () => {
    const poolId = await t.fixtures.pool({ AutoVerifiedAttributes: ['email'] });
    const header = await headerOf(t, poolId);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    try {
      const job = await createJob(t, poolId);
      expect((await upload(job.PreSignedUrl!, csvStream(header, 20_000))).status).toBe(200);
      await t.cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
      const done = await waitForEnd(t, poolId, job.JobId!, 240_000);
      expect(done).toMatchObject({ Status: 'Succeeded', ImportedUsers: 20_000, FailedUsers: 0, SkippedUsers: 0 });
    } finally {
      clearInterval(sampler);
    }
    // The file is ~2 MB and never held whole; what grows is caches and the heap's slack, well under this.
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
    const last = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user19999' }));
    expect(last.UserStatus).toBe('RESET_REQUIRED');
  });

  it('stops a job mid-way: it ends Stopped with the users imported so far', async () => {
    const poolId = await t.fixtures.pool({ AutoVerifiedAttributes: ['email'] });
    const header = await headerOf(t, poolId);
    const rows = 40_000;
    const job = await createJob(t, poolId);
    expect((await upload(job.PreSignedUrl!, csvStream(header, rows))).status).toBe(200);
    await t.cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
    // Bounded: the job imports 500 users per step, so some are in well before all 40,000.
    for (let i = 0; i < 4000; i++) {
      const { UserImportJob } = await t.cognito.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
      if (UserImportJob!.ImportedUsers! > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const stopping = await t.cognito.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
    expect(stopping.UserImportJob!.Status).toBe('Stopping');
    const stopped = await waitForEnd(t, poolId, job.JobId!);
    expect(stopped.Status).toBe('Stopped');
    expect(stopped.ImportedUsers).toBeGreaterThan(0);
    expect(stopped.ImportedUsers).toBeLessThan(rows);
    expect(stopped.CompletionDate).toBeInstanceOf(Date);
  });
});
