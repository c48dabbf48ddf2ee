// Soak and faults on PostgreSQL: three `gatehouse serve` processes on one PostgreSQL, under a mixed
// load (SignUp, AdminConfirmSignUp, InitiateAuth USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH, GetUser,
// AdminCreateUser, AdminUpdateUserAttributes, GlobalSignOut) for `--duration` seconds; one process
// is killed with SIGKILL every `--kill-every` seconds (in turn) and started again on its port, and
// PostgreSQL is stopped as in a crash (`pg_ctl stop -m immediate`, so it recovers from its WAL) and
// started again once, between two kills. Afterwards it checks, and exits 1 on any violation:
// - every acknowledged write is there: each user created or updated with a 200 answer is read back
//   (AdminGetUser) through another process than the one that answered, with the attributes written
//   (a write that got no answer, its process being killed, may or may not have happened: either
//   value is accepted);
// - no request got a 5xx outside the database restart window (its start to `--grace` seconds after
//   PostgreSQL accepts connections again); inside it only Cognito-shaped errors (`__type`); no
//   request ever outlived its deadline (`--deadline-ms`): a hang is a violation anywhere; a
//   connection error counts only when its process was killed while the request was out;
// - a sign-out through one process is refused by the others at once: right after GlobalSignOut's
//   200, GetUser with the signed-out access token through each other live process answers
//   NotAuthorizedException, and the signed-out refresh token is refused;
// - no process ended on its own, and no answer was an unexpected error (a 4xx where the step must
//   succeed) outside the restart window.
// PostgreSQL is a private cluster of the installed PostgreSQL's binaries (initdb into a temporary
// folder, listening on 127.0.0.1 and a free port, removed at the end; as root it runs as the
// `postgres` user): restarting the machine's shared cluster would break whatever else uses it.
// Usage: node bench/soak.mjs [--duration 600] [--kill-every 60] [--workers 9] [--deadline-ms 15000]
//          [--grace 5] [--db-restart-at SECONDS] [--no-db-restart] [--pg-bin DIR] [--json FILE]
// Everything listens on 127.0.0.1; every loop ends with the duration or its own bound.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiHeaders, bounded, pool, startProcess } from './lib.mjs';
import { freePort, startPostgres } from './postgres.mjs';
import { ADMIN_KEY, REPO, sharedDatabaseEnv } from './seed.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '600' },
    'kill-every': { type: 'string', default: '60' },
    workers: { type: 'string', default: '9' },
    'deadline-ms': { type: 'string', default: '15000' },
    grace: { type: 'string', default: '5' },
    'db-restart-at': { type: 'string' },
    'no-db-restart': { type: 'boolean', default: false },
    'pg-bin': { type: 'string' },
    json: { type: 'string' },
  },
});
const durationS = bounded('duration', values.duration, 10, 3600);
const killEveryS = bounded('kill-every', values['kill-every'], 5, 3600);
const workers = bounded('workers', values.workers, 1, 100);
const deadlineMs = bounded('deadline-ms', values['deadline-ms'], 1000, 120_000);
const graceS = bounded('grace', values.grace, 0, 120);
// Halfway between two kills, near the middle of the run.
const defaultRestartAt = killEveryS * Math.max(0, Math.floor(durationS / killEveryS / 2)) + killEveryS / 2;
const dbRestartAtS = values['no-db-restart'] ? null : bounded('db-restart-at', values['db-restart-at'] ?? defaultRestartAt, 1, durationS - 1);

const PASSWORD = 'Soak-Passw0rd!';
const PROCESSES = 3;
const log = (message) => process.stderr.write(`[soak ${elapsed().toFixed(1).padStart(6)} s] ${message}\n`);
let startedAt = performance.now();
const elapsed = () => (performance.now() - startedAt) / 1000;
const violations = [];
const violation = (message) => {
  if (violations.length < 1000) violations.push(`${elapsed().toFixed(1)} s: ${message}`);
  log(`VIOLATION ${message}`);
};

