// What Lambda triggers cost a sign-in, and whether a slow one holds the server up:
// 1. latency: the same operation on three pools — no trigger, a no-op module trigger, a no-op
//    loopback webhook trigger — one request at a time, interleaved (none, module, webhook, none, …)
//    so that drift hits the three alike; p50 and p99 per run, medians of the runs;
// 2. stall: GetUser latency sampled every 10 ms alone, then while `--concurrency` (100) sign-ins
//    each wait on a slow (`--slow-ms`, 1 s) module trigger; only the samples taken while all of
//    them wait on it (from 100 ms after the wave is sent — 300 ms for PreTokenGeneration, which runs
//    after the password hash — to the first answer); run it with --cheap-hash, or the hundred
//    hashes' CPU is what GetUser meets;
// 3. memory: the server's RSS just before each wave and while the wave waits on the trigger.
// The trigger is `--trigger` (LambdaConfig member): PreTokenGeneration (the default) and
// PreAuthentication measure InitiateAuth USER_PASSWORD_AUTH of users created first; PreSignUp measures SignUp.
// Usage: npm run build; taskset -c 1 node bench/triggers.mjs [--trigger PreTokenGeneration] [--requests 300] [--runs 3]
//          [--concurrency 100] [--waves 5] [--slow-ms 1000] [--port 19240] [--cheap-hash]
// The server runs the build (dist/cli) pinned to core 0; every loop is bounded by the counts above.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, median, processStats, startProcess, stopProcess } from './lib.mjs';
import { ADMIN_KEY, BENCH_PASSWORD, REPO, gatehouseEnv } from './seed.mjs';

const { values } = parseArgs({
  options: {
    trigger: { type: 'string', default: 'PreTokenGeneration' },
    requests: { type: 'string', default: '300' },
    runs: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '100' },
    waves: { type: 'string', default: '5' },
    'slow-ms': { type: 'string', default: '1000' },
    port: { type: 'string', default: '19240' },
    // argon2id at 1 MiB, t=1: the hash no longer hides the trigger's own cost in its variance.
    'cheap-hash': { type: 'boolean', default: false },
  },
});
const TRIGGERS = ['PreSignUp', 'PreAuthentication', 'PreTokenGeneration'];
const trigger = values.trigger;
if (!TRIGGERS.includes(trigger)) throw new Error(`--trigger must be one of ${TRIGGERS.join(', ')}`);
const requests = Math.min(Number(values.requests), 2000);
const runs = Math.min(Number(values.runs), 10);
const concurrency = Math.min(Number(values.concurrency), 500);
const waves = Math.min(Number(values.waves), 20);
const slowMs = Math.min(Number(values['slow-ms']), 4000);
const port = Number(values.port);
const windowStartMs = trigger === 'PreTokenGeneration' ? 300 : 100;
const url = `http://127.0.0.1:${port}`;
const log = (message) => process.stderr.write(`[triggers] ${message}\n`);

// The functions: no-op and slow modules, and a no-op webhook served here (it answers the event it is given).
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-triggers-'));
writeFileSync(join(dir, 'noop.mjs'), 'export const handler = async (event) => event;\n');
writeFileSync(join(dir, 'slow.mjs'), `export const handler = async (event) => { await new Promise((r) => setTimeout(r, ${slowMs})); return event; };\n`);
// The webhook's receiver is a process of its own (on the load generator's core), as a webhook service would be.
const RECEIVER = `
const server = require('node:http').createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => { response.writeHead(200, { 'content-type': 'application/json' }); response.end(Buffer.concat(chunks)); });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
const receiver = spawn('taskset', ['-c', '1', process.execPath, '-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const receiverPort = await new Promise((resolve, reject) => {
  receiver.stdout.once('data', (data) => resolve(Number(String(data).trim())));
  receiver.once('exit', (code) => reject(new Error(`the webhook receiver exited (${code})`)));
});
const webhookUrl = `http://127.0.0.1:${receiverPort}/noop`;

