// The benchmark runner: seeds, starts the server pinned to core 0, measures startup (spawn → /health
// 200) and RSS, runs every scenario `runs` times (after a short warm-up) from this process — start
// it pinned to core 1 (bench/run.sh does) — and prints a markdown table of medians.
//
//   node bench/run.mjs --target gatehouse --users 1000 [--data DIR] [--runs 3] [--duration 10]
//   node bench/run.mjs --target cognito-local --cognito-local /tmp/cognito-local/node_modules/cognito-local
//     [--cognito-local-seed file|api]  (file: users written into its pool file while it is stopped; api: SignUp + AdminConfirmSignUp)
//   [--scenarios getuser,admin-get,...] [--out results.json] [--keep]  (keep: leave the data folder)
//   [--timeout 30]  (seconds per request: slower answers count as timeouts; every run ends with its duration)
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { call, median, processStats, startProcess, stopProcess } from './lib.mjs';
import { seedCognitoLocal, seedCognitoLocalFile, seedGatehouse, startGatehouse } from './seed.mjs';
import { SCENARIOS, probe, run, scenario, signInSome } from './load.mjs';
import { hashShare, project } from './project.mjs';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'gatehouse' },
    users: { type: 'string', default: '1000' },
    data: { type: 'string' },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    scenarios: { type: 'string' },
    port: { type: 'string', default: '19229' },
    'cognito-local': { type: 'string' },
    'cognito-local-seed': { type: 'string', default: 'file' },
    timeout: { type: 'string', default: '30' },
    'server-cpu': { type: 'string', default: '0' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
  },
});

const users = Number(values.users);
const runs = Math.min(Number(values.runs), 10);
const duration = Math.min(Number(values.duration), 60);
const connections = Number(values.connections);
// Per request, seconds: a server that slows down (cognito-local at 100,000 users) shows up as
// timeouts and a long p99, never as a run that does not end.
const timeout = Math.min(Math.max(Number(values.timeout), 1), 120);
const port = Number(values.port);
const url = `http://127.0.0.1:${port}`;
const cpu = Number(values['server-cpu']);
const target = values.target;
const defaults = target === 'cognito-local'
  ? ['getuser', 'admin-get', 'list-filter', 'refresh', 'login', 'signup']
  : ['getuser', 'admin-get', 'list-filter', 'refresh', 'login', 'signup', 'mix', 'srp'];
const requested = values.scenarios ? values.scenarios.split(',') : defaults;
for (const s of requested) if (!SCENARIOS.includes(s) && s !== 'srp') throw new Error(`unknown scenario ${s}`);
// srp (two-step USER_SRP_AUTH sign-ins, Gatehouse only) is bench/srp.mjs, run with tsx after the others.
const withSrp = requested.includes('srp') && target === 'gatehouse';
const scenarios = requested.filter((s) => s !== 'srp');

/** Reads the SQLite files in dataDir once, in 8 MiB chunks; returns the MB read. */
function warmPageCache(dir) {
  const buffer = Buffer.alloc(8 << 20);
  let bytes = 0;
  for (const name of readdirSync(dir).filter((n) => n.startsWith('gatehouse.sqlite3'))) {
    const fd = openSync(join(dir, name), 'r');
    try {
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) bytes += n;
    } finally {
      closeSync(fd);
    }
  }
  return bytes / 1e6;
}

const log = (...args) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);
const dataDir = values.data ?? join(tmpdir(), `bench-${target}-${users}`);
mkdirSync(dataDir, { recursive: true });

