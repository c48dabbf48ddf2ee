import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand, AdminInitiateAuthCommand, ConfirmForgotPasswordCommand, DescribeUserImportJobCommand, ForgotPasswordCommand,
  InitiateAuthCommand, ListUserImportJobsCommand, StartUserImportJobCommand, StopUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
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

  it('imports good rows as RESET_REQUIRED, counts bad and existing rows, and lists the job', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient(POOL);
    await adminCreatedUser(t, poolId, 'already-here', 'Passw0rd!x');
    const header = await headerOf(t, poolId);
    const row = (username: string, extra: Record<string, string> = {}) =>
      csvLine(header, { 'cognito:username': username, 'cognito:mfa_enabled': 'false', email: `${username}@example.com`, email_verified: 'TRUE', ...extra });
    const csv = [
      header.join(','),
      row('ana', { name: 'Ana, the first', 'custom:tier': 'gold' }),
      row('bob'),
      row('no-verified', { email_verified: 'false' }),
      row('bad mfa', { 'cognito:mfa_enabled': 'maybe' }),
      'too,few,values',
      row('already-here'),
      row('ana'),
      '',
    ].join('\n');
    const job = await runImport(t, poolId, csv);
    expect(job).toMatchObject({ Status: 'Succeeded', ImportedUsers: 2, FailedUsers: 3, SkippedUsers: 2 });

    const ana = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ana' }));
    expect(ana.UserStatus).toBe('RESET_REQUIRED');
    expect(Object.fromEntries(ana.UserAttributes!.map((a) => [a.Name, a.Value]))).toMatchObject({ name: 'Ana, the first', 'custom:tier': 'gold', email_verified: 'true' });

    const listed = await t.cognito.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 10 }));
    expect(listed.UserImportJobs!.map((j) => j.JobId)).toEqual([job.JobId]);
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
