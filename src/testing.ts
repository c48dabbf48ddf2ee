// `import { startGatehouse } from 'gatehouse/testing'`: a whole Gatehouse in the test process, on
// 127.0.0.1 and a free port, with a store of its own that is removed at stop(). It is what a test
// suite uses in place of cognito-local: the same server, started in one call, with the pools of a
// declarations file (or object) and a reader of the messages it would have sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, readStructuredFile, type ConfigOverrides } from './config/load.js';
import { parseDeclarations } from './declare/apply.js';
import { startServer } from './server.js';
import { keptKeysFileUnder, reusableRsaKeys } from './tokens/reusable-keys.js';
// The published declarations are the one statement of this API's types; the code is checked against them.
import type { RunningGatehouse, StartGatehouseOptions, TestingPool } from '../lib/testing.mjs';

export async function startGatehouse(options: StartGatehouseOptions = {}): Promise<RunningGatehouse> {
  const file = typeof options.declarations === 'string' ? resolve(options.declarations) : undefined;
  const declarations = file ? parseDeclarations(readStructuredFile(file)) : options.declarations && parseDeclarations(options.declarations);
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-testing-'));
  const credentials = { accessKeyId: `AKIDTEST${randomBytes(6).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(24).toString('base64url') };
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    const overrides = (options.config ?? {}) as ConfigOverrides;
    // The environment is ignored (a developer's GATEHOUSE_* settings must not leak into tests); the
    // file, when given, supplies server options as it does for `gatehouse serve`.
    const config = loadConfig({
      env: {},
      ...(file && { file }),
      overrides: {
        ...overrides,
        server: { logLevel: 'silent', ...overrides.server, host: '127.0.0.1', port: 0 },
        storage: { ...overrides.storage, dataDir, ...(options.databaseUrl && { databaseUrl: options.databaseUrl }) },
        admin: { ...credentials, ...overrides.admin },
        // Sign-ins in a test suite should not spend production argon2id's 19 MiB and two passes
        // each: the lowest cost the configuration allows, unless the caller sets one.
        security: { argon2MemoryKiB: 1024, argon2Iterations: 1, ...overrides.security },
      },
    });
    Object.assign(credentials, { accessKeyId: config.admin.accessKeyId, secretAccessKey: config.admin.secretAccessKey });
    // Each pool's two RSA keys are reused from earlier test servers (kept in the project's
    // node_modules/.cache): making them was most of a start's time (tokens/reusable-keys.ts).
    const rsaKeys = options.reuseSigningKeys === false ? undefined : reusableRsaKeys(keptKeysFileUnder(process.cwd()));
    server = await startServer(config, { logger: false, rsaKeys, ...(declarations && { declarations }) });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  const pools = server.applied.map((pool): TestingPool => ({
    name: pool.name,
    userPoolId: pool.id,
    issuer: `${server.url}/${pool.id}`,
    ...(pool.domain && { domain: pool.domain }),
    clients: pool.clients.map((client) => ({ name: client.name, clientId: client.id, ...(client.secret && { clientSecret: client.secret }) })),
  }));
  const messages: RunningGatehouse['messages'] = async (filter = {}) =>
    (await server.deps.store.outbox.list({ poolId: filter.poolId, username: filter.username, limit: filter.limit ?? 50 })).map((message) => ({
      poolId: message.poolId,
      username: message.username,
      purpose: message.purpose,
      medium: message.medium,
      destination: message.destination,
      subject: message.subject,
      body: message.body,
      code: message.code,
      sentAt: new Date(message.createdAt),
    }));
  let stopped = false;
  return {
    endpoint: server.url,
    region: 'us-east-1',
    credentials,
    pools,
    userPoolId: pools[0]?.userPoolId,
    clientId: pools[0]?.clients[0]?.clientId,
    clientSecret: pools[0]?.clients[0]?.clientSecret,
    messages,
    async latestCode(username, poolId) {
      const [newest] = await messages({ username, poolId, limit: 1 });
      if (newest) return newest.code ?? undefined;
      // A pool with email or phone as username (UsernameAttributes) names its users by their sub:
      // find the message by the address it went to, which is what a test knows.
      const recent = await messages({ poolId, limit: 200 });
      return recent.find((message) => message.destination === username)?.code ?? undefined;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await server.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