// ---- Gatehouse processes ------------------------------------------------------------------------

const { currentBuild } = await import(pathToFileURL(join(REPO, 'scripts', 'checkout-build.mjs')).href);

/** One slot of the three: its port stays, its process changes at each kill. */
function makeSlot(index, port, env) {
  const dataDir = mkdtempSync(join(tmpdir(), `gatehouse-soak-${index}-`));
  return {
    index, port, url: `http://127.0.0.1:${port}`, dataDir, env,
    up: false,
    server: null,
    /** Kills and deaths, each [from, to] in ms since the start (to: when it answered /health again). */
    downs: [],
    expectedExit: false,
  };
}

async function startSlot(slot, build) {
  slot.expectedExit = false;
  const server = await startProcess({
    command: process.execPath,
    args: [join(build, 'index.js'), 'serve'],
    env: { ...slot.env, GATEHOUSE_DATA_DIR: slot.dataDir, GATEHOUSE_PORT: String(slot.port) },
    cwd: REPO,
    healthUrl: `${slot.url}/health`,
    timeoutMs: 90_000,
  });
  server.child.once('exit', (code, signal) => {
    if (slot.expectedExit || stopping) return;
    slot.up = false;
    slot.downs.push([now(), Infinity]);
    violation(`process ${slot.index} ended on its own (${signal ?? code}):\n${server.output().slice(-2000)}`);
    // Started again, so that the run goes on and shows what else happens.
    slot.restarting = startSlot(slot, build).catch((error) => violation(`process ${slot.index} did not start again: ${error.message}`));
  });
  slot.server = server;
  slot.up = true;
  const last = slot.downs.at(-1);
  if (last && last[1] === Infinity) last[1] = now();
}

async function killSlot(slot, build) {
  if (!slot.up) return null; // ended on its own and being started again: no kill this time
  slot.up = false;
  slot.expectedExit = true;
  const downAt = now();
  slot.downs.push([downAt, Infinity]);
  const exited = new Promise((resolve) => slot.server.child.once('exit', resolve));
  slot.server.child.kill('SIGKILL');
  await exited;
  await startSlot(slot, build);
  return { process: slot.index, atS: downAt / 1000, downMs: Math.round(now() - downAt) };
}

const now = () => performance.now() - startedAt;

// ---- Requests -----------------------------------------------------------------------------------

let dbWindow = null; // [from, to] ms; `to` is Infinity until PostgreSQL is back (plus grace)
const inDbWindow = (from, to) => dbWindow !== null && to >= dbWindow[0] && from <= dbWindow[1];
const stats = new Map(); // kind -> { outcomes: Map, latencies: [] }
let stopping = false;

function record(kind, outcome, ms) {
  let entry = stats.get(kind);
  if (!entry) stats.set(kind, (entry = { outcomes: new Map(), latencies: [] }));
  entry.outcomes.set(outcome, (entry.outcomes.get(outcome) ?? 0) + 1);
  if (outcome === '200' || outcome.startsWith('4')) entry.latencies.push(ms);
}

const killedDuring = (slot, from, to) => slot.downs.some(([a, b]) => a <= to && b >= from);

/**
 * One JSON API call through a slot, with a deadline. Answers { status, body } (status 0: no
 * answer, its process was killed meanwhile). Records the outcome and the violations it shows.
 */