const server = await startProcess({
  command: process.execPath,
  args: [join(REPO, 'dist/cli/index.js'), 'serve'],
  env: {
    ...gatehouseEnv(join(dir, 'data'), port),
    GATEHOUSE_TRIGGERS: `noop=${join(dir, 'noop.mjs')}#handler,slow=${join(dir, 'slow.mjs')}#handler,hook=${webhookUrl}`,
    GATEHOUSE_TRIGGER_WEBHOOK_SECRET: 'bench-webhook-secret-0123456789',
    // One load generator is one source: let its hundred sign-ins queue for the hash instead of being refused.
    GATEHOUSE_MAX_QUEUED_PASSWORD_HASHES: '1000',
    GATEHOUSE_MAX_QUEUED_PASSWORD_HASHES_PER_SOURCE: '1000',
    ...(values['cheap-hash'] && { GATEHOUSE_ARGON2_MEMORY_KIB: '1024', GATEHOUSE_ARGON2_ITERATIONS: '1' }),
  },
  cwd: REPO,
  cpu: 0,
  healthUrl: `${url}/health`,
});

const arn = (name) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const signInUsers = 16;

/** A pool with `fn` as its trigger (none when undefined), a client, and (for sign-in triggers) users to sign in. */
async function setUp(label, fn) {
  const LambdaConfig = fn ? { [trigger]: arn(fn) } : {};
  const { UserPool } = await call(url, 'CreateUserPool', { PoolName: `bench-${label}`, LambdaConfig }, ADMIN_KEY);
  const { UserPoolClient } = await call(url, 'CreateUserPoolClient', {
    UserPoolId: UserPool.Id, ClientName: label, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }, ADMIN_KEY);
  const users = trigger === 'PreSignUp' ? 1 : signInUsers;
  for (let i = 0; i < users; i++) {
    await call(url, 'AdminCreateUser', { UserPoolId: UserPool.Id, Username: `user${i}`, MessageAction: 'SUPPRESS' }, ADMIN_KEY);
    await call(url, 'AdminSetUserPassword', { UserPoolId: UserPool.Id, Username: `user${i}`, Password: BENCH_PASSWORD, Permanent: true }, ADMIN_KEY);
  }
  return { label, poolId: UserPool.Id, clientId: UserPoolClient.ClientId, signUps: 0 };
}

/** The measured operation on `target`: a SignUp (new user each time) or a password sign-in. */
function operation(target, i) {
  if (trigger === 'PreSignUp') {
    return call(url, 'SignUp', { ClientId: target.clientId, Username: `new-${target.label}-${target.signUps++}`, Password: BENCH_PASSWORD });
  }
  return call(url, 'InitiateAuth', {
    ClientId: target.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: `user${i % signInUsers}`, PASSWORD: BENCH_PASSWORD },
  });
}

