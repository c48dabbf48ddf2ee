// `gatehouse export --users`: the pool's users as the CSV of Cognito's import jobs with our argon2id
// hashes, and the side file with TOTP secrets and passkeys (a passkey made in Debian's chromium with
// the DevTools virtual authenticator, as in test/passwordless/passkeys.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { verify } from '@node-rs/argon2';
import {
  AdminCreateUserCommand,
  AssociateSoftwareTokenCommand,
  CompleteWebAuthnRegistrationCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser, signIn, type AppClient } from '../helpers/users.js';
import { totp } from '../helpers/totp.js';
import { BIN } from '../helpers/process.js';
import { launchChromium, skipBrowserTests, startAppServer, type AppServer } from '../helpers/browser.js';
import { freePort } from '../../apps/demo/quickstart/free-port.js';
import { exportUsers, SECRETS_FORMAT } from '../../src/declare/export-users.js';

const run = promisify(execFile);
const PASSWORD = 'Export-Passw0rd!';

/** Cognito's CSV: values split on commas not written `\,`. */
const fields = (line: string): string[] => line.split(/(?<!\\),/).map((v) => v.replace(/\\,/g, ','));

function rowsOf(csv: string): Array<Record<string, string>> {
  const [header, ...lines] = csv.trimEnd().split('\n');
  const columns = fields(header);
  return lines.map((line) => Object.fromEntries(fields(line).map((v, i) => [columns[i], v])));
}

async function exported(t: TestServer, poolId: string): Promise<{ csv: string; secrets: any; counts: Awaited<ReturnType<typeof exportUsers>> }> {
  const csv = new PassThrough();
  const secrets = new PassThrough();
  const chunks = { csv: [] as Buffer[], secrets: [] as Buffer[] };
  csv.on('data', (c) => chunks.csv.push(c));
  secrets.on('data', (c) => chunks.secrets.push(c));
  const counts = await exportUsers(t.server.deps, poolId, csv, secrets);
  return { csv: Buffer.concat(chunks.csv).toString('utf8'), secrets: JSON.parse(Buffer.concat(chunks.secrets).toString('utf8')), counts };
}

