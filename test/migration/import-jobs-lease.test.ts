import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeUserImportJobCommand, StartUserImportJobCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createJob, csvLine, headerOf, upload, waitForEnd } from './import-csv.js';

describe('user import job leases', () => {
  let t: TestServer;
  beforeAll(async () => { t = await startTestServer(); });
  afterAll(() => t.close());

  it('a job whose holder died is taken over once its lease lapses, and not before', async () => {
    const poolId = await t.fixtures.pool({ AutoVerifiedAttributes: ['email'] });
    const header = await headerOf(t, poolId);
    const job = await createJob(t, poolId);
    const rows = Array.from({ length: 3 }, (_, i) => csvLine(header, { 'cognito:username': `u${i}`, 'cognito:mfa_enabled': 'false', email: `u${i}@example.com`, email_verified: 'true' }));
    expect((await upload(job.PreSignedUrl!, [header.join(','), ...rows].join('\n'))).status).toBe(200);
    // Arranged in the store (no API names a job's holder): another process holds the lease for 30 s
    // and then dies without a word.
    await t.server.deps.store.userImportJobs.transition(job.JobId!, ['Created'], { leaseOwner: 'a-process-that-died', leaseUntil: t.clock.now() + 30_000 });
    await t.cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));

    // 1. This process's worker polls every second: for 2.5 s the job stays with its holder.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const waiting = await t.cognito.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
    expect(waiting.UserImportJob).toMatchObject({ Status: 'Pending', ImportedUsers: 0 });

    // 2. Once the lease has lapsed, this process takes the job over and finishes it.
    t.clock.advance(31_000);
    expect(await waitForEnd(t, poolId, job.JobId!, 30_000)).toMatchObject({ Status: 'Succeeded', ImportedUsers: 3 });
  });
});
