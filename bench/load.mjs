// The load tool: autocannon (closed loop: each connection sends its next request when the previous
// answer arrives) against any Cognito JSON API endpoint, Gatehouse or cognito-local.
// Each scenario builds every request's headers and body (admin requests are SigV4-signed per
// request, so the 5-minute skew never bites). Runs are bounded by duration (default 10 s).
//
// Scenarios: getuser, admin-get, list-filter, refresh, login, signup, mix.
//
// Standalone: node bench/load.mjs --url http://127.0.0.1:9229 --scenario admin-get --pool-id ID
//   --client-id ID --users N [--pid SERVER_PID] [--duration 10] [--connections 16]
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { apiHeaders, call, pool, processStats, waitUntilIdle } from './lib.mjs';
import { ADMIN_KEY, BENCH_PASSWORD, email, username } from './seed.mjs';

export const SCENARIOS = ['getuser', 'admin-get', 'list-filter', 'refresh', 'login', 'signup', 'mix'];

/** Signs in `count` users spread over the pool: their access and refresh tokens feed getuser and refresh. */
export async function signInSome({ url, clientId, users, count = 32 }) {
  const picks = Array.from({ length: count }, (_, i) => Math.floor((i * users) / count));
  const results = await pool(picks, 4, (i) =>
    call(url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username(i), PASSWORD: BENCH_PASSWORD } }),
  );
  return {
    accessTokens: results.map((r) => r.AuthenticationResult.AccessToken),
    refreshTokens: results.map((r) => r.AuthenticationResult.RefreshToken),
  };
}

const randomIndex = (n) => Math.floor(Math.random() * n);

/** A request generator: () => { headers, body } for one scenario. */
export function scenario(name, ctx) {
  const { url, poolId, clientId, users, tokens, key = ADMIN_KEY } = ctx;
  const request = (operation, input, signed) => {
    const body = JSON.stringify(input);
    return { headers: apiHeaders(url, operation, body, signed ? key : undefined), body };
  };
  let counter = 0;
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const builders = {
    getuser: () => request('GetUser', { AccessToken: tokens.accessTokens[counter++ % tokens.accessTokens.length] }),
    'admin-get': () => request('AdminGetUser', { UserPoolId: poolId, Username: username(randomIndex(users)) }, true),
    'list-filter': () => request('ListUsers', { UserPoolId: poolId, Filter: `email = "${email(randomIndex(users))}"` }, true),
    refresh: () =>
      request('InitiateAuth', {
        ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.refreshTokens[counter++ % tokens.refreshTokens.length] },
      }),
    login: () =>
      request('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username(randomIndex(users)), PASSWORD: BENCH_PASSWORD } }),
    signup: () =>
      request('SignUp', {
        ClientId: clientId, Username: `signup-${runId}-${counter}`, Password: BENCH_PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `signup-${runId}-${counter++}@example.com` }],
      }),
  };
  // The read-mostly mix of an app's backend: 60 % GetUser, 20 % AdminGetUser, 10 % ListUsers by email,
  // 10 % refresh (without ListUsers when the server lacks it, ctx.listUsers === false: 70/20/10).
  builders.mix = () => {
    const r = Math.random();
    if (r < 0.6) return builders.getuser();
    if (r < 0.8) return builders['admin-get']();
    if (r < 0.9) return ctx.listUsers === false ? builders.getuser() : builders['list-filter']();
    return builders.refresh();
  };
  const builder = builders[name];
  if (!builder) throw new Error(`unknown scenario ${name} (known: ${SCENARIOS.join(', ')})`);
  return builder;
}

/**
 * One bounded run. Returns requests/s, latency p50/p99 (ms), errors (timeouts included) and non-2xx
 * counts, and, when the server's pid is known, its CPU time per request (ms) and RSS (MB) after the
 * run. The CPU is read once the server is idle again (at most 60 s after the run), and divided by
 * the requests sent: the requests still out at the deadline are finished by the server and counted.
 */
export async function run({ url, build, duration = 10, connections = 16, pid, maxRequests, timeout = 30 }) {
  const before = pid ? processStats(pid) : undefined;
  const generatorBefore = process.cpuUsage();
  const result = await autocannon({
    url,
    connections,
    duration,
    ...(maxRequests && { amount: maxRequests }),
    timeout, // seconds: a request without an answer by then counts as a timeout, and the run still ends
    requests: [{ method: 'POST', path: '/', setupRequest: (req) => ({ ...req, ...build() }) }],
  });
  const generator = process.cpuUsage(generatorBefore);
  const settled = pid ? await waitUntilIdle(() => processStats(pid).cpuMs) : undefined;
  const after = pid ? processStats(pid) : undefined;
  const total = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const sent = Math.max(result.requests.sent, total);
  const seconds = result.duration;
  return {
    rps: result['2xx'] / seconds,
    totalRps: total / seconds,
    // Over the answered requests only (none answered: no figure); those still out at the deadline
    // are in `sent` and in the CPU, not here.
    p50: result.latency.totalCount ? result.latency.p50 : NaN,
    p99: result.latency.totalCount ? result.latency.p99 : NaN,
    errors: result.errors + result.timeouts,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    requests: total,
    sent,
    settled,
    cpuMsPerRequest: before && after && sent ? (after.cpuMs - before.cpuMs) / sent : NaN,
    rssMb: after?.rssMb ?? NaN,
    // The load generator's own CPU over the run, as a share of one core: near 1, it (not the server)
    // sets the pace.
    generatorCpuShare: (generator.user + generator.system) / 1e6 / seconds,
    peakRssMb: after?.peakRssMb ?? NaN,
  };
}

/** Sends one request of the scenario and throws its error: a wrong setup shows up before a 10 s run of errors. */
export async function probe(url, build) {
  const { headers, body } = build();
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`probe failed: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:9229' },
      scenario: { type: 'string', default: 'getuser' },
      'pool-id': { type: 'string' },
      'client-id': { type: 'string' },
      users: { type: 'string', default: '1000' },
      pid: { type: 'string' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
    },
  });
  const ctx = { url: values.url, poolId: values['pool-id'], clientId: values['client-id'], users: Number(values.users) };
  if (['getuser', 'refresh', 'mix'].includes(values.scenario)) ctx.tokens = await signInSome(ctx);
  const build = scenario(values.scenario, ctx);
  await probe(ctx.url, build);
  const result = await run({ url: ctx.url, build, duration: Number(values.duration), connections: Number(values.connections), pid: values.pid && Number(values.pid) });
  console.log(JSON.stringify(result, null, 2));
}