async function api(kind, slot, operation, input, { admin = false } = {}) {
  const body = JSON.stringify(input);
  const from = now();
  let response;
  let text;
  try {
    response = await fetch(`${slot.url}/`, {
      method: 'POST',
      headers: apiHeaders(slot.url, operation, body, admin ? ADMIN_KEY : undefined),
      body,
      signal: AbortSignal.timeout(deadlineMs),
    });
    text = await response.text();
  } catch (error) {
    const to = now();
    if (error.name === 'TimeoutError') {
      record(kind, 'timeout', to - from);
      violation(`${kind} through process ${slot.index} got no answer within ${deadlineMs} ms`);
    } else if (killedDuring(slot, from, to)) {
      record(kind, 'no answer (process killed)', to - from);
    } else {
      record(kind, 'connection error', to - from);
      violation(`${kind} through process ${slot.index} (not killed): ${error.cause?.code ?? error.message}`);
    }
    return { status: 0, body: {} };
  }
  const to = now();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { unparsed: text.slice(0, 200) };
  }
  const status = response.status;
  const outcome = status === 200 ? '200' : `${status} ${json.__type ?? 'not Cognito-shaped'}`;
  record(kind, outcome, to - from);
  if (status >= 500) {
    if (!inDbWindow(from, to)) violation(`${kind} through process ${slot.index}: ${status} outside the database restart window: ${text.slice(0, 300)}`);
    else if (typeof json.__type !== 'string' || typeof json.message !== 'string') violation(`${kind} through process ${slot.index}: ${status} without a Cognito-shaped body: ${text.slice(0, 300)}`);
  }
  return { status, body: json, from, to };
}

/** A step that must succeed: an error answer outside the restart window is a violation. */
function expectOk(kind, result, slot) {
  if (result.status === 200) return true;
  if (result.status >= 400 && result.status < 500 && !inDbWindow(result.from, result.to)) {
    violation(`${kind} through process ${slot.index}: ${result.status} ${result.body.__type}: ${result.body.message}`);
  }
  return false;
}

const slots = [];
const pick = (except = -1) => {
  const live = slots.filter((s) => s.up && s.index !== except);
  return live.length ? live[Math.floor(Math.random() * live.length)] : null;
};
/** A live process at random; waits (up to 60 s) while none is. */
async function live() {
  for (let i = 0; i < 600; i++) {
    const slot = pick();
    if (slot) return slot;
    await sleep(100);
  }
  throw new Error('no Gatehouse process has been up for 60 s');
}

// ---- The load -----------------------------------------------------------------------------------

/** username -> { attrs: { name: Set of acceptable values }, via: slot index of the last 200 } */
const acknowledged = new Map();
const counts = { signOutChecks: 0, signOutRefusedAt: [] };

function acknowledge(username, attrs, via) {
  const entry = acknowledged.get(username) ?? { attrs: {}, via };
  for (const [name, value] of Object.entries(attrs)) entry.attrs[name] = new Set([value]);
  entry.via = via;
  acknowledged.set(username, entry);
}
function maybeWritten(username, attrs) {
  const entry = acknowledged.get(username);
  if (!entry) return;
  for (const [name, value] of Object.entries(attrs)) (entry.attrs[name] ??= new Set()).add(value);
}

