import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand, AdminInitiateAuthCommand, InitiateAuthCommand, RespondToAuthChallengeCommand,
  type PasswordHashingAlgorithmType,
} from '@aws-sdk/client-cognito-identity-provider';
import { hash as argon2Hash, Algorithm } from '@node-rs/argon2';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { errorOf } from '../helpers/errors.js';
import { SrpClient } from '../helpers/srp-client.js';
import { csvLine, headerOf, runImport } from './import-csv.js';
import { PassThrough } from 'node:stream';
import { exportUsers } from '../../src/declare/export-users.js';
import { adminCreatedUser } from '../helpers/users.js';

const OLD_PASSWORD = 'old-directory-Passw0rd';
const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');
/** passlib's "adapted base64": "." for "+". */
const ab64 = (bytes: Buffer): string => b64(bytes).replace(/\+/g, '.');

/** Hashes of OLD_PASSWORD as other systems write them, by algorithm and format. */
async function hashesOf(password: string): Promise<Array<[PasswordHashingAlgorithmType, string, string]>> {
  const salt = randomBytes(16);
  return [
    ['BCRYPT', '$2b$ (bcrypt, Node)', await bcryptHash(password, 5)],
    ['BCRYPT', '$2y$ (PHP)', (await bcryptHash(password, 4)).replace(/^\$2b\$/, '$2y$')],
    ['SCRYPT', 'PHC', `$scrypt$ln=12,r=8,p=1$${b64(salt)}$${b64(scryptSync(password, salt, 32, { N: 4096, r: 8, p: 1 }))}`],
    ['PBKDF2_SHA256', 'passlib', `$pbkdf2-sha256$29000$${ab64(salt)}$${ab64(pbkdf2Sync(password, salt, 29000, 32, 'sha256'))}`],
    ['PBKDF2_SHA256', 'Django', `pbkdf2_sha256$30000$saltsaltsalt1234$${pbkdf2Sync(password, 'saltsaltsalt1234', 30000, 32, 'sha256').toString('base64')}`],
    ['ARGON2ID', 'PHC', await argon2Hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 2, parallelism: 1 })],
  ];
}

describe('user import jobs with password hashes', () => {
  let t: TestServer;
  let poolId: string;
  let clientId: string;
  beforeAll(async () => {
    t = await startTestServer();
    ({ poolId, clientId } = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'] }));
  });
  afterAll(() => t.close());

  const passwordSignIn = (username: string, password: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
  async function srpSignIn(username: string, password: string) {
    const srp = new SrpClient();
    const challenge = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srp.srpA } }));
    return t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.respond(poolId, password, challenge.ChallengeParameters!),
    }));
  }

  it('each algorithm signs its user in with the old password at once, then holds our argon2id and an SRP verifier', async () => {
    const hashes = await hashesOf(OLD_PASSWORD);
    for (const [index, [algorithm, format, hash]] of hashes.entries()) {
      const username = `user-${index}`;
      const header = await headerOf(t, poolId, ['cognito:password_hash']);
      const job = await runImport(t, poolId, [
        header.join(','),
        // No verified channel is needed for a user who keeps a password.
        csvLine(header, { 'cognito:username': username, 'cognito:mfa_enabled': 'false', 'cognito:password_hash': hash }),
      ].join('\n'), algorithm);
      expect(job, `${algorithm} ${format}`).toMatchObject({ Status: 'Succeeded', ImportedUsers: 1, PasswordHashingAlgorithm: algorithm });
      expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus).toBe('CONFIRMED');

      // No SRP verifier exists before a password sign-in: SRP is refused as a wrong password.
      expect(await errorOf(srpSignIn(username, OLD_PASSWORD)), `${algorithm} ${format}`).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      expect(await errorOf(passwordSignIn(username, 'not-the-Passw0rd')), `${algorithm} ${format}`).toMatchObject({ name: 'NotAuthorizedException' });
      const signedIn = await t.cognito.send(new AdminInitiateAuthCommand({
        UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: OLD_PASSWORD },
      }));
      expect(signedIn.AuthenticationResult?.AccessToken, `${algorithm} ${format}`).toBeTruthy();

      // Re-hashed: the stored hash is now ours (read from the store: no API shows a hash), and SRP works.
      const stored = await t.server.deps.store.users.findByUsernameKey(poolId, username);
      expect(stored!.passwordHash!.startsWith('$argon2id$v=19$m=1024,t=1,p=1$'), `${algorithm} ${format}`).toBe(true);
      expect((await srpSignIn(username, OLD_PASSWORD)).AuthenticationResult?.AccessToken, `${algorithm} ${format}`).toBeTruthy();
      expect((await passwordSignIn(username, OLD_PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
    }
  });

  it('a hash that is not of the job\'s algorithm, or too costly, fails its row; the others import', async () => {
    const hashes = await hashesOf(OLD_PASSWORD);
    const header = await headerOf(t, poolId, ['cognito:password_hash']);
    const row = (username: string, hash: string) => csvLine(header, { 'cognito:username': username, 'cognito:mfa_enabled': 'false', 'cognito:password_hash': hash });
    const job = await runImport(t, poolId, [
      header.join(','),
      row('good-bcrypt', hashes[0]![2]),
      row('scrypt-in-bcrypt-job', hashes[2]![2]),
      row('too-costly', '$2b$20$' + 'a'.repeat(53)),
      row('garbage', 'plaintext-password'),
    ].join('\n'), 'BCRYPT');
    expect(job).toMatchObject({ Status: 'Succeeded', ImportedUsers: 1, FailedUsers: 3 });
    const errors = await t.server.deps.store.userImportJobs.listErrors(job.JobId!, 10);
    expect(errors.map((e) => [e.line, e.outcome, e.message])).toEqual([
      [3, 'FAILED', 'The password hash is not a valid BCRYPT hash.'],
      [4, 'FAILED', 'The bcrypt cost must be between 4 and 15.'],
      [5, 'FAILED', 'The password hash is not a valid BCRYPT hash.'],
    ]);
  });

  it('users exported with `gatehouse export --users` import into another pool and sign in with the same password', async () => {
    const source = await t.fixtures.pool({ AutoVerifiedAttributes: ['email'] });
    for (const name of ['ann', 'ben']) await adminCreatedUser(t, source, name, `${name}-Export-Passw0rd`, [{ Name: 'email', Value: `${name}@example.com` }, { Name: 'email_verified', Value: 'true' }]);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await exportUsers(t.server.deps, source, out);
    out.end();
    const job = await runImport(t, poolId, Buffer.concat(chunks).toString('utf8'), 'ARGON2ID');
    expect(job).toMatchObject({ Status: 'Succeeded', ImportedUsers: 2, FailedUsers: 0 });
    for (const name of ['ann', 'ben']) expect((await passwordSignIn(name, `${name}-Export-Passw0rd`)).AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
