// The `srp` scenario: complete two-step USER_SRP_AUTH sign-ins (InitiateAuth → PASSWORD_VERIFIER →
// RespondToAuthChallenge) at a fixed concurrency for a bounded time, with GetUser latency sampled
// beside them (a sign-in must not block other requests). The client side of SRP uses the same
// OpenSSL exponentiation as the server (src/crypto/srp.ts), so the load generator stays light.
// Usage (tsx, for src/crypto/srp.ts): taskset -c 1 npx tsx bench/srp.mjs --url URL --pool-id ID --client-id ID [--users 64]
//          [--concurrency 16] [--duration 10] [--runs 3] [--pid SERVER_PID]
import { createDiffieHellman, createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { K_MULTIPLIER, POOL_GROUP, claimSignature, derivedKey, formatTimestamp, padded, privateKey } from '../src/crypto/srp.ts';
import { ADMIN_KEY, BENCH_PASSWORD, username } from './seed.mjs';
import { call, median, processStats } from './lib.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string' }, 'pool-id': { type: 'string' }, 'client-id': { type: 'string' }, pid: { type: 'string' },
    users: { type: 'string', default: '64' }, concurrency: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' }, runs: { type: 'string', default: '3' },
  },
});
const url = values.url;
const poolId = values['pool-id'];
const clientId = values['client-id'];
const users = Number(values.users);
const concurrency = Number(values.concurrency);
const seconds = Math.min(Number(values.duration), 60);
const runs = Math.min(Number(values.runs), 10);
const pid = values.pid ? Number(values.pid) : undefined;

const N = BigInt(`0x${POOL_GROUP.N.toString('hex')}`);
const engine = createDiffieHellman(POOL_GROUP.N, Buffer.from([2]));
const big = (b) => BigInt(`0x${b.toString('hex') || '0'}`);
const buf = (v) => { const h = v.toString(16); return Buffer.from(h.length % 2 ? `0${h}` : h, 'hex'); };
const modPow = (base, exp) => { engine.setPrivateKey(exp); return engine.computeSecret(base); };
const poolName = poolId.split('_')[1];

async function srpSignIn(name) {
  const a = randomBytes(32);
  const A = big(modPow(Buffer.from([2]), a));
  const challenge = await call(url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: name, SRP_A: A.toString(16) } });
  const p = challenge.ChallengeParameters;
  const B = BigInt(`0x${p.SRP_B}`);
  const u = big(createHash('sha256').update(padded(buf(A))).update(padded(buf(B))).digest());
  const x = big(privateKey(poolName, p.USER_ID_FOR_SRP, BENCH_PASSWORD, buf(BigInt(`0x${p.SALT}`))));
  const gx = big(modPow(Buffer.from([2]), buf(x)));
  const base = (((B - K_MULTIPLIER * gx) % N) + N) % N;
  const key = derivedKey(buf(u), modPow(buf(base), buf(big(a) + u * x)));
  const timestamp = formatTimestamp(Date.now());
  const signature = claimSignature(key, poolName, p.USER_ID_FOR_SRP, Buffer.from(p.SECRET_BLOCK, 'base64'), timestamp);
  const out = await call(url, 'RespondToAuthChallenge', {
    ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp },
  });
  return out.AuthenticationResult.AccessToken;
}

// Seeded users share one password hash and have no SRP verifier yet: allow SRP on the client and
// give each user its verifier with one password sign-in (what Gatehouse does for older users).
const { UserPoolClient } = await call(url, 'DescribeUserPoolClient', { UserPoolId: poolId, ClientId: clientId }, ADMIN_KEY);
const flows = new Set([...(UserPoolClient.ExplicitAuthFlows ?? []), 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH']);
await call(url, 'UpdateUserPoolClient', { UserPoolId: poolId, ClientId: clientId, ClientName: UserPoolClient.ClientName, ExplicitAuthFlows: [...flows] }, ADMIN_KEY);
for (let i = 0; i < users; i++) {
  await call(url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username(i), PASSWORD: BENCH_PASSWORD } });
}
const token = await srpSignIn(username(0));
for (let i = 0; i < 20; i++) await srpSignIn(username(i % users)); // warm-up

const percentile = (xs, q) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN; };
const results = [];
for (let run = 0; run < runs; run++) {
  const end = Date.now() + seconds * 1000;
  let signIns = 0;
  let failed = 0;
  const latencies = [];
  const getUserLatencies = [];
  const before = pid ? processStats(pid) : undefined;
  const started = performance.now();
  const worker = async (w) => {
    for (let i = 0; Date.now() < end; i++) {
      const t0 = performance.now();
      try {
        await srpSignIn(username((w * 7 + i) % users));
        signIns++;
        latencies.push(performance.now() - t0);
      } catch (error) {
        failed++;
        if (failed <= 3) console.error(String(error));
      }
    }
  };
  // GetUser every 20 ms beside the sign-ins: its latency shows whether SRP blocks the event loop.
  const sampler = async () => {
    while (Date.now() < end) {
      const t0 = performance.now();
      await call(url, 'GetUser', { AccessToken: token });
      getUserLatencies.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await Promise.all([...Array.from({ length: concurrency }, (_, w) => worker(w)), sampler()]);
  const elapsedS = (performance.now() - started) / 1000;
  const after = pid ? processStats(pid) : undefined;
  results.push({
    perSecond: signIns / elapsedS, failed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99),
    getUserP50: percentile(getUserLatencies, 0.5), getUserP99: percentile(getUserLatencies, 0.99),
    cpuMsPerSignIn: before && after ? (after.cpuMs - before.cpuMs) / signIns : NaN,
  });
}
const m = (key) => median(results.map((r) => r[key]));
console.log(`| srp (${concurrency} concurrent, medians of ${runs} × ${seconds} s) | ${m('perSecond').toFixed(0)} sign-ins/s | p50 ${m('p50').toFixed(0)} ms | p99 ${m('p99').toFixed(0)} ms | failed ${m('failed')} | server CPU ${m('cpuMsPerSignIn').toFixed(2)} ms/sign-in | GetUser beside it: p50 ${m('getUserP50').toFixed(1)} ms, p99 ${m('getUserP99').toFixed(1)} ms |`);