describe('export --users', () => {
  let t: TestServer;
  let client: AppClient;
  let poolId: string;
  let totpSecret: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    const port = await freePort('127.0.0.1');
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-export-users-'));
    dirs.push(dataDir);
    t = await startTestServer({ dataDir, config: { server: { port, publicUrl: `http://localhost:${port}` } } });
    poolId = await t.fixtures.pool({
      Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }],
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    });
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    client = { poolId, ...(await t.fixtures.client(poolId)) };
    await adminCreatedUser(t, poolId, 'ann', PASSWORD, [{ Name: 'email', Value: 'ann@example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'custom:tier', Value: 'gold' }]);
    await adminCreatedUser(t, poolId, 'ben', PASSWORD, [{ Name: 'name', Value: 'Doe, Ben' }, { Name: 'phone_number', Value: '+15555550100' }, { Name: 'phone_number_verified', Value: 'true' }]);
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'cal', TemporaryPassword: 'Temporary-Pass1', MessageAction: 'SUPPRESS' }));

    // ann registers an authenticator app.
    const token = (await signIn(t, client, 'ann', PASSWORD)).AccessToken!;
    totpSecret = (await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!;
    await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: totp(totpSecret, t.clock.now()) }));
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
  });
  afterAll(async () => {
    await t?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("writes GetCSVHeader's columns and cognito:password_hash, one row per user with the argon2id hash of the password", async () => {
    const { csv, counts } = await exported(t, poolId);
    // GetCSVHeader's answer for this pool, as Cognito documents it.
    const header = [
      'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website',
      'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified',
      'address', 'updated_at', 'cognito:mfa_enabled', 'cognito:username', 'custom:tier',
    ];
    expect(fields(csv.split('\n')[0])).toEqual([...header, 'cognito:password_hash']);
    const rows = rowsOf(csv);
    expect(rows.map((r) => r['cognito:username']).sort()).toEqual(['ann', 'ben', 'cal']);
    const ann = rows.find((r) => r['cognito:username'] === 'ann')!;
    expect(ann).toMatchObject({ email: 'ann@example.com', email_verified: 'true', 'custom:tier': 'gold', 'cognito:mfa_enabled': 'true' });
    expect(ann['cognito:password_hash']).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(await verify(ann['cognito:password_hash'], PASSWORD)).toBe(true);
    const ben = rows.find((r) => r['cognito:username'] === 'ben')!;
    expect(ben).toMatchObject({ name: 'Doe, Ben', phone_number: '+15555550100', phone_number_verified: 'true', 'cognito:mfa_enabled': 'false', email: '' });
    expect(await verify(ben['cognito:password_hash'], PASSWORD)).toBe(true);
    expect(counts).toMatchObject({ users: 3, withPasswordHash: 3, federatedSkipped: 0 });
  });

  it('writes the TOTP secrets to the side file', async () => {
    const { secrets } = await exported(t, poolId);
    expect(secrets).toMatchObject({ format: SECRETS_FORMAT, poolId });
    const ann = secrets.users.find((u: { username: string }) => u.username === 'ann');
    expect(ann.totp).toEqual({ secret: totpSecret, algorithm: 'SHA1', digits: 6, periodSeconds: 30 });
    expect(secrets.users.some((u: { username: string }) => u.username === 'ben')).toBe(false);
  });

  it('pages through a pool larger than one page without losing or repeating a user', async () => {
    const bigPool = await t.fixtures.pool({ PoolName: 'big' });
    for (let i = 0; i < 230; i++) {
      await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: bigPool, Username: `user${String(i).padStart(3, '0')}`, MessageAction: 'SUPPRESS' }));
    }
    const { csv, secrets, counts } = await exported(t, bigPool);
    const names = rowsOf(csv).map((r) => r['cognito:username']);
    expect(names).toHaveLength(230);
    expect(new Set(names).size).toBe(230);
    expect(counts.users).toBe(230);
    expect(secrets.users).toEqual([]);
  });

  it('`gatehouse export --users --out FILE` writes the CSV and FILE.secrets.json, both readable by their owner only', { timeout: 200_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-export-out-'));
    dirs.push(dir);
    const out = join(dir, 'users.csv');
    // An existing file is replaced and loses its wider mode.
    writeFileSync(out, 'old', { mode: 0o644 });
    const env = {
      PATH: process.env.PATH, GATEHOUSE_DATA_DIR: t.server.deps.config.storage.dataDir,
      ...(t.server.deps.config.storage.databaseUrl && { DATABASE_URL: t.server.deps.config.storage.databaseUrl }),
    };
    const result = await run(process.execPath, [BIN, 'export', '--users', '--pool', poolId, '--out', out], { env, timeout: 120_000 });
    expect(result.stdout).toContain('3 users (3 with a password hash), 1 with TOTP secrets or passkeys');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(statSync(`${out}.secrets.json`).mode & 0o777).toBe(0o600);
    expect(rowsOf(readFileSync(out, 'utf8')).map((r) => r['cognito:username']).sort()).toEqual(['ann', 'ben', 'cal']);
    expect(JSON.parse(readFileSync(`${out}.secrets.json`, 'utf8')).users[0].totp.secret).toBe(totpSecret);
  });

  describe.skipIf(skipBrowserTests)('passkeys', () => {
    let app: AppServer;
    let browser: Browser;
    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it('writes the passkeys to the side file with their public key, counter and relying party', { timeout: 60_000 }, async () => {
      app = await startAppServer();
      browser = await launchChromium();
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(app.origin);
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
      });
      const token = (await signIn(t, client, 'ben', PASSWORD)).AccessToken!;
      const { CredentialCreationOptions } = await t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
      const options: unknown = CredentialCreationOptions;
      const credential: Record<string, unknown> = await page.evaluate(async (json: unknown) => {
        const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(json as PublicKeyCredentialCreationOptionsJSON);
        return ((await navigator.credentials.create({ publicKey })) as PublicKeyCredential).toJSON() as Record<string, unknown>;
      }, options);
      await t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never }));

      const { secrets, counts } = await exported(t, poolId);
      const ben = secrets.users.find((u: { username: string }) => u.username === 'ben');
      expect(ben.passkeys).toEqual([expect.objectContaining({ credentialId: credential.id, relyingPartyId: 'localhost', signCount: expect.any(Number), transports: ['internal'] })]);
      expect(ben.passkeys[0].publicKey).toMatch(/^[\w-]{40,}$/);
      expect(ben.totp).toBeUndefined();
      expect(counts.withSecrets).toBe(2);
    });
  });
});
