// `gatehouse init` writes a starter config file that loads, applies and serves as written.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { BIN } from '../helpers/process.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { loadConfig } from '../../src/config/load.js';
import { readDeclarations } from '../../src/cli/declarations.js';

const run = promisify(execFile);

describe('gatehouse init', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-init-'));
  let t: TestServer | undefined;
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a starter file whose pool, domain, client and user are created at start, and never overwrites it unasked', { timeout: 120_000 }, async () => {
    const file = join(dir, 'gatehouse.yaml');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    const first = await run(process.execPath, [BIN, 'init', '--out', file], { env, timeout: 60_000 });
    expect(first.stdout).toContain(`serve --config ${file}`);
    const written = readFileSync(file, 'utf8');

    expect(loadConfig({ file, env: {} }).server.port).toBe(9229);
    const declarations = readDeclarations(file);
    t = await startTestServer({ declarations });
    const [pool] = t.server.applied;
    expect(pool).toMatchObject({ name: 'my-app', domain: 'my-app', users: [expect.any(String)] });
    expect(pool.clients[0].secret).toMatch(/^[a-z0-9]{51}$/);
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'dev@example.com' }));
    expect(user.UserAttributes?.find((a) => a.Name === 'phone_number')?.Value).toBe('+15555550100');

    await expect(run(process.execPath, [BIN, 'init', '--out', file], { env, timeout: 60_000 })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--force') });
    expect(readFileSync(file, 'utf8')).toBe(written);
    await run(process.execPath, [BIN, 'init', '--out', file, '--force'], { env, timeout: 60_000 });
    // A new seed: this copy's ids and secrets are its own.
    expect(readDeclarations(file).seed).not.toBe(declarations.seed);
  });
});
