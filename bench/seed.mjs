// Bulk seeding: N confirmed users in one pool, fast.
//
// Gatehouse: the pool and its client are created through the JSON API (a server is started on the
// data folder for that and stopped), then the users are written straight into the SQLite file
// (<dataDir>/gatehouse.sqlite3) with better-sqlite3: one transaction, one prepared statement, the
// same columns src/store/kysely/users.ts writes (users.insert). Every user gets THE SAME argon2id
// hash (computed once with the server's parameters, 19 MiB, t=2) of BENCH_PASSWORD: hashing 1M
// passwords would take hours, and sign-in costs the same whichever hash is verified.
// Users: username user<i>, email user<i>@example.com (verified), status CONFIRMED.
//
// cognito-local: through its API (SignUp + AdminConfirmSignUp per user), or, much faster (its API
// rewrites its whole JSON file on every write), by writing the users into its pool file while it is
// stopped (seedCognitoLocalFile): the pool and client are created through its API first, and each
// user is the object its SignUp + AdminConfirmSignUp leave there (see cognitoLocalUser).
//
// Usage: node bench/seed.mjs --data DIR --users N   (Gatehouse; needs `npm run build`)
import { join } from 'node:path';
import { randomInt, randomUUID } from 'node:crypto';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { hash, Algorithm } from '@node-rs/argon2';
import Database from 'better-sqlite3';
import { call, pool, startProcess, stopProcess } from './lib.mjs';

export const BENCH_PASSWORD = 'Bench-Passw0rd!';
export const ADMIN_KEY = { accessKeyId: 'AKIDGATEHOUSEBENCH01', secretAccessKey: 'bench-secret-access-key-0123456789' };
export const REPO = fileURLToPath(new URL('..', import.meta.url));

export const username = (i) => `user${i}`;
export const email = (i) => `user${i}@example.com`;

/** Environment of a bench Gatehouse server. */
export function gatehouseEnv(dataDir, port) {
  return {
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_HOST: '127.0.0.1',
    GATEHOUSE_PORT: String(port),
    GATEHOUSE_LOG_LEVEL: 'warn',
    GATEHOUSE_ADMIN_ACCESS_KEY_ID: ADMIN_KEY.accessKeyId,
    GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: ADMIN_KEY.secretAccessKey,
  };
}

/**
 * Environment of Gatehouse processes that share one PostgreSQL as behind one load balancer: one
 * key-encryption key, one admin key pair, one public URL (the tokens' issuer).
 */
export function sharedDatabaseEnv({ databaseUrl, keyEncryptionKey, publicUrl }) {
  return {
    DATABASE_URL: databaseUrl,
    GATEHOUSE_HOST: '127.0.0.1',
    GATEHOUSE_LOG_LEVEL: 'warn',
    GATEHOUSE_DATABASE_WAIT_SECONDS: '60',
    GATEHOUSE_KEY_ENCRYPTION_KEY: keyEncryptionKey,
    GATEHOUSE_ADMIN_ACCESS_KEY_ID: ADMIN_KEY.accessKeyId,
    GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: ADMIN_KEY.secretAccessKey,
    GATEHOUSE_PUBLIC_URL: publicUrl,
  };
}

export function startGatehouse({ dataDir, port, cpu }) {
  return startProcess({
    command: process.execPath,
    args: [join(REPO, 'dist/cli/index.js'), 'serve'],
    env: gatehouseEnv(dataDir, port),
    cwd: REPO,
    cpu,
    healthUrl: `http://127.0.0.1:${port}/health`,
  });
}

export async function createPoolAndClient(url, key) {
  const { UserPool } = await call(url, 'CreateUserPool', { PoolName: 'bench' }, key);
  const { UserPoolClient } = await call(url, 'CreateUserPoolClient', {
    UserPoolId: UserPool.Id, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'],
  }, key);
  return { poolId: UserPool.Id, clientId: UserPoolClient.ClientId };
}

