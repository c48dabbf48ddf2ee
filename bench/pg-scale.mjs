// Gatehouse on PostgreSQL: one process against two (or more) sharing one database, under the same
// scenarios, the load split evenly over the processes (one autocannon per process, the connections
// divided between them). Per scenario and process count: total requests/s, each process's CPU per
// request it answered, PostgreSQL's CPU per request (the whole cluster, from /proc), and the load
// generator's own CPU (is it the bottleneck?).
//
// The processes share what the README's "PostgreSQL and several processes" asks: one
// GATEHOUSE_KEY_ENCRYPTION_KEY, one admin key pair, one GATEHOUSE_PUBLIC_URL. PostgreSQL is a private
// cluster (bench/postgres.mjs). The pool and client are created through the API; the users are
// inserted in one statement (generate_series) with the columns of src/store/kysely/users.ts and one
// argon2id hash of the bench password (as bench/seed.mjs does for SQLite). Every scenario's tokens
// come from 32 sign-ins through the first process: the processes accept each other's tokens.
//
// Pinning (2 cores): by default every Gatehouse process and PostgreSQL on core 0, this script (the
// load generator) started on core 1. Then the servers together have one core whatever their number:
// the run shows what a second process costs or saves on the same CPU and how the CPU per request
// splits between Gatehouse and PostgreSQL — the figures that say how throughput would scale with
// cores — not the scaling itself, which needs a core per process plus PostgreSQL's and the load
// generator's. `--gatehouse-cpus 0,1 --pg-cpu none` spreads the processes over both cores (sharing
// them with PostgreSQL and the load generator).
//
//   taskset -c 1 node bench/pg-scale.mjs [--users 100000] [--processes 1,2] [--scenarios getuser,admin-get,refresh]
//     [--runs 3] [--duration 10] [--warmup 5] [--connections 16] [--timeout 30]
//     [--gatehouse-cpus 0] [--pg-cpu 0|none] [--pg-bin DIR] [--out FILE.json]
// Everything listens on 127.0.0.1; every run ends with its duration, every wait has a bound.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { bounded, median, processStats, startProcess, stopProcess, waitUntilIdle } from './lib.mjs';
import { SCENARIOS, probe, run, scenario, signInSome } from './load.mjs';
import { freePort, postgresCpuMs, startPostgres } from './postgres.mjs';
import { ADMIN_KEY, REPO, benchPasswordHash, createPoolAndClient, sharedDatabaseEnv } from './seed.mjs';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    processes: { type: 'string', default: '1,2' },
    scenarios: { type: 'string', default: 'getuser,admin-get,refresh' },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    timeout: { type: 'string', default: '30' },
    'gatehouse-cpus': { type: 'string', default: '0' },
    'pg-cpu': { type: 'string', default: '0' },
    'pg-bin': { type: 'string' },
    out: { type: 'string' },
  },
});
const integer = (name, value, min, max) => bounded(name, value, min, max, { integer: true });
const users = integer('users', values.users, 32, 10_000_000);
const processCounts = values.processes.split(',').map((n) => integer('processes', n, 1, 8));
const scenarios = values.scenarios.split(',');
for (const s of scenarios) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s} (known: ${SCENARIOS.join(', ')})`);
const runs = integer('runs', values.runs, 1, 10);
const duration = integer('duration', values.duration, 1, 60);
const warmup = integer('warmup', values.warmup, 0, 60);
const connections = integer('connections', values.connections, 1, 256);
const timeout = integer('timeout', values.timeout, 1, 120);
const gatehouseCpus = values['gatehouse-cpus'] === 'none' ? [] : values['gatehouse-cpus'].split(',').map((c) => integer('gatehouse-cpus', c, 0, 1023));
const pgCpu = values['pg-cpu'] === 'none' ? undefined : integer('pg-cpu', values['pg-cpu'], 0, 1023);
const maxProcesses = Math.max(...processCounts);
for (const n of processCounts) if (connections % n) throw new Error(`--connections ${connections} does not split evenly over ${n} processes`);

const log = (...args) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

/** The users, straight into PostgreSQL: the columns users.insert writes, one hash for all. */
async function seedUsers(databaseUrl, poolId) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const now = Date.now();
    await client.query(
      `INSERT INTO users (sub, pool_id, username, username_key, status, enabled, password_hash, srp_sealed,
        email, email_key, phone_number, name, given_name, family_name, preferred_username, attributes, mfa,
        failed_attempts, last_failed_at, locked_until, password_expires_at, created_at, updated_at)
      SELECT gen_random_uuid()::text, $1, 'user' || i, 'user' || i, 'CONFIRMED', 1, $2, NULL,
        'user' || i || '@example.com', 'user' || i || '@example.com', NULL, NULL, NULL, NULL, NULL,
        '{"email":"user' || i || '@example.com","email_verified":"true"}', '{}', 0, NULL, NULL, NULL, $3, $3
      FROM generate_series(0, $4 - 1) AS i`,
      [poolId, await benchPasswordHash(), now, users],
    );
    await client.query('ANALYZE users');
  } finally {
    await client.end();
  }
}

async function main() {
  const { currentBuild } = await import(pathToFileURL(join(REPO, 'scripts', 'checkout-build.mjs')).href);
  const build = await currentBuild();
  log(`PostgreSQL: a private cluster on 127.0.0.1${pgCpu === undefined ? '' : `, pinned to core ${pgCpu}`}`);
  const postgres = await startPostgres({ pgBin: values['pg-bin'], prefix: 'gatehouse-pg-scale-', cpu: pgCpu });
  const ports = [];
  for (let i = 0; i < maxProcesses; i++) ports.push(await freePort());
  const dataDirs = ports.map((_, i) => mkdtempSync(join(tmpdir(), `gatehouse-pg-scale-${i}-`)));
  // Behind one load balancer: one public URL, hence one token issuer.
  const env = sharedDatabaseEnv({ databaseUrl: postgres.url, keyEncryptionKey: randomBytes(32).toString('base64'), publicUrl: 'http://gatehouse.bench' });
  const startOne = (i) => startProcess({
    command: process.execPath,
    args: [join(build, 'index.js'), 'serve'],
    env: { ...env, GATEHOUSE_DATA_DIR: dataDirs[i], GATEHOUSE_PORT: String(ports[i]) },
    cwd: REPO,
    cpu: gatehouseCpus.length ? gatehouseCpus[i % gatehouseCpus.length] : undefined,
    healthUrl: `http://127.0.0.1:${ports[i]}/health`,
    timeoutMs: 90_000,
  });
  let servers = [];
  const stopAll = async () => {
    await Promise.all(servers.map((s) => stopProcess(s)));
    servers = [];
  };
  const results = [];
  try {
    // Seeding: one process runs the migrations and creates the pool and client.
    const seedStarted = performance.now();
    servers = [await startOne(0)];
    const ids = await createPoolAndClient(`http://127.0.0.1:${ports[0]}`, ADMIN_KEY);
    await seedUsers(postgres.url, ids.poolId);
    log(`seeded ${users} users in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s: ${JSON.stringify(ids)}`);
    const tokens = scenarios.some((s) => ['getuser', 'refresh', 'mix'].includes(s))
      ? await signInSome({ url: `http://127.0.0.1:${ports[0]}`, clientId: ids.clientId, users })
      : undefined;
    await stopAll();

    const postmaster = postgres.postmasterPid();
    for (const n of processCounts) {
      // Started together, fresh for each count: the migrations serialise between them.
      servers = await Promise.all(Array.from({ length: n }, (_, i) => startOne(i)));
      const serversCpuMs = () => servers.reduce((sum, s) => sum + processStats(s.pid).cpuMs, 0) + postgresCpuMs(postmaster);
      try {
        for (const name of scenarios) {
          const builds = servers.map((_, i) => scenario(name, { url: `http://127.0.0.1:${ports[i]}`, ...ids, users, tokens }));
          for (let i = 0; i < n; i++) await probe(`http://127.0.0.1:${ports[i]}`, builds[i]);
          const once = async (seconds) => {
            const before = servers.map((s) => processStats(s.pid).cpuMs);
            const pgBefore = postgresCpuMs(postmaster);
            const self = process.cpuUsage();
            const started = performance.now();
            const parts = await Promise.all(servers.map((_, i) =>
              run({ url: `http://127.0.0.1:${ports[i]}`, build: builds[i], duration: seconds, connections: connections / n, timeout })));
            const wallMs = performance.now() - started;
            const selfCpu = process.cpuUsage(self);
            // The requests still out at the deadline are finished by the servers: wait for that (bounded).
            const settled = await waitUntilIdle(serversCpuMs, { idleMs: 20 });
            const after = servers.map((s) => processStats(s.pid).cpuMs);
            const pgMs = postgresCpuMs(postmaster) - pgBefore;
            const sent = parts.reduce((a, p) => a + p.sent, 0);
            const perProcess = parts.map((p, i) => ({ rps: p.rps, p99: p.p99, sent: p.sent, cpuMsPerRequest: (after[i] - before[i]) / p.sent }));
            const gatehouseMs = after.reduce((a, v, i) => a + v - before[i], 0);
            return {
              rps: parts.reduce((a, p) => a + p.rps, 0),
              p50: Math.max(...parts.map((p) => p.p50)),
              p99: Math.max(...parts.map((p) => p.p99)),
              errors: parts.reduce((a, p) => a + p.errors + p.non2xx, 0),
              timeouts: parts.reduce((a, p) => a + p.timeouts, 0),
              perProcess,
              gatehouseCpuMsPerRequest: gatehouseMs / sent,
              postgresCpuMsPerRequest: pgMs / sent,
              // Cores kept busy during the run (servers and PostgreSQL, their CPU over the wall time).
              serverCores: (gatehouseMs + pgMs) / wallMs,
              loadGeneratorBusy: (selfCpu.user + selfCpu.system) / 1000 / wallMs,
              settled,
            };
          };
          if (warmup) await once(warmup);
          const samples = [];
          for (let r = 0; r < runs; r++) {
            const s = await once(duration);
            log(`${n} process(es), ${name} #${r + 1}: ${s.rps.toFixed(0)} req/s p99 ${s.p99} ms errors ${s.errors} (timeouts ${s.timeouts}); CPU ms/req Gatehouse ${s.perProcess.map((p) => p.cpuMsPerRequest.toFixed(3)).join(' + ')}, PostgreSQL ${s.postgresCpuMsPerRequest.toFixed(3)}; load generator ${(100 * s.loadGeneratorBusy).toFixed(0)} % busy${s.settled ? '' : '; NOT IDLE after 60 s'}`);
            samples.push(s);
          }
          const m = (fn) => median(samples.map(fn));
          results.push({
            processes: n, scenario: name,
            rps: m((s) => s.rps), p50: m((s) => s.p50), p99: m((s) => s.p99),
            errors: samples.reduce((a, s) => a + s.errors, 0), timeouts: samples.reduce((a, s) => a + s.timeouts, 0),
            perProcessCpuMsPerRequest: servers.map((_, i) => m((s) => s.perProcess[i].cpuMsPerRequest)),
            perProcessRps: servers.map((_, i) => m((s) => s.perProcess[i].rps)),
            gatehouseCpuMsPerRequest: m((s) => s.gatehouseCpuMsPerRequest),
            postgresCpuMsPerRequest: m((s) => s.postgresCpuMsPerRequest),
            serverCores: m((s) => s.serverCores),
            loadGeneratorBusy: m((s) => s.loadGeneratorBusy),
            samples,
          });
        }
      } finally {
        await stopAll();
      }
    }
  } finally {
    await stopAll();
    try {
      await postgres.remove();
    } catch (error) {
      log(`PostgreSQL stop: ${error.message}`);
    }
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }

  const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  const layout = `Gatehouse on core${gatehouseCpus.length > 1 ? 's' : ''} ${gatehouseCpus.length ? gatehouseCpus.join(', ') : 'any'} (process i on the i-th, round robin), PostgreSQL on ${pgCpu === undefined ? 'any core' : `core ${pgCpu}`}`;
  const lines = [
    `### Gatehouse on PostgreSQL, ${users.toLocaleString('en')} users — medians of ${runs} × ${duration} s, ${connections} connections split over the processes`,
    '',
    `${layout}; ${new Date().toISOString()}`,
    '',
    '| scenario | processes | req/s (total) | req/s per process | p99 ms (worst process) | errors + non-2xx (timeouts) | Gatehouse CPU ms/req, each process | Gatehouse CPU ms/req, all | PostgreSQL CPU ms/req | cores busy (servers + PostgreSQL) | load generator busy |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.scenario} | ${r.processes} | ${fmt(r.rps)} | ${r.perProcessRps.map((v) => fmt(v)).join(' / ')} | ${fmt(r.p99)} | ${r.errors}${r.timeouts ? ` (${r.timeouts})` : ''} | ${
      r.perProcessCpuMsPerRequest.map((v) => fmt(v, 3)).join(' / ')} | ${fmt(r.gatehouseCpuMsPerRequest, 3)} | ${fmt(r.postgresCpuMsPerRequest, 3)} | ${fmt(r.serverCores, 2)} | ${fmt(100 * r.loadGeneratorBusy)} % |`),
    '',
  ];
  // Scaling: each count against the first, per scenario.
  const first = processCounts[0];
  for (const name of scenarios) {
    const base = results.find((r) => r.scenario === name && r.processes === first);
    for (const r of results.filter((x) => x.scenario === name && x.processes !== first)) {
      lines.push(`${name}: ${r.processes} processes ÷ ${first}: req/s ${fmt(r.rps / base.rps, 2)}×, Gatehouse CPU per request ${fmt(r.gatehouseCpuMsPerRequest / base.gatehouseCpuMsPerRequest, 2)}×, PostgreSQL CPU per request ${fmt(r.postgresCpuMsPerRequest / base.postgresCpuMsPerRequest, 2)}×; one core of PostgreSQL would carry ≈ ${fmt(1000 / r.postgresCpuMsPerRequest)} req/s, one core of Gatehouse ≈ ${fmt(1000 / r.gatehouseCpuMsPerRequest)}`);
    }
  }
  console.log(lines.join('\n'));
  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify({ users, runs, duration, connections, gatehouseCpus, pgCpu: pgCpu ?? null, date: new Date().toISOString(), results }, null, 2)}\n`);
  }
}

await main();
