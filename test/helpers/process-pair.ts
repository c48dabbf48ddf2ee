// Two `gatehouse serve` processes on one fresh PostgreSQL database, as behind one load balancer,
// each with an SDK client; for what only several processes on one database show.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { startGatehouseProcess, type GatehouseProcess } from './process.js';
import { createTestDatabase } from './postgres.js';
import { ADMIN_KEY } from './server.js';

export interface ProcessPair {
  a: GatehouseProcess;
  b: GatehouseProcess;
  viaA: CognitoIdentityProviderClient;
  viaB: CognitoIdentityProviderClient;
  stop(): Promise<void>;
}

export async function startProcessPair(): Promise<ProcessPair> {
  const database = await createTestDatabase();
  const dirs: string[] = [];
  const env = {
    DATABASE_URL: database.url,
    GATEHOUSE_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    GATEHOUSE_ADMIN_ACCESS_KEY_ID: ADMIN_KEY.accessKeyId,
    GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: ADMIN_KEY.secretAccessKey,
    // Behind one load balancer: one public URL, hence one token issuer for both processes.
    GATEHOUSE_PUBLIC_URL: 'http://gatehouse.test',
  };
  const dir = () => { const d = mkdtempSync(join(tmpdir(), 'gatehouse-mp-')); dirs.push(d); return d; };
  // Started together: migrations must serialise between them.
  const [a, b] = await Promise.all([startGatehouseProcess(['--data', dir()], env), startGatehouseProcess(['--data', dir()], env)]);
  const client = (url: string) => new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: ADMIN_KEY, maxAttempts: 1 });
  const viaA = client(a.url);
  const viaB = client(b.url);
  return {
    a, b, viaA, viaB,
    async stop() {
      viaA.destroy();
      viaB.destroy();
      await Promise.all([a.stop(), b.stop()]);
      await database.drop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