/** The one argon2id hash (the server's defaults: 19 MiB, t=2, p=1) of BENCH_PASSWORD that every seeded user gets. */
export function benchPasswordHash() {
  return hash(BENCH_PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

/** Seeds a fresh Gatehouse data folder; returns { poolId, clientId, users, seedMs }. Reuses a folder already seeded with as many users. */
export async function seedGatehouse({ dataDir, users, port = 19230 }) {
  const statePath = join(dataDir, 'bench-state.json');
  if (existsSync(statePath)) {
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    if (state.users === users) return state;
    throw new Error(`${dataDir} is seeded with ${state.users} users, not ${users}: use another folder`);
  }
  const started = performance.now();
  const server = await startGatehouse({ dataDir, port });
  let ids;
  try {
    ids = await createPoolAndClient(`http://127.0.0.1:${port}`, ADMIN_KEY);
  } finally {
    await stopProcess(server);
  }
  const passwordHash = await benchPasswordHash();

  const db = new Database(join(dataDir, 'gatehouse.sqlite3'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576'); // 1 GiB of page cache: random-key index inserts stay in memory
  const insert = db.prepare(`INSERT INTO users (sub, pool_id, username, username_key, status, enabled, password_hash, srp_sealed,
    email, email_key, phone_number, name, given_name, family_name, preferred_username, attributes, mfa,
    failed_attempts, last_failed_at, locked_until, password_expires_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, 'CONFIRMED', 1, ?, NULL, ?, ?, NULL, NULL, NULL, NULL, NULL, ?, '{}', 0, NULL, NULL, NULL, ?, ?)`);
  const now = Date.now();
  const insertAll = db.transaction(() => {
    for (let i = 0; i < users; i++) {
      const name = username(i);
      const mail = email(i);
      insert.run(randomUUID(), ids.poolId, name, name, passwordHash, mail, mail.toLowerCase(), `{"email":"${mail}","email_verified":"true"}`, now, now);
    }
  });
  insertAll();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const state = { ...ids, users, seedMs: Math.round(performance.now() - started) };
  writeFileSync(statePath, JSON.stringify(state));
  return state;
}

/** Seeds a running cognito-local through its API. */
export async function seedCognitoLocal({ url, users, concurrency = 8 }) {
  const started = performance.now();
  const ids = await createPoolAndClient(url, undefined);
  await pool(Array.from({ length: users }, (_, i) => i), concurrency, async (i) => {
    await call(url, 'SignUp', {
      ClientId: ids.clientId, Username: username(i), Password: BENCH_PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email(i) }],
    });
    await call(url, 'AdminConfirmSignUp', { UserPoolId: ids.poolId, Username: username(i) });
  });
  return { ...ids, users, seedMs: Math.round(performance.now() - started) };
}

/**
 * One user as cognito-local 5.3.0 stores it after SignUp + AdminConfirmSignUp (its
 * .cognito/db/<poolId>.json, key order included): the password in clear (it does not hash), dates
 * as ISO strings (its StormDB serializer writes every `…Date` member so and revives them on load),
 * the sign-up's confirmation code left behind, no email_verified attribute.
 */
export function cognitoLocalUser(i, now = Date.now()) {
  return {
    Attributes: [{ Name: 'sub', Value: randomUUID() }, { Name: 'email', Value: email(i) }],
    Enabled: true,
    Password: BENCH_PASSWORD,
    RefreshTokens: [],
    UserCreateDate: new Date(now).toISOString(),
    UserLastModifiedDate: new Date(now + 5).toISOString(),
    Username: username(i),
    UserStatus: 'CONFIRMED',
    ConfirmationCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
  };
}

/** cognito-local keeps a pool in one JSON string: V8's string limit (~512 MB) caps it near 800,000 of these users. */
export const COGNITO_LOCAL_FILE_MAX_USERS = 500_000;

/**
 * Seeds cognito-local by writing its pool file. `start()` starts it (in `cwd`) and resolves to the
 * process; the pool and client are created through its API, it is stopped, the users are written
 * into `<cwd>/.cognito/db/<poolId>.json` (pretty-printed as it writes it), and it is started again.
 * Returns { state, server }: the server is running on the seeded file.
 */
export async function seedCognitoLocalFile({ url, users, cwd, start }) {
  if (users > COGNITO_LOCAL_FILE_MAX_USERS) throw new Error(`cognito-local: at most ${COGNITO_LOCAL_FILE_MAX_USERS} users (its pool is one JSON string)`);
  const started = performance.now();
  let server = await start();
  let ids;
  try {
    ids = await createPoolAndClient(url, undefined);
  } finally {
    await stopProcess(server);
  }
  const file = join(cwd, '.cognito', 'db', `${ids.poolId}.json`);
  const db = JSON.parse(readFileSync(file, 'utf8'));
  if (!db.Users || !db.Options) throw new Error(`${file}: not a cognito-local pool file (no Users / Options)`);
  const now = Date.now();
  db.Users = {};
  for (let i = 0; i < users; i++) db.Users[username(i)] = cognitoLocalUser(i, now);
  writeFileSync(file, JSON.stringify(db, null, 2));
  server = await start();
  return { state: { ...ids, users, seedMs: Math.round(performance.now() - started) }, server };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, users: { type: 'string', default: '1000' } } });
  if (!values.data) throw new Error('--data DIR is required');
  const state = await seedGatehouse({ dataDir: values.data, users: Number(values.users) });
  console.log(JSON.stringify(state));
}
