// Start-up of `gatehouse/testing` as a test suite meets it, beside cognito-local's, in one run:
//   cold: a fresh Node process that imports gatehouse/testing and calls startGatehouse() with
//         examples/testing/pools.yaml, until the promise resolves (what a test file's beforeAll pays
//         in a new worker); and startGatehouse() alone, inside that process;
//   warm: a second startGatehouse() in the same process (a suite starting one per file or test);
//   cognito-local: spawn → its first HTTP answer (it creates pools on first use, so its start-up is all it pays).
// Each run pinned to one core with taskset; medians of --runs. The pools' RSA keys are reused from
// earlier test servers (kept under node_modules/.cache, filled by the first, unmeasured run);
// --fresh-keys makes every key anew (reuseSigningKeys: false), as before they were kept.
//   node bench/testing-startup.mjs [--runs 7] [--cpu 0] [--fresh-keys] [--cognito-local /tmp/cognito-local/node_modules/cognito-local]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, startProcess, stopProcess } from './lib.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    cpu: { type: 'string', default: '0' },
    'fresh-keys': { type: 'boolean', default: false },
    'cognito-local': { type: 'string' },
  },
});
const runs = Math.max(1, Math.min(50, Number(values.runs)));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const POOLS = join(ROOT, 'examples/testing/pools.yaml');

// The child prints one JSON line: its own wall time from process start to startGatehouse()
// resolving, startGatehouse() alone, and a second start in the same process.
const startOptions = JSON.stringify({ declarations: POOLS, ...(values['fresh-keys'] && { reuseSigningKeys: false }) });
const child = `
const { performance } = await import('node:perf_hooks');
const { startGatehouse } = await import('gatehouse/testing');
const t0 = performance.now();
const first = await startGatehouse(${startOptions});
const firstMs = performance.now() - t0;
const sinceProcessStartMs = performance.now();
await first.stop();
const t1 = performance.now();
const second = await startGatehouse(${startOptions});
const warmMs = performance.now() - t1;
await second.stop();
console.log(JSON.stringify({ sinceProcessStartMs, firstMs, warmMs }));
`;

function runChild() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn('taskset', ['-c', values.cpu, process.execPath, '--input-type=module', '-e', child], {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.stderr.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`child failed (${code}):\n${out}`));
      else resolve({ ...JSON.parse(line), wallMs: performance.now() - started });
    });
  });
}

// Build the checkout's bundle once, outside the measured runs (an installed package ships it).
await runChild();
const gatehouse = [];
for (let i = 0; i < runs; i += 1) gatehouse.push(await runChild());

const cognitoLocal = [];
if (values['cognito-local']) {
  for (let i = 0; i < runs; i += 1) {
    const cwd = mkdtempSync(join(tmpdir(), 'cognito-local-startup-'));
    const port = 19300 + i;
    const server = await startProcess({
      command: process.execPath,
      args: [join(values['cognito-local'], 'lib/bin/start.js')],
      env: { PORT: String(port), HOST: '127.0.0.1' },
      cwd,
      cpu: values.cpu,
      healthUrl: `http://127.0.0.1:${port}/`,
      anyStatus: true,
    });
    cognitoLocal.push(server.startupMs);
    await stopProcess(server);
    rmSync(cwd, { recursive: true, force: true });
  }
}

const ms = (v) => `${Math.round(v)} ms`;
const pick = (key) => median(gatehouse.map((r) => r[key]));
console.log(`gatehouse/testing start-up, medians of ${runs} (one core, taskset -c ${values.cpu}), ${values['fresh-keys'] ? 'every RSA key made anew' : 'RSA keys reused'}:`);
console.log(`  cold, process start → startGatehouse() resolved: ${ms(pick('sinceProcessStartMs'))} (startGatehouse() alone ${ms(pick('firstMs'))})`);
console.log(`  warm, a second startGatehouse() in the same process: ${ms(pick('warmMs'))}`);
if (cognitoLocal.length > 0) {
  const peer = median(cognitoLocal);
  console.log(`  cognito-local, spawn → first HTTP answer: ${ms(peer)}`);
  console.log(`  ratio cognito-local / gatehouse: cold ${(peer / pick('sinceProcessStartMs')).toFixed(2)}×, warm ${(peer / pick('warmMs')).toFixed(2)}×`);
}
