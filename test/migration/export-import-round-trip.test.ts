// Taking users out and in again: `gatehouse export --users` on one Gatehouse, the CSV PUT to a user
// import job's pre-signed URL on a fresh Gatehouse (ARGON2ID), and every user signs in there with
// the password they had, through the AWS SDK.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminGetUserCommand, AdminInitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser } from '../helpers/users.js';
import { BIN } from '../helpers/process.js';
import { runImport } from './import-csv.js';

const run = promisify(execFile);
const USERS = ['ann', 'ben', 'cal', 'dee', 'eve'];
const passwordOf = (name: string) => `${name}-Round-Trip-Passw0rd`;

describe('export --users, then an ARGON2ID import job on a fresh Gatehouse', () => {
  let source: TestServer;
  let target: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-round-trip-'));
  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(), startTestServer()]);
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs every user in on the new server with the same password', { timeout: 200_000 }, async () => {
    const from = await source.fixtures.pool({ AutoVerifiedAttributes: ['email'] });
    for (const name of USERS) {
      await adminCreatedUser(source, from, name, passwordOf(name), [{ Name: 'email', Value: `${name}@example.com` }, { Name: 'email_verified', Value: 'true' }]);
    }
    const out = join(dir, 'users.csv');
    const env = {
      PATH: process.env.PATH,
      GATEHOUSE_DATA_DIR: source.server.deps.config.storage.dataDir,
      ...(source.server.deps.config.storage.databaseUrl && { DATABASE_URL: source.server.deps.config.storage.databaseUrl }),
    };
    await run(process.execPath, [BIN, 'export', '--users', '--pool', from, '--out', out], { env, timeout: 120_000 });

    const { poolId, clientId } = await target.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'] });
    const job = await runImport(target, poolId, readFileSync(out, 'utf8'), 'ARGON2ID');
    expect(job).toMatchObject({ Status: 'Succeeded', ImportedUsers: USERS.length, FailedUsers: 0, SkippedUsers: 0 });

    for (const name of USERS) {
      const signIn = await target.cognito.send(new AdminInitiateAuthCommand({
        UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name, PASSWORD: passwordOf(name) },
      }));
      expect(signIn.AuthenticationResult?.AccessToken, name).toBeTruthy();
      const user = await target.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name }));
      expect(user.UserStatus).toBe('CONFIRMED');
      expect(user.UserAttributes?.find((a) => a.Name === 'email')?.Value).toBe(`${name}@example.com`);
    }
    // A wrong password is still wrong there.
    await expect(target.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD: 'not-her-password-1A!' },
    }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
