// Pools declared in a file: applied at start and by `gatehouse apply`, idempotent, deterministic,
// and exported back into a file that recreates the same pools.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import {
  AdminGetUserCommand,
  CreateResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListResourceServersCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  TagResourceCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { BIN } from '../helpers/process.js';
import { parseDeclarations, applyDeclarations } from '../../src/declare/apply.js';
import { exportDeclarations } from '../../src/declare/export.js';
import { configFileJsonSchema } from '../../src/declare/json-schema.js';

const run = promisify(execFile);
const example = () => parseDeclarations(YAML.parse(readFileSync(new URL('../../docs/gatehouse.example.yaml', import.meta.url), 'utf8')));

describe('pools declared in a file', () => {
  const servers: TestServer[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const start = async (declarations = example()) => {
    const t = await startTestServer({ declarations });
    servers.push(t);
    return t;
  };

  it('creates the declared pool, client, domain, group and user at start, and the user can sign in', async () => {
    const t = await start();
    const [pool] = t.server.applied;
    expect(pool.id).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/);
    expect(pool.clients[0].id).toMatch(/^[a-z0-9]{26}$/);
    const { UserPool } = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.id }));
    expect(UserPool).toMatchObject({ Name: 'demo', Domain: 'demo', UsernameAttributes: ['email'] });
    const { UserPoolClient } = await t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.id, ClientId: pool.clients[0].id }));
    expect(UserPoolClient!.CallbackURLs).toEqual(['http://localhost:3000/callback']);
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'demo@example.com' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    const signIn = await t.cognito.send(new InitiateAuthCommand({
      ClientId: pool.clients[0].id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Demo-Passw0rd!' },
    }));
    const idClaims = claimsOf(signIn.AuthenticationResult!.IdToken!);
    expect(idClaims).toMatchObject({ email: 'demo@example.com', phone_number: '+15555550100', 'cognito:groups': ['admins'] });
  });

  it('gives the same ids on every server and every apply, and other ids for another seed', async () => {
    const a = await start();
    const b = await start();
    expect(b.server.applied[0].id).toBe(a.server.applied[0].id);
    expect(b.server.applied[0].clients[0].id).toBe(a.server.applied[0].clients[0].id);

    const again = await applyDeclarations(a.server.deps, example());
    expect(again).toEqual(a.server.applied);
    const { UserPools } = await a.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(UserPools).toHaveLength(1);

    const other = await start({ ...example(), seed: 'another-project' });
    expect(other.server.applied[0].id).not.toBe(a.server.applied[0].id);
  });

  it('derives a stable secret for a client that asks for one', async () => {
    const file = example();
    file.pools![0].Clients!.push({ ClientName: 'backend', GenerateSecret: true });
    file.pools![0].UserPoolTier = 'PLUS';
    file.pools![0].Policies = { ...file.pools![0].Policies, SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } };
    const a = await start(file);
    const b = await start(file);
    const secret = a.server.applied[0].clients[1].secret;
    expect(secret).toMatch(/^[a-z0-9]{51}$/);
    expect(b.server.applied[0].clients[1].secret).toBe(secret);
  });

  it('exports a file that recreates the same pool, client ids and secrets on an empty server', async () => {
    const file = example();
    file.pools![0].Clients!.push({ ClientName: 'backend', GenerateSecret: true });
    file.pools![0].UserPoolTier = 'PLUS';
    file.pools![0].Policies = { ...file.pools![0].Policies, SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } };
    const a = await start(file);
    // Settings changed through the API after creation export as declarations the strict schema accepts.
    const poolId = a.server.applied[0].id;
    await a.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, SoftwareTokenMfaConfiguration: { Enabled: true }, MfaConfiguration: 'OPTIONAL' }));
    await a.cognito.send(new TagResourceCommand({ ResourceArn: (await a.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.Arn!, Tags: { team: 'identity' } }));
    await a.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: a.server.applied[0].clients[0].id, ClientName: 'web', TokenValidityUnits: { AccessToken: 'minutes' }, AccessTokenValidity: 30 }));
    const exported = parseDeclarations(YAML.parse(YAML.stringify(await exportDeclarations(a.server.deps))));
    expect(exported.pools![0].Users).toBeUndefined();
    const b = await start({ ...exported, seed: 'a-different-seed-that-must-not-matter' });
    expect(b.server.applied[0].id).toBe(a.server.applied[0].id);
    const byName = (clients: Array<{ name: string }>) => [...clients].sort((x, y) => x.name.localeCompare(y.name));
    expect(byName(b.server.applied[0].clients)).toEqual(byName(a.server.applied[0].clients));
    const { UserPool } = await b.cognito.send(new DescribeUserPoolCommand({ UserPoolId: a.server.applied[0].id }));
    expect(UserPool!.SchemaAttributes!.find((s) => s.Name === 'phone_number')!.Required).toBe(true);
    expect(UserPool).toMatchObject({ UserPoolTier: 'PLUS', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } });
  });

  it('refuses a file that does not match the schema, naming the problem', () => {
    expect(() => parseDeclarations({ pools: [{ PoolName: 'x', Clients: [{ ClientName: 'c', ExplicitAuthFlows: ['NOPE'] }] }] })).toThrow(/Clients/);
    expect(() => parseDeclarations({ pools: [{}] })).toThrow(/PoolName/);
  });

  it('refuses unknown keys in pools, clients, nested settings and at the top, naming the key meant', () => {
    const refusal = (file: unknown) => {
      try {
        parseDeclarations(file);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    const message = refusal({
      pool: [],
      pools: [{
        PoolName: 'x',
        UsernameAtributes: ['email'],
        Policies: { PasswordPolicy: { MinimumLenght: 8 }, SignInPolicy: { AllowedFirstAuthFactor: ['PASSWORD'] } },
        LambdaConfig: { PreSignup: 'arn:aws:lambda:us-east-1:000000000000:function:pre' },
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms', ExternalID: 'x' },
        DeviceConfiguration: { ChallengeRequiredOnNewDevices: true },
        Clients: [{ ClientName: 'c', ExplicitAuthFlow: ['ALLOW_USER_SRP_AUTH'], RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriod: 10 } }],
        Users: [{ Username: 'u', Atributes: {} }],
        ResourceServers: [{ Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r', Extra: 1 }] }],
      }],
    });
    expect(message).toContain('/pool: unknown key pool; did you mean pools?');
    expect(message).toContain('/pools/0/UsernameAtributes: unknown key UsernameAtributes; did you mean UsernameAttributes?');
    expect(message).toContain('/pools/0/Policies/PasswordPolicy/MinimumLenght: unknown key MinimumLenght; did you mean MinimumLength?');
    expect(message).toContain('/pools/0/Clients/0/ExplicitAuthFlow: unknown key ExplicitAuthFlow; did you mean ExplicitAuthFlows?');
    expect(message).toContain('/pools/0/Users/0/Atributes: unknown key Atributes; did you mean Attributes?');
    expect(message).toContain('/pools/0/ResourceServers/0/Scopes/0/Extra: unknown key Extra');
    expect(message).toContain('/pools/0/Policies/SignInPolicy/AllowedFirstAuthFactor: unknown key AllowedFirstAuthFactor; did you mean AllowedFirstAuthFactors?');
    expect(message).toContain('/pools/0/LambdaConfig/PreSignup: unknown key PreSignup; did you mean PreSignUp?');
    expect(message).toContain('/pools/0/SmsConfiguration/ExternalID: unknown key ExternalID; did you mean ExternalId?');
    expect(message).toContain('/pools/0/DeviceConfiguration/ChallengeRequiredOnNewDevices: unknown key ChallengeRequiredOnNewDevices; did you mean ChallengeRequiredOnNewDevice?');
    expect(message).toContain('/pools/0/Clients/0/RefreshTokenRotation/RetryGracePeriod: unknown key RetryGracePeriod');
    // Server options may share the file; the config loader checks them.
    expect(parseDeclarations({ server: { port: 1 }, storage: {}, pools: [{ PoolName: 'x' }] }).pools).toHaveLength(1);
  });

  it('publishes a JSON Schema that refuses unknown keys in pools and clients', () => {
    const schema = configFileJsonSchema() as any;
    const pool = schema.properties.pools.items;
    expect(schema.additionalProperties).toBe(false);
    expect(pool.additionalProperties).toBe(false);
    expect(pool.properties.Clients.items.additionalProperties).toBe(false);
    expect(pool.properties.Policies.properties.PasswordPolicy.additionalProperties).toBe(false);
  });

  it('publishes the JSON Schema the repository ships (regenerate with npm run schema)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../docs/gatehouse-config.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(configFileJsonSchema());
  });

  it('`gatehouse apply` run twice gives the same ids', { timeout: 200_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-apply-'));
    dirs.push(dir);
    const file = join(dir, 'pools.yaml');
    writeFileSync(file, readFileSync(new URL('../../docs/gatehouse.example.yaml', import.meta.url)));
    const env = { PATH: process.env.PATH, GATEHOUSE_DATA_DIR: join(dir, 'data') };
    const first = await run(process.execPath, [BIN, 'apply', file], { env, timeout: 90_000 });
    const second = await run(process.execPath, [BIN, 'apply', file], { env, timeout: 90_000 });
    expect(first.stdout).toMatch(/pool demo: us-east-1_\w{9}/);
    expect(second.stdout).toBe(first.stdout);
  });

  it('`gatehouse apply` refuses a misspelt key with a hint; `gatehouse export` writes each pool\'s values in full (no YAML aliases), and the export applies', { timeout: 200_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-export-'));
    dirs.push(dir);
    const env = { PATH: process.env.PATH, GATEHOUSE_DATA_DIR: join(dir, 'data') };
    const misspelt = join(dir, 'misspelt.yaml');
    writeFileSync(misspelt, 'pools:\n  - PoolName: one\n    UsernameAtributes: [email]\n');
    const refused = await run(process.execPath, [BIN, 'apply', misspelt], { env, timeout: 90_000 }).then(() => undefined, (error) => error);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('/pools/0/UsernameAtributes: unknown key UsernameAtributes; did you mean UsernameAttributes?');

    const pools = join(dir, 'pools.yaml');
    writeFileSync(pools, 'pools:\n  - PoolName: one\n  - PoolName: two\n');
    await run(process.execPath, [BIN, 'apply', pools], { env, timeout: 90_000 });
    const exported = join(dir, 'exported.yaml');
    await run(process.execPath, [BIN, 'export', '--out', exported], { env, timeout: 90_000 });
    const text = readFileSync(exported, 'utf8');
    expect(text).not.toMatch(/[&*]a\d/);
    const file = YAML.parse(text);
    expect(file.pools.map((p: { PoolName: string }) => p.PoolName).sort()).toEqual(['one', 'two']);
    expect(file.pools[1].Policies).toEqual(file.pools[0].Policies);
    expect(file.pools[1].Policies.PasswordPolicy.MinimumLength).toBe(8);
    const again = await run(process.execPath, [BIN, 'apply', exported], { env, timeout: 90_000 });
    expect(again.stdout).toContain('pool one:');
  });

  describe('`gatehouse apply` refuses what the API refuses', () => {
    const scopes = (...names: string[]) => names.map((ScopeName) => ({ ScopeName, ScopeDescription: `${ScopeName} access` }));
    const poolWith = (PoolName: string, ResourceServers: unknown[]) => ({ pools: [{ PoolName, ResourceServers }] });
    const poolIdNamed = async (t: TestServer, name: string) =>
      (await t.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools!.find((p) => p.Name === name)?.Id;

    it('refuses a resource server with a scope name twice, as CreateResourceServer does', async () => {
      const t = await start(parseDeclarations({}));
      const poolId = await t.fixtures.pool();
      const twice = { Identifier: 'https://api.example.com', Name: 'api', Scopes: scopes('read', 'read') };
      await expect(t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, ...twice })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Duplicate scope name: read' });
      await expect(applyDeclarations(t.server.deps, parseDeclarations(poolWith('twice', [twice]))))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Duplicate scope name: read' });
      const applied = await poolIdNamed(t, 'twice');
      const listed = await t.cognito.send(new ListResourceServersCommand({ UserPoolId: applied!, MaxResults: 50 }));
      expect(listed.ResourceServers).toEqual([]);
    });

    it('refuses a 26th resource server in a pool, as CreateResourceServer does', { timeout: 60_000 }, async () => {
      const t = await start(parseDeclarations({}));
      const server = (i: number) => ({ Identifier: `https://api${i}.example.com`, Name: `api${i}`, Scopes: scopes('read') });
      const poolId = await t.fixtures.pool();
      for (let i = 1; i <= 25; i++) await t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, ...server(i) }));
      await expect(t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, ...server(26) })))
        .rejects.toMatchObject({ name: 'LimitExceededException', message: 'A user pool can have at most 25 resource servers.' });

      const file = parseDeclarations(poolWith('many', Array.from({ length: 26 }, (_, i) => server(i + 1))));
      await expect(applyDeclarations(t.server.deps, file))
        .rejects.toMatchObject({ name: 'LimitExceededException', message: 'A user pool can have at most 25 resource servers.' });
      const applied = await poolIdNamed(t, 'many');
      const listed = await t.cognito.send(new ListResourceServersCommand({ UserPoolId: applied!, MaxResults: 50 }));
      expect(listed.ResourceServers).toHaveLength(25);
    });

    it('refuses a scope name outside Cognito\'s pattern, as CreateResourceServer does, before writing anything', async () => {
      const t = await start(parseDeclarations({}));
      const poolId = await t.fixtures.pool();
      const slash = { Identifier: 'https://api.example.com', Name: 'api', Scopes: scopes('read/write') };
      await expect(t.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, ...slash })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringMatching(/scopeName/i) });
      expect(() => parseDeclarations(poolWith('slash', [slash]))).toThrow(/ResourceServers\/0\/Scopes\/0\/ScopeName: Expected string to match/);
      expect(await poolIdNamed(t, 'slash')).toBeUndefined();
    });
  });
});
