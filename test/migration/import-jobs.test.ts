import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand, ConfirmForgotPasswordCommand, DescribeUserImportJobCommand, ForgotPasswordCommand,
  InitiateAuthCommand, ListUserImportJobsCommand, StartUserImportJobCommand, StopUserImportJobCommand, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { signedInConsole } from '../helpers/console.js';
import { BIN } from '../helpers/process.js';
import { errorOf } from '../helpers/errors.js';
import { adminCreatedUser } from '../helpers/users.js';
import { createJob, csvLine, headerOf, runImport, upload } from './import-csv.js';

const POOL = { AutoVerifiedAttributes: ['email' as const], Schema: [{ Name: 'tier', AttributeDataType: 'String' as const, Mutable: true }] };

describe('user import jobs', () => {
  let t: TestServer;
  beforeAll(async () => { t = await startTestServer(); });
  afterAll(() => t.close());

  it('GetCSVHeader lists the standard columns and the custom attributes', async () => {
    const poolId = await t.fixtures.pool(POOL);
    const header = await headerOf(t, poolId);
    expect(header).toEqual(expect.arrayContaining(['cognito:username', 'cognito:mfa_enabled', 'email', 'email_verified', 'phone_number', 'custom:tier']));
    expect(header).toHaveLength(22);
  });

  it('creates a job whose pre-signed URL is on this server, and refuses to start it before a file is uploaded', async () => {
    const poolId = await t.fixtures.pool(POOL);
    const job = await createJob(t, poolId);
    expect(job).toMatchObject({ Status: 'Created', UserPoolId: poolId, ImportedUsers: 0, JobId: expect.stringMatching(/^import-[0-9a-zA-Z]+$/) });
    expect(job.PreSignedUrl!.startsWith(`${t.url}/`)).toBe(true);
    const error = await errorOf(t.cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })));
    expect(error).toEqual({ name: 'PreconditionNotMetException', message: `No csv file was uploaded for ${job.JobId}` });
  });

  /** One job over good, bad and existing rows, shared by the tests that read its outcome. */
  let mixed: Promise<{ poolId: string; job: UserImportJobType }> | undefined;
  const importMixedRows = () => (mixed ??= (async () => {
    const { poolId } = await t.fixtures.poolWithClient(POOL);
    await adminCreatedUser(t, poolId, 'already-here', 'Passw0rd!x');
    const header = await headerOf(t, poolId);
    const row = (username: string, extra: Record<string, string> = {}) =>
      csvLine(header, { 'cognito:username': username, 'cognito:mfa_enabled': 'false', email: `${username}@example.com`, email_verified: 'TRUE', ...extra });
    const csv = [
      header.join(','),
      row('ana', { name: 'Ana, the first', 'custom:tier': 'gold' }),
      row('bob'),
      row('no-verified', { email_verified: 'false' }),
      row('bad-mfa', { 'cognito:mfa_enabled': 'maybe' }),
      'too,few,values',
      row('already-here'),
      row('ana'),
      '',
    ].join('\n');
    return { poolId, job: await runImport(t, poolId, csv) };
  })());

  it('imports good rows as RESET_REQUIRED, counts bad and existing rows, and lists the job', async () => {
    const { poolId, job } = await importMixedRows();
    expect(job).toMatchObject({ Status: 'Succeeded', ImportedUsers: 2, FailedUsers: 3, SkippedUsers: 2 });

    const ana = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ana' }));
    expect(ana.UserStatus).toBe('RESET_REQUIRED');
    expect(Object.fromEntries(ana.UserAttributes!.map((a) => [a.Name, a.Value]))).toMatchObject({ name: 'Ana, the first', 'custom:tier': 'gold', email_verified: 'true' });

    const listed = await t.cognito.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 10 }));
    expect(listed.UserImportJobs!.map((j) => j.JobId)).toEqual([job.JobId]);
  });

  const EXPECTED_REPORT = [
    '[FAILED] Line Number 4 - The User Record does not set any of the auto verified attributes to verified.',
    '[FAILED] Line Number 5 - The cognito:mfa_enabled must be true or false.',
    '[FAILED] Line Number 6 - The row has 3 values where the header has 22 columns.',
    '[SKIPPED] Line Number 7 - The user already exists.',
    '[SKIPPED] Line Number 8 - The user already exists.',
  ];

  it('shows the job\'s error report in the admin console', async () => {
    const { poolId, job } = await importMixedRows();
    const lastJob = { poolId, jobId: job.JobId! };
    const console = await signedInConsole(t);
    const list = await console.get(`/admin/pools/${lastJob.poolId}/import-jobs`);
    expect(list.status).toBe(200);
    expect(list.body).toContain(lastJob.jobId);
    const page = await console.get(`/admin/pools/${lastJob.poolId}/import-jobs/job?id=${lastJob.jobId}`);
    expect(page.status).toBe(200);
    const text = page.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const line of EXPECTED_REPORT) {
      const [, outcome, number, reason] = /^\[(\w+)\] Line Number (\d+) - (.*)$/.exec(line)!;
      expect(text).toContain(`${number} ${outcome} ${reason}`);
    }
  });

  it('prints the job\'s error report with `gatehouse import-jobs`', { timeout: 180_000 }, async () => {
    const { poolId, job } = await importMixedRows();
    const lastJob = { poolId, jobId: job.JobId! };
    const config = t.server.deps.config.storage;
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, GATEHOUSE_LOG_LEVEL: 'warn', ...(config.databaseUrl && { DATABASE_URL: config.databaseUrl }) };
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'import-jobs', '--data', config.dataDir, '--pool', lastJob.poolId, '--job', lastJob.jobId], { env, timeout: 170_000 });
    expect(stdout.trim().split('\n')).toEqual([`${lastJob.jobId}  Succeeded: imported 2, skipped 2, failed 3 (Import Job Completed Successfully.)`, ...EXPECTED_REPORT]);
  });

  it('in a pool where the email is the username, imports by email and skips an email already there', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ ...POOL, UsernameAttributes: ['email'] });
    const header = await headerOf(t, poolId);
    const row = (email: string) => csvLine(header, { 'cognito:username': email, 'cognito:mfa_enabled': 'false', email, email_verified: 'true' });
    const job = await runImport(t, poolId, [header.join(','), row('fay@example.com'), row('gus@example.com'), row('fay@example.com')].join('\n'));
    expect(job).toMatchObject({ Status: 'Succeeded', ImportedUsers: 2, SkippedUsers: 1, FailedUsers: 0 });
    const fay = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'fay@example.com' }));
    expect(fay.Username).toMatch(/^[0-9a-f-]{36}$/);
    const error = await errorOf(t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'gus@example.com', PASSWORD: 'whatever-1A!' } })));
    expect(error.name).toBe('PasswordResetRequiredException');
  });

  it('an imported user without a hash must reset the password, then signs in with the new one', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient(POOL);
    const hiding = (await t.fixtures.client(poolId, { PreventUserExistenceErrors: 'ENABLED', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })).clientId;
    const header = await headerOf(t, poolId);
    await runImport(t, poolId, [header.join(','), csvLine(header, { 'cognito:username': 'carol', 'cognito:mfa_enabled': 'false', email: 'carol@example.com', email_verified: 'true' })].join('\n'));
    const signIn = (client: string, password: string) => t.cognito.send(new InitiateAuthCommand({ ClientId: client, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD: password } }));
    expect(await errorOf(signIn(clientId, 'anything-1A!'))).toMatchObject({ name: 'PasswordResetRequiredException' });
    expect(await errorOf(signIn(hiding, 'anything-1A!'))).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });

    await t.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'carol' }));
    const code = await t.latestCode(poolId, 'carol');
    await t.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'carol', ConfirmationCode: code!, Password: 'New-Passw0rd!' }));
    expect((await signIn(clientId, 'New-Passw0rd!')).AuthenticationResult?.AccessToken).toBeTruthy();
    const carol = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }));
    expect(carol.UserStatus).toBe('CONFIRMED');
  });

  it('fails a job whose header lacks a column, without importing anyone', async () => {
    const poolId = await t.fixtures.pool(POOL);
    const header = (await headerOf(t, poolId)).filter((c) => c !== 'email_verified');
    const job = await runImport(t, poolId, [header.join(','), csvLine(header, { 'cognito:username': 'dan', 'cognito:mfa_enabled': 'false' })].join('\n'));
    expect(job).toMatchObject({ Status: 'Failed', ImportedUsers: 0, CompletionMessage: expect.stringContaining('email_verified') });
  });

  it('refuses an upload with a wrong signature, after the URL expired, or once the job started', async () => {
    const poolId = await t.fixtures.pool(POOL);
    const header = await headerOf(t, poolId);
    const csv = [header.join(','), csvLine(header, { 'cognito:username': 'erin', 'cognito:mfa_enabled': 'false', email: 'erin@example.com', email_verified: 'true' })].join('\n');
    const job = await createJob(t, poolId);
    const url = new URL(job.PreSignedUrl!);
    const forged = new URL(url);
    forged.searchParams.set('X-Gatehouse-Expires', String(Number(url.searchParams.get('X-Gatehouse-Expires')) + 3600));
    const refused = await upload(forged.href, csv);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const otherJob = await createJob(t, poolId);
    expect((await upload(job.PreSignedUrl!.replace(job.JobId!, otherJob.JobId!), csv)).status).toBe(403);

    expect((await upload(job.PreSignedUrl!, csv)).status).toBe(200);
    await t.cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
    const late = await upload(job.PreSignedUrl!, csv);
    expect(late.status).toBe(403);

    const expiring = await createJob(t, poolId);
    t.clock.advance(16 * 60 * 1000);
    const expired = await upload(expiring.PreSignedUrl!, csv);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
  });

  it('a job not started within a day expires', async () => {
    const poolId = await t.fixtures.pool(POOL);
    const job = await createJob(t, poolId);
    t.clock.advance(25 * 60 * 60 * 1000);
    const { UserImportJob } = await t.cognito.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
    expect(UserImportJob!.Status).toBe('Expired');
    const error = await errorOf(t.cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })));
    expect(error.name).toBe('PreconditionNotMetException');
  });

  it('refuses to stop a job that is not running, and answers an unknown job with ResourceNotFoundException', async () => {
    const poolId = await t.fixtures.pool(POOL);
    const job = await createJob(t, poolId);
    expect((await errorOf(t.cognito.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })))).name).toBe('PreconditionNotMetException');
    expect((await errorOf(t.cognito.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: 'import-nothere' })))).name).toBe('ResourceNotFoundException');
  });

  it('pages through ListUserImportJobs', async () => {
    const poolId = await t.fixtures.pool(POOL);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createJob(t, poolId)).JobId);
    const first = await t.cognito.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2 }));
    const second = await t.cognito.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2, PaginationToken: first.PaginationToken }));
    expect([...first.UserImportJobs!, ...second.UserImportJobs!].map((j) => j.JobId).sort()).toEqual([...ids].sort());
    expect(second.PaginationToken).toBeUndefined();
  });
});