let server;
let state;
const startup = [];
try {
  if (target === 'gatehouse') {
    log(`seeding ${users} users in ${dataDir}`);
    state = await seedGatehouse({ dataDir, users });
    log(`seeded: ${JSON.stringify(state)}`);
    // Startup, three times: spawn → GET /health 200; RSS right after.
    for (let i = 0; i < 3; i++) {
      server = await startGatehouse({ dataDir, port, cpu });
      startup.push({ ms: server.startupMs, rssMb: processStats(server.pid).rssMb });
      if (i < 2) await stopProcess(server);
    }
  } else if (target === 'cognito-local') {
    const path = values['cognito-local'];
    if (!path) throw new Error('--cognito-local PATH (the installed cognito-local package folder) is required');
    const cwd = mkdtempSync(join(dataDir, 'run-'));
    // cognito-local's pools default to UsernameAttributes ["email"]; ours are plain usernames, as in Cognito.
    mkdirSync(join(cwd, '.cognito'), { recursive: true });
    writeFileSync(join(cwd, '.cognito', 'config.json'), JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));
    const start = () =>
      startProcess({ command: process.execPath, args: [join(path, 'lib/bin/start.js')], env: { PORT: String(port), HOST: '127.0.0.1' }, cwd, cpu, healthUrl: `${url}/`, anyStatus: true });
    if (values['cognito-local-seed'] === 'api') {
      server = await start();
      startup.push({ ms: server.startupMs, rssMb: processStats(server.pid).rssMb });
      log(`seeding ${users} users through the cognito-local API`);
      state = await seedCognitoLocal({ url, users });
    } else {
      log(`seeding ${users} users into cognito-local's pool file (pool and client through its API)`);
      ({ state, server } = await seedCognitoLocalFile({ url, users, cwd, start }));
      // Startup on the seeded file, three times, as for Gatehouse. cognito-local reads a pool's file
      // when a request first names the pool: the first AdminGetUser's answer is timed too.
      for (let i = 0; i < 3; i++) {
        if (i > 0) {
          await stopProcess(server);
          server = await start();
        }
        const firstPool = performance.now();
        await call(url, 'AdminGetUser', { UserPoolId: state.poolId, Username: 'user0' });
        startup.push({ ms: server.startupMs, rssMb: processStats(server.pid).rssMb, firstPoolMs: server.startupMs + performance.now() - firstPool });
      }
    }
    log(`seeded: ${JSON.stringify(state)}`);
  } else {
    throw new Error(`unknown target ${target}`);
  }

  // A long-running server's database file sits in the OS page cache (its own cache is 32 MiB); this
  // VM's memory manager evicts idle file pages, so read it once, as such a server would have done
  // by then: the 1M scenarios then measure the server, not this disk. The server's RSS is unchanged
  // (the page cache is not in it).
  if (target === 'gatehouse') {
    const started = performance.now();
    const mb = warmPageCache(dataDir);
    log(`read ${mb.toFixed(0)} MB of database files into the OS page cache in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  // The same session's ceilings: a Fastify hello-world on the server's core, and RS256 per CPU second.
  let baseline;
  if (!values['no-baseline']) {
    const hello = await startProcess({
      command: process.execPath, args: [new URL('./baseline.mjs', import.meta.url).pathname, 'serve', String(port + 1)],
      cpu, healthUrl: `http://127.0.0.1:${port + 1}/health`,
    });
    try {
      const build = () => ({ headers: { 'content-type': 'application/json' }, body: '{}' });
      await run({ url: `http://127.0.0.1:${port + 1}`, build, duration: Number(values.warmup), connections, pid: hello.pid });
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await run({ url: `http://127.0.0.1:${port + 1}`, build, duration, connections, pid: hello.pid }));
      baseline = { rps: median(samples.map((s) => s.rps)), cpuMsPerRequest: median(samples.map((s) => s.cpuMsPerRequest)) };
    } finally {
      await stopProcess(hello);
    }
    const crypto = JSON.parse(execFileSync('taskset', ['-c', String(cpu), process.execPath, new URL('./baseline.mjs', import.meta.url).pathname, 'crypto'], { encoding: 'utf8' }));
    Object.assign(baseline, crypto);
    log(`baseline: ${JSON.stringify(baseline)}`);
  }

  const ctx = { url, poolId: state.poolId, clientId: state.clientId, users };
  if (scenarios.some((s) => ['getuser', 'refresh', 'mix'].includes(s))) ctx.tokens = await signInSome(ctx);

  // The mix leaves ListUsers out where the server does not have it (yet).
  ctx.listUsers = await probe(url, scenario('list-filter', ctx)).then(() => true, () => false);

  const results = {};
  for (const name of scenarios) {
    const build = scenario(name, ctx);
    try {
      await probe(url, build);
    } catch (error) {
      log(`${name}: not supported (${error.message.slice(0, 200)})`);
      results[name] = { unsupported: error.message.slice(0, 200) };
      continue;
    }
    await run({ url, build, duration: Number(values.warmup), connections, timeout, pid: server.pid });
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const r = await run({ url, build, duration, connections, pid: server.pid, timeout });
      log(`${name} #${i + 1}: ${r.rps.toFixed(0)} req/s p50 ${r.p50} ms p99 ${r.p99} ms errors ${r.errors} (timeouts ${r.timeouts}) non-2xx ${r.non2xx} cpu ${r.cpuMsPerRequest.toFixed(3)} ms/req rss ${r.rssMb.toFixed(0)} MB generator ${(r.generatorCpuShare * 100).toFixed(0)} % of a core`);
      samples.push(r);
    }
    const m = (key) => median(samples.map((s) => s[key]));
    results[name] = {
      rps: m('rps'), p50: m('p50'), p99: m('p99'), errors: samples.reduce((a, s) => a + s.errors, 0), timeouts: samples.reduce((a, s) => a + s.timeouts, 0),
      non2xx: samples.reduce((a, s) => a + s.non2xx, 0), cpuMsPerRequest: m('cpuMsPerRequest'), rssMb: m('rssMb'), samples,
    };
  }
  let srpLine;
  if (withSrp) {
    log('srp: complete USER_SRP_AUTH sign-ins (bench/srp.mjs)');
    srpLine = execFileSync('npx', ['tsx', new URL('./srp.mjs', import.meta.url).pathname, '--url', url, '--pool-id', state.poolId,
      '--client-id', state.clientId, '--users', '64', '--pid', String(server.pid), '--runs', String(runs), '--duration', String(duration)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  }
  // The srp line's CPU per sign-in, projected like the other scenarios.
  const srpCpu = Number(/server CPU ([0-9.]+) ms/.exec(srpLine ?? '')?.[1]);
  const srpProjection = srpLine ? project('srp', srpCpu, baseline) : undefined;
  const final = processStats(server.pid);
  const summary = {
    target, users, runs, duration, connections, date: new Date().toISOString(),
    startupMs: median(startup.map((s) => s.ms)), startupRssMb: median(startup.map((s) => s.rssMb)), firstPoolMs: median(startup.map((s) => s.firstPoolMs)),
    finalRssMb: final.rssMb, peakRssMb: final.peakRssMb, seedMs: state.seedMs, baseline, results, srp: srpLine, srpProjection,
  };

  const fmt = (v, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
  const lines = [
    `### ${target}, ${users.toLocaleString('en')} users — medians of ${runs} × ${duration} s, ${connections} connections`,
    '',
    '| scenario | req/s | p50 ms | p99 ms | errors + non-2xx (timeouts) | server CPU ms/req | server RSS MB | CPU ÷ hello-world | req/s projected on the targets\' machine |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(results).map(([name, r]) =>
      r.unsupported
        ? `| ${name} | unsupported | | | | | | | |`
        : `| ${name} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.errors + r.non2xx}${r.timeouts ? ` (${r.timeouts})` : ''} | ${fmt(r.cpuMsPerRequest, 3)} | ${fmt(r.rssMb)} | ${
          baseline ? fmt(r.cpuMsPerRequest / baseline.cpuMsPerRequest, 1) : '—'} | ${fmt(project(name, r.cpuMsPerRequest, baseline)?.perSecond)} |`),
    '',
    ...(baseline
      ? [`baseline, same session and core: Fastify hello-world ${fmt(baseline.rps)} req/s at ${fmt(baseline.cpuMsPerRequest, 3)} ms CPU/req; RS256 sign ${baseline.signPerCpuSecond}/s, verify ${baseline.verifyPerCpuSecond}/s, argon2id hash (19 MiB, t=2) ${baseline.argon2PerCpuSecond}/s, 3072-bit modexp (256-bit exponent) ${baseline.modexpPerCpuSecond}/s per CPU second${
          ['login', 'signup'].filter((n) => results[n]?.cpuMsPerRequest).map((n) => `; ${n} CPU = ${fmt(100 * hashShare(results[n].cpuMsPerRequest, baseline).share)} % hash alone`).join('')}`, '']
      : []),
    ...(srpLine ? ['| srp scenario | sign-ins/s | p50 | p99 | failed | server CPU | GetUser beside it |', '| --- | ---: | ---: | ---: | ---: | ---: | --- |', srpLine, ''] : []),
    ...(srpProjection ? [`srp projected on the targets' machine: ${fmt(srpProjection.perSecond)} sign-ins/s (${fmt(srpProjection.restMsHere, 2)} ms of the CPU here is neither exponentiation nor signature)`, ''] : []),
    `startup (spawn → /health 200, median of ${startup.length}): ${fmt(summary.startupMs)} ms${Number.isFinite(summary.firstPoolMs) ? ` (first AdminGetUser answered ${fmt(summary.firstPoolMs)} ms after spawn: the pool file is read then)` : ''}; RSS after start ${fmt(summary.startupRssMb)} MB, after the runs ${fmt(final.rssMb)} MB (peak ${fmt(final.peakRssMb)} MB); seeding ${fmt(state.seedMs / 1000, 1)} s`,
  ];
  console.log(lines.join('\n'));
  if (values.out) writeFileSync(values.out, `${JSON.stringify(summary, null, 2)}\n`);
} finally {
  await stopProcess(server);
  if (!values.keep && !values.data) rmSync(dataDir, { recursive: true, force: true });
}
