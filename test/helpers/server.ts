// A real Gatehouse on 127.0.0.1:<ephemeral port> with a fresh store (SQLite in a temporary folder,
// or a fresh PostgreSQL database when GATEHOUSE_TEST_DATABASE_URL is set), a real
// CognitoIdentityProviderClient signed with the admin key, and fixtures that go through the API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig, type ConfigOverrides } from '../../src/config/load.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { Clock } from '../../src/clock.js';
import { keptKeysFileUnder, reusableRsaKeys } from '../../src/tokens/reusable-keys.js';
import type { RsaKeySource } from '../../src/tokens/keys.js';
import { createTestDatabase, testDatabaseUrl } from './postgres.js';
import type { DeclarationFile } from '../../src/declare/file-schema.js';

export const ADMIN_KEY = { accessKeyId: 'AKIDGATEHOUSETEST01', secretAccessKey: 'test-secret-access-key-0123456789' };

/** Real time plus an offset that tests move forward instead of sleeping. */
export class TestClock implements Clock {
  private offsetMs = 0;
  /** Called on each advance: the SDK clients sign with the server's time, so they move with it. */
  readonly listeners: Array<(ms: number) => void> = [];
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
    for (const listener of this.listeners) listener(ms);
  }
}

export interface TestServer {
  url: string;
  server: RunningServer;
  clock: TestClock;
  cognito: CognitoIdentityProviderClient;
  /** A client signed with the given credentials, for signature tests. */
  cognitoWith(credentials: { accessKeyId: string; secretAccessKey: string }): CognitoIdentityProviderClient;
  fixtures: {
    pool(input?: Partial<CreateUserPoolCommandInput>): Promise<string>;
    client(poolId: string, input?: Partial<CreateUserPoolClientCommandInput>): Promise<{ clientId: string; clientSecret?: string }>;
    /** A pool and a client allowing USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH and refresh. */
    poolWithClient(pool?: Partial<CreateUserPoolCommandInput>, client?: Partial<CreateUserPoolClientCommandInput>): Promise<{ poolId: string; clientId: string; clientSecret?: string }>;
  };
  /** The newest code sent to a user, read from the outbox through the admin route. */
  latestCode(poolId: string, username?: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export const storeKind = testDatabaseUrl ? 'postgres' : 'sqlite';

/**
 * The pools' RSA keys are reused from one test server to the next (src/tokens/reusable-keys.ts):
 * generating them was most of the suite's time. Kept in node_modules/.cache, so a second run of the
 * suite generates none.
 */
export const TEST_KEYS_FILE = keptKeysFileUnder(fileURLToPath(new URL('../../', import.meta.url)));

export async function startTestServer(options: {
  config?: ConfigOverrides;
  dataDir?: string;
  databaseUrl?: string;
  declarations?: DeclarationFile;
  /** Hash passwords at the configuration's default (production) argon2id cost. */
  productionPasswordCost?: boolean;
  /** Where new pools' RSA keys come from (default: reused, TEST_KEYS_FILE). */
  rsaKeys?: RsaKeySource;
} = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const database = options.databaseUrl ? undefined : testDatabaseUrl ? await createTestDatabase() : undefined;
  const clock = new TestClock();
  const config = loadConfig({
    env: {},
    overrides: {
      ...options.config,
      server: { host: '127.0.0.1', port: 0, logLevel: 'silent', ...options.config?.server },
      storage: { dataDir, databaseUrl: options.databaseUrl ?? database?.url, ...options.config?.storage },
      admin: { accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: ADMIN_KEY.secretAccessKey, ...options.config?.admin },
      // The production argon2id cost (19 MiB, t=2) is most of a sign-in's CPU; test servers hash at
      // the lowest cost the config allows unless a test asks for more (test/security/password-cost
      // checks the default).
      security: { ...(!options.productionPasswordCost && { argon2MemoryKiB: 1024, argon2Iterations: 1 }), ...options.config?.security },
      // Request-rate quotas only where a test turns them on (with rates it chooses).
      quotas: { enabled: false, ...options.config?.quotas },
    },
  });
  const server = await startServer(config, { clock, logger: false, declarations: options.declarations, rsaKeys: options.rsaKeys ?? reusableRsaKeys(TEST_KEYS_FILE) });
  const url = server.url;
  const cognitoWith = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    // A copy: the SDK writes bookkeeping fields into the credentials object it is given.
    const client = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: { ...credentials }, maxAttempts: 1, systemClockOffset: clock.now() - Date.now() });
    // SigV4 dates must follow the server's (test-advanced) clock.
    clock.listeners.push((ms) => {
      client.config.systemClockOffset = (client.config.systemClockOffset ?? 0) + ms;
    });
    return client;
  };
  const cognito = cognitoWith(ADMIN_KEY);

  const fixtures: TestServer['fixtures'] = {
    async pool(input = {}) {
      const out = await cognito.send(new CreateUserPoolCommand({ PoolName: 'test-pool', ...input }));
      return out.UserPool!.Id!;
    },
    async client(poolId, input = {}) {
      const out = await cognito.send(new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'test-client',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
        ...input,
      }));
      return { clientId: out.UserPoolClient!.ClientId!, clientSecret: out.UserPoolClient!.ClientSecret };
    },
    async poolWithClient(pool = {}, client = {}) {
      const poolId = await fixtures.pool(pool);
      return { poolId, ...(await fixtures.client(poolId, client)) };
    },
  };

  return {
    url,
    server,
    clock,
    cognito,
    cognitoWith,
    fixtures,
    async latestCode(poolId, username) {
      const query = new URLSearchParams({ poolId, ...(username && { username }), limit: '1' });
      const response = await fetch(`${url}/_gatehouse/outbox?${query}`, {
        headers: { authorization: `Basic ${Buffer.from(`${ADMIN_KEY.accessKeyId}:${ADMIN_KEY.secretAccessKey}`).toString('base64')}` },
      });
      const body = (await response.json()) as { messages: Array<{ code: string | null }> };
      return body.messages[0]?.code ?? undefined;
    },
    async close() {
      cognito.destroy();
      await server.close();
      await database?.drop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
