// Shared helpers of the benchmark: JSON API calls (SigV4-signed when a key is given), server
// processes (spawn under taskset, wait for /health, stop), and /proc readings of a process.
import { createHash, createHmac } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const REGION = 'us-east-1';
const SERVICE = 'cognito-idp';

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data, 'utf8').digest();

/** Signing keys are per day: cache them (the bench signs every admin request). */
const signingKeys = new Map();
function signingKey(secret, day) {
  const cacheKey = `${secret}/${day}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), REGION), SERVICE), 'aws4_request');
    signingKeys.set(cacheKey, key);
  }
  return key;
}

/**
 * Headers for POST / with a SigV4 signature (host;x-amz-date;x-amz-target signed, as the SDK does
 * minus its extra headers). `host` must be what the client sends: host:port.
 */
export function signedHeaders({ host, target, body, key, now = Date.now() }) {
  const amzDate = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const canonical = [
    'POST', '/', '',
    `content-type:application/x-amz-json-1.1\nhost:${host}\nx-amz-date:${amzDate}\nx-amz-target:${target}\n`,
    'content-type;host;x-amz-date;x-amz-target',
    sha256(body),
  ].join('\n');
  const scope = `${day}/${REGION}/${SERVICE}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const signature = createHmac('sha256', signingKey(key.secretAccessKey, day)).update(toSign, 'utf8').digest('hex');
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': target,
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/${scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${signature}`,
  };
}

export function apiHeaders(url, operation, body, key) {
  const target = TARGET_PREFIX + operation;
  if (key) return signedHeaders({ host: new URL(url).host, target, body, key });
  return { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
}

/** One JSON API call (bounded by timeoutMs); throws with the Cognito error type on a non-2xx answer. */
export async function call(url, operation, input, key, { timeoutMs = 120_000 } = {}) {
  const body = JSON.stringify(input);
  const response = await fetch(url, { method: 'POST', headers: apiHeaders(url, operation, body, key), body, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = new Error(`${operation}: ${response.status} ${json.__type ?? ''} ${json.message ?? text}`);
    error.type = json.__type;
    throw error;
  }
  return json;
}

/** Runs at most `limit` promises at once over `items`. */
export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Spawns a command (optionally pinned with taskset) and waits until GET healthUrl answers 200 (or any HTTP answer when anyStatus). */
export async function startProcess({ command, args, env, cwd, cpu, healthUrl, anyStatus = false, timeoutMs = 60_000, log }) {
  const argv = cpu === undefined ? [command, ...args] : ['taskset', '-c', String(cpu), command, ...args];
  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-8000);
    if (log) process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const deadline = started + timeoutMs;
  while (performance.now() < deadline) {
    if (exited !== null) throw new Error(`server exited (${exited}) before it was ready:\n${output}`);
    try {
      const response = await fetch(healthUrl, { method: 'GET' });
      await response.arrayBuffer();
      if (anyStatus || response.ok) {
        return { child, pid: child.pid, startupMs: performance.now() - started, output: () => output };
      }
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  child.kill('SIGKILL');
  throw new Error(`server not ready after ${timeoutMs} ms:\n${output}`);
}

export async function stopProcess(server) {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** CPU time (user+system, ms) and resident memory (MB) of a process, from /proc. */
export function processStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name "(...)": state is field 3; utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuMs, rssMb: rssKb / 1024, peakRssMb: hwmKb / 1024 };
}

/**
 * Waits until a process group is idle: `readCpuMs()` (its CPU time, ms) grows by at most `idleMs`
 * over `windowMs` (the kernel counts in 10 ms ticks). Bounded by `maxMs`; resolves true when idle.
 * A load tool that stops at its deadline abandons the requests still out, but the server finishes
 * them: their CPU belongs to that run, and must not be charged to the next.
 */
export async function waitUntilIdle(readCpuMs, { windowMs = 200, idleMs = 10, maxMs = 60_000 } = {}) {
  const deadline = performance.now() + maxMs;
  let last = readCpuMs();
  while (performance.now() < deadline) {
    await sleep(windowMs);
    const now = readCpuMs();
    if (now - last <= idleMs) return true;
    last = now;
  }
  return false;
}

/** A numeric command-line option checked against its bounds (every loop and wait of the bench has one). */
export function bounded(name, value, min, max, { integer = false } = {}) {
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    throw new Error(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return n;
}

export const median = (values) => {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