const percentile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const fmt = (v, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

try {
  const none = await setUp('none');
  const moduleTarget = await setUp('module', 'noop');
  const webhookTarget = await setUp('webhook', 'hook');
  const slow = await setUp('slow', 'slow');
  const variants = [none, moduleTarget, webhookTarget];
  const { AuthenticationResult } = await call(url, 'InitiateAuth', {
    ClientId: none.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'user0', PASSWORD: BENCH_PASSWORD },
  });
  const accessToken = AuthenticationResult.AccessToken;
  const getUser = () => call(url, 'GetUser', { AccessToken: accessToken });

  // 1. Latency, interleaved.
  for (let i = 0; i < 20; i++) for (const v of variants) await operation(v, i); // warm-up (workers, connections, JIT)
  const perRun = variants.map(() => ({ p50: [], p99: [] }));
  for (let run = 0; run < runs; run++) {
    const samples = variants.map(() => []);
    for (let i = 0; i < requests; i++) {
      for (const [k, v] of variants.entries()) {
        const t0 = performance.now();
        await operation(v, i);
        samples[k].push(performance.now() - t0);
      }
    }
    for (const [k] of variants.entries()) {
      perRun[k].p50.push(percentile(samples[k], 0.5));
      perRun[k].p99.push(percentile(samples[k], 0.99));
    }
    log(`latency run ${run + 1}/${runs}: p50 ${variants.map((v, k) => `${v.label} ${fmt(perRun[k].p50.at(-1))}`).join(', ')} ms`);
  }

  // 2 and 3. GetUser alone, then beside waves of slow sign-ins; RSS before and during each wave.
  const sampleGetUser = async (until, into) => {
    while (performance.now() < until()) {
      const t0 = performance.now();
      await getUser();
      into.push({ at: t0, ms: performance.now() - t0 });
      await sleep(10);
    }
  };
  for (let i = 0; i < 50; i++) await getUser();
  const alone = [];
  const aloneUntil = performance.now() + waves * (slowMs - 100);
  await sampleGetUser(() => aloneUntil, alone);

  const beside = [];
  const rss = [];
  let failures = 0;
  for (let wave = 0; wave < waves; wave++) {
    await sleep(500);
    const before = processStats(server.pid).rssMb;
    const sentAt = performance.now();
    let firstAnswerAt = Infinity;
    let lastAnswerAt = 0;
    let during;
    const rssTimer = setTimeout(() => (during = processStats(server.pid).rssMb), Math.max(100, slowMs - 200));
    const signIns = Array.from({ length: concurrency }, (_, i) => operation(slow, i).then(
      () => (firstAnswerAt = Math.min(firstAnswerAt, performance.now())),
      (error) => {
        failures++;
        firstAnswerAt = Math.min(firstAnswerAt, performance.now());
        if (failures <= 3) log(`slow sign-in failed: ${error.message}`);
      },
    ));
    const samples = [];
    const sampling = sampleGetUser(() => Math.min(firstAnswerAt, sentAt + slowMs + 5000), samples);
    await Promise.all(signIns);
    lastAnswerAt = performance.now();
    await sampling;
    clearTimeout(rssTimer);
    beside.push(...samples.filter((s) => s.at >= sentAt + windowStartMs && s.at + s.ms <= firstAnswerAt).map((s) => s.ms));
    rss.push({ before, during: during ?? NaN });
    log(`wave ${wave + 1}/${waves}: answers after ${fmt(firstAnswerAt - sentAt, 0)}–${fmt(lastAnswerAt - sentAt, 0)} ms; RSS ${fmt(before, 1)} → ${fmt(during, 1)} MB`);
  }
  const final = processStats(server.pid);

  const row = (k) => {
    const p50 = median(perRun[k].p50);
    const p99 = median(perRun[k].p99);
    const extra = k === 0 ? '' : ` | ${fmt(p50 - median(perRun[0].p50))} | ${fmt(p99 - median(perRun[0].p99))}`;
    return `| ${variants[k].label} | ${fmt(p50)} | ${fmt(p99)}${k === 0 ? ' | — | —' : extra} |`;
  };
  const hash = values['cheap-hash'] ? 'argon2id 1 MiB t=1' : 'argon2id 19 MiB t=2';
  const measured = `${trigger === 'PreSignUp' ? 'SignUp' : 'InitiateAuth USER_PASSWORD_AUTH'} (${hash})`;
  const deltas = rss.map((r) => r.during - r.before);
  console.log([
    `### ${trigger} trigger on ${measured}: ${runs} runs × ${requests} requests per pool, one at a time, interleaved`,
    '',
    '| trigger | p50 ms | p99 ms | Δ p50 ms | Δ p99 ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...variants.map((_, k) => row(k)),
    '',
    `### A ${slowMs} ms trigger: GetUser beside ${concurrency} ${measured} requests waiting on it (${waves} waves)`,
    '',
    '| GetUser | samples | p50 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| alone | ${alone.length} | ${fmt(percentile(alone.map((s) => s.ms), 0.5))} | ${fmt(percentile(alone.map((s) => s.ms), 0.99))} | ${fmt(Math.max(...alone.map((s) => s.ms)))} |`,
    `| beside the waiting wave | ${beside.length} | ${fmt(percentile(beside, 0.5))} | ${fmt(percentile(beside, 0.99))} | ${fmt(Math.max(...beside))} |`,
    '',
    `Server RSS: before a wave (median) ${fmt(median(rss.map((r) => r.before)), 1)} MB; while ${concurrency} wait on the trigger (median) ${fmt(median(rss.map((r) => r.during)), 1)} MB; `
      + `growth per wave (median) ${fmt(median(deltas), 1)} MB, largest ${fmt(Math.max(...deltas), 1)} MB; peak over the whole run ${fmt(final.peakRssMb, 1)} MB. Failed slow sign-ins: ${failures}.`,
  ].join('\n'));
} finally {
  await stopProcess(server);
  receiver.kill();
  rmSync(dir, { recursive: true, force: true });
}