async function signOutCheck(worker, accessToken, refreshToken, via, poolSetup) {
  for (const other of slots) {
    if (other.index === via.index || !other.up) continue;
    const from = now();
    const result = await api('GetUser after sign-out', other, 'GetUser', { AccessToken: accessToken });
    if (result.status === 0) continue;
    counts.signOutChecks++;
    if (result.status === 200) violation(`GetUser through process ${other.index} accepted an access token signed out through process ${via.index}`);
    else if (result.status < 500 && result.body.__type !== 'NotAuthorizedException') violation(`GetUser after sign-out through process ${other.index}: ${result.body.__type}`);
    else if (result.status === 400) counts.signOutRefusedAt.push(now() - from);
  }
  const other = pick(via.index);
  if (!other) return;
  const refreshed = await api('refresh after sign-out', other, 'InitiateAuth', {
    ClientId: poolSetup.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  if (refreshed.status === 200) violation(`a refresh token signed out through process ${via.index} was accepted by process ${other.index}`);
  else if (refreshed.status > 0 && refreshed.status < 500 && refreshed.body.__type !== 'NotAuthorizedException') violation(`refresh after sign-out: ${refreshed.body.__type}`);
}

async function worker(w, poolSetup, endAt) {
  const { poolId, clientId } = poolSetup;
  for (let n = 0; now() < endAt && n < 1_000_000; n++) {
    const username = `s${w}-${n}`;
    const attrs = { email: `${username}@soak.example`, name: `first ${n}` };
    let slot = await live();
    const signUp = await api('SignUp', slot, 'SignUp', {
      ClientId: clientId, Username: username, Password: PASSWORD,
      UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
    });
    if (!expectOk('SignUp', signUp, slot)) continue;
    acknowledge(username, attrs, slot.index);

    slot = await live();
    const confirm = await api('AdminConfirmSignUp', slot, 'AdminConfirmSignUp', { UserPoolId: poolId, Username: username }, { admin: true });
    if (!expectOk('AdminConfirmSignUp', confirm, slot)) continue;

    slot = await live();
    const signIn = await api('InitiateAuth password', slot, 'InitiateAuth', {
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD },
    });
    if (!expectOk('InitiateAuth password', signIn, slot)) continue;
    let { AccessToken: accessToken, RefreshToken: refreshToken } = signIn.body.AuthenticationResult;

    for (let i = 0; i < 2; i++) {
      slot = await live();
      expectOk('GetUser', await api('GetUser', slot, 'GetUser', { AccessToken: accessToken }), slot);
    }

    slot = await live();
    const refreshed = await api('InitiateAuth refresh', slot, 'InitiateAuth', {
      ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    if (expectOk('InitiateAuth refresh', refreshed, slot)) {
      accessToken = refreshed.body.AuthenticationResult.AccessToken;
      refreshToken = refreshed.body.AuthenticationResult.RefreshToken ?? refreshToken;
      slot = await live();
      expectOk('GetUser', await api('GetUser', slot, 'GetUser', { AccessToken: accessToken }), slot);
    }

    for (let k = 1; k <= 2; k++) {
      slot = await live();
      const update = { name: `update ${n}.${k}` };
      const updated = await api('AdminUpdateUserAttributes', slot, 'AdminUpdateUserAttributes', {
        UserPoolId: poolId, Username: username, UserAttributes: [{ Name: 'name', Value: update.name }],
      }, { admin: true });
      if (updated.status === 200) acknowledge(username, update, slot.index);
      else {
        maybeWritten(username, update);
        expectOk('AdminUpdateUserAttributes', updated, slot);
      }
    }

    const adminName = `a${w}-${n}`;
    const adminAttrs = { email: `${adminName}@soak.example`, name: `admin ${n}` };
    slot = await live();
    const created = await api('AdminCreateUser', slot, 'AdminCreateUser', {
      UserPoolId: poolId, Username: adminName, MessageAction: 'SUPPRESS', TemporaryPassword: PASSWORD,
      UserAttributes: Object.entries(adminAttrs).map(([Name, Value]) => ({ Name, Value })),
    }, { admin: true });
    if (expectOk('AdminCreateUser', created, slot)) acknowledge(adminName, adminAttrs, slot.index);

    slot = await live();
    const signOut = await api('GlobalSignOut', slot, 'GlobalSignOut', { AccessToken: accessToken });
    if (expectOk('GlobalSignOut', signOut, slot)) await signOutCheck(w, accessToken, refreshToken, slot, poolSetup);
  }
}

// ---- The run ------------------------------------------------------------------------------------

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function verify(poolId) {
  const entries = [...acknowledged.entries()];
  let checked = 0;
  await pool(entries, 4, async ([username, { attrs, via }]) => {
    const slot = slots[(via + 1 + Math.floor(Math.random() * (PROCESSES - 1))) % PROCESSES];
    const result = await api('AdminGetUser (check)', slot, 'AdminGetUser', { UserPoolId: poolId, Username: username }, { admin: true });
    checked++;
    if (result.status !== 200) {
      violation(`acknowledged user ${username} (last written through process ${via}) read through process ${slot.index}: ${result.status} ${result.body.__type ?? ''}`);
      return;
    }
    const found = Object.fromEntries((result.body.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    for (const [name, allowed] of Object.entries(attrs)) {
      if (!allowed.has(found[name])) violation(`user ${username}: ${name} is ${JSON.stringify(found[name])}, acknowledged ${JSON.stringify([...allowed])}`);
    }
  });
  return checked;
}

async function main() {
  const build = await currentBuild();
  startedAt = performance.now();
  log(`PostgreSQL: a private cluster (initdb) on 127.0.0.1`);
  const pg = await startPostgres({ pgBin: values['pg-bin'], prefix: 'gatehouse-soak-pg-' });
  const ports = [];
  for (let i = 0; i < PROCESSES; i++) ports.push(await freePort());
  const env = {
    // Behind one load balancer: one public URL, hence one token issuer.
    ...sharedDatabaseEnv({ databaseUrl: pg.url, keyEncryptionKey: randomBytes(32).toString('base64'), publicUrl: 'http://gatehouse.soak' }),
    // Cheap password hashes (argon2id 1 MiB, t=1) and a deep hash queue: the run is about faults,
    // and one load generator is one source that must not be refused for queueing.
    GATEHOUSE_ARGON2_MEMORY_KIB: '1024',
    GATEHOUSE_ARGON2_ITERATIONS: '1',
    GATEHOUSE_MAX_QUEUED_PASSWORD_HASHES: '1000',
    GATEHOUSE_MAX_QUEUED_PASSWORD_HASHES_PER_SOURCE: '1000',
  };
  for (let i = 0; i < PROCESSES; i++) slots.push(makeSlot(i, ports[i], env));
  const kills = [];
  let restart = null;
  let checked = 0;
  const loadMs = durationS * 1000;
  try {
    // Started together: the migrations serialise between them.
    await Promise.all(slots.map((slot) => startSlot(slot, build)));
    const admin = slots[0];
    const createdPool = await api('setup', admin, 'CreateUserPool', { PoolName: 'soak', AutoVerifiedAttributes: [] }, { admin: true });
    const poolId = createdPool.body.UserPool?.Id;
    const createdClient = await api('setup', admin, 'CreateUserPoolClient', {
      UserPoolId: poolId, ClientName: 'soak', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }, { admin: true });
    const clientId = createdClient.body.UserPoolClient?.ClientId;
    if (!poolId || !clientId) throw new Error(`setup failed: ${JSON.stringify(createdPool.body)} ${JSON.stringify(createdClient.body)}`);
    stats.clear();

    const loadFrom = now();
    const endAt = loadFrom + loadMs;
    log(`load: ${workers} workers for ${durationS} s through ports ${ports.join(', ')}; a SIGKILL every ${killEveryS} s; ${dbRestartAtS === null ? 'no PostgreSQL restart' : `PostgreSQL restart at ${dbRestartAtS} s`}`);
    const load = Promise.all(Array.from({ length: workers }, (_, w) => worker(w, { poolId, clientId }, endAt)));

    const killer = (async () => {
      for (let k = 1; loadFrom + k * killEveryS * 1000 < endAt; k++) {
        await sleep(Math.max(0, loadFrom + k * killEveryS * 1000 - now()));
        const slot = slots[(k - 1) % PROCESSES];
        log(`SIGKILL process ${slot.index}`);
        const kill = await killSlot(slot, build);
        if (!kill) continue;
        kill.atS = Math.round((kill.atS - loadFrom / 1000) * 10) / 10;
        log(`process ${slot.index} back after ${kill.downMs} ms`);
        kills.push(kill);
      }
    })();

    const restarter = (async () => {
      if (dbRestartAtS === null) return;
      await sleep(Math.max(0, loadFrom + dbRestartAtS * 1000 - now()));
      log('PostgreSQL: stop -m immediate, then start');
      dbWindow = [now(), Infinity];
      const stopFrom = now();
      await pg.stop('immediate');
      const stopMs = now() - stopFrom;
      await pg.start();
      const backAt = now();
      dbWindow[1] = backAt + graceS * 1000;
      restart = {
        atS: Math.round((dbWindow[0] - loadFrom) / 100) / 10,
        downMs: Math.round(backAt - dbWindow[0]),
        stopMs: Math.round(stopMs),
        windowS: [Math.round((dbWindow[0] - loadFrom) / 100) / 10, Math.round((dbWindow[1] - loadFrom) / 100) / 10],
      };
      log(`PostgreSQL accepts connections again after ${restart.downMs} ms`);
    })();

    await Promise.all([load, killer, restarter]);
    // Every process up (a restart may still be under way), then the check.
    for (let i = 0; i < 900 && slots.some((s) => !s.up); i++) await sleep(100);
    log(`load done; checking ${acknowledged.size} acknowledged users through other processes`);
    checked = await verify(poolId);
  } finally {
    stopping = true;
    for (const slot of slots) {
      if (slot.server?.child.exitCode === null) {
        slot.expectedExit = true;
        const exited = new Promise((resolve) => slot.server.child.once('exit', resolve));
        slot.server.child.kill('SIGTERM');
        const timer = setTimeout(() => slot.server.child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(slot.dataDir, { recursive: true, force: true });
    }
    try { await pg.remove(); } catch (error) { log(`PostgreSQL stop: ${error.message}`); }
  }

  const kinds = [...stats.entries()].map(([kind, { outcomes, latencies }]) => {
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      kind,
      requests: [...outcomes.values()].reduce((a, b) => a + b, 0),
      outcomes: Object.fromEntries([...outcomes.entries()].sort((a, b) => b[1] - a[1])),
      p50Ms: Math.round(percentile(sorted, 50)),
      p99Ms: Math.round(percentile(sorted, 99)),
    };
  });
  const refusals = [...counts.signOutRefusedAt].sort((a, b) => a - b);
  const summary = {
    durationS, killEveryS, workers, deadlineMs, graceS,
    postgres: 'private cluster (initdb of the installed PostgreSQL), restarted with pg_ctl stop -m immediate + start',
    requests: kinds.reduce((a, k) => a + k.requests, 0),
    kinds,
    kills,
    databaseRestart: restart,
    acknowledgedUsers: acknowledged.size,
    usersChecked: checked,
    signOutChecks: counts.signOutChecks,
    signOutRefusalP99Ms: Math.round(percentile(refusals, 99)),
    violations,
  };
  if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2));
  printSummary(summary);
  process.exitCode = violations.length ? 1 : 0;
}

function printSummary(s) {
  const out = [];
  out.push(`soak: ${s.durationS} s, ${s.workers} workers, 3 processes, a SIGKILL every ${s.killEveryS} s, request deadline ${s.deadlineMs} ms`);
  out.push(`requests: ${s.requests}`);
  out.push(`${'kind'.padEnd(28)} ${'requests'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  outcomes`);
  for (const k of s.kinds) {
    const outcomes = Object.entries(k.outcomes).map(([o, n]) => `${o}: ${n}`).join(', ');
    out.push(`${k.kind.padEnd(28)} ${String(k.requests).padStart(8)} ${String(k.p50Ms).padStart(7)} ${String(k.p99Ms).padStart(7)}  ${outcomes}`);
  }
  out.push(`kills: ${s.kills.map((k) => `process ${k.process} at ${k.atS} s (back after ${k.downMs} ms)`).join('; ') || 'none'}`);
  out.push(s.databaseRestart
    ? `PostgreSQL restart at ${s.databaseRestart.atS} s: down ${s.databaseRestart.downMs} ms; window ${s.databaseRestart.windowS[0]}–${s.databaseRestart.windowS[1]} s (with ${s.graceS} s grace)`
    : 'PostgreSQL restart: none');
  out.push(`acknowledged users: ${s.acknowledgedUsers}, read back through another process: ${s.usersChecked}`);
  out.push(`sign-out checks (GetUser through the other processes right after GlobalSignOut): ${s.signOutChecks}, p99 ${s.signOutRefusalP99Ms} ms`);
  out.push(`violations: ${s.violations.length}`);
  for (const v of s.violations.slice(0, 50)) out.push(`  ${v}`);
  process.stdout.write(out.join('\n') + '\n');
}

await main();
