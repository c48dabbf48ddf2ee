import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { BIN, startGatehouseProcess, type GatehouseProcess } from '../helpers/process.js';

const run = promisify(execFile);

describe('gatehouse serve and outbox as processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  const started: GatehouseProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
    rmSync(dataDir, { recursive: true, force: true });
  });

  let key: { accessKeyId: string; secretAccessKey: string };

  it('prints a generated admin key on first start, keeps it private in the data folder, and answers /health', { timeout: 180_000 }, async () => {
    const server = await startGatehouseProcess(['--data', dataDir], {});
    started.push(server);
    const id = /AWS_ACCESS_KEY_ID=(\S+)/.exec(server.output())?.[1];
    const secret = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(server.output())?.[1];
    expect(id).toMatch(/^AKGH[A-Z2-7]{16}$/);
    expect(secret?.length).toBeGreaterThanOrEqual(40);
    key = { accessKeyId: id!, secretAccessKey: secret! };
    // Lines to paste into a shell, and what to do next.
    expect(server.output()).toContain(`export AWS_ACCESS_KEY_ID=${id} AWS_SECRET_ACCESS_KEY=${secret} AWS_DEFAULT_REGION=us-east-1`);
    expect(server.output()).toContain(`kept in ${join(dataDir, 'secrets.json')}`);
    expect(server.output()).toContain(`Admin console:    ${server.url}/admin`);
    expect(server.output()).toContain(`Cognito endpoint: ${server.url}`);
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o077).toBe(0);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);

    const cognito = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-east-1', credentials: key });
    await cognito.send(new CreateUserPoolCommand({ PoolName: 'cli', AutoVerifiedAttributes: ['email'] }));
    const { UserPools } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    expect(UserPools?.map((p) => p.Name)).toContain('cli');
    cognito.destroy();
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('keeps the same key and data on the next start, and the outbox command prints the codes sent', { timeout: 180_000 }, async () => {
    const server = await startGatehouseProcess(['--data', dataDir], {});
    started.push(server);
    expect(server.output()).not.toContain('AWS_SECRET_ACCESS_KEY=');
    expect(server.output()).not.toContain(key.secretAccessKey);
    expect(server.output()).toContain(`Admin key:        in ${join(dataDir, 'secrets.json')}`);
    expect(server.output()).toContain(`Admin console:    ${server.url}/admin`);
    const cognito = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-east-1', credentials: key });
    const { UserPools } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    const poolId = UserPools!.find((p) => p.Name === 'cli')!.Id!;
    const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }));
    await cognito.send(new SignUpCommand({
      ClientId: UserPoolClient!.ClientId!, Username: 'carla', Password: 'Passw0rd!',
      UserAttributes: [{ Name: 'email', Value: 'carla@example.com' }],
    }));
    cognito.destroy();

    const { stdout } = await run(process.execPath, [BIN, 'outbox', '--data', dataDir, '--pool', poolId, '--json'], { timeout: 90_000 });
    const messages = JSON.parse(stdout) as Array<{ username: string; destination: string; code: string }>;
    expect(messages[0]).toMatchObject({ username: 'carla', destination: 'carla@example.com' });
    expect(messages[0].code).toMatch(/^\d{6}$/);
    expect(await server.stop('SIGINT')).toBe(0);
  });

  it('answers --help for each command', { timeout: 180_000 }, async () => {
    const { stdout } = await run(process.execPath, [BIN, 'outbox', '--help'], { timeout: 90_000 });
    expect(stdout).toContain('Usage: gatehouse outbox');
    const top = await run(process.execPath, [BIN, '--help'], { timeout: 90_000 });
    // One whole sentence per command, never one cut at a line break.
    const listed = top.stdout.split('\n').filter((line) => /^ {2}[a-z]+ +\S/.test(line));
    expect(listed.map((line) => line.trim().split(/\s+/)[0])).toEqual(['serve', 'init', 'outbox', 'apply', 'export', 'schema', 'backup', 'restore']);
    for (const line of listed) expect(line).toMatch(/[a-z)]\.$/);
    for (const command of ['serve', 'init', 'apply', 'export', 'schema', 'backup', 'restore']) {
      expect((await run(process.execPath, [BIN, command, '--help'], { timeout: 90_000 })).stdout).toContain(`Usage: gatehouse ${command}`);
    }
  });
});
