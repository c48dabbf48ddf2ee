// User import jobs at scale: a CSV of `--rows` users (default 1,000,000) PUT to a job's pre-signed
// URL as it is generated (never held whole), then StartUserImportJob and DescribeUserImportJob
// polled to the end. The server runs the build (dist/cli) pinned to one core (`--cpu`, 0), with a
// fresh SQLite data folder per run. Reported per run: upload time, import rate (rows from Start to
// Succeeded, per second), the server's CPU time and its peak RSS (VmHWM) over the whole run.
// Usage: npm run build; taskset -c 1 node bench/import.mjs [--rows 1000000] [--runs 3] [--port 19250] [--cpu 0]
// Every loop is bounded: rows (≤ 2,000,000), runs (≤ 5) and the polling (≤ rows / 200 s + 300 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, median, processStats, stopProcess } from './lib.mjs';
import { ADMIN_KEY, startGatehouse } from './seed.mjs';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '19250' },
    cpu: { type: 'string', default: '0' },
  },
});
const rows = Math.min(Number(values.rows), 2_000_000);
const runs = Math.min(Number(values.runs), 5);
const port = Number(values.port);
const url = `http://127.0.0.1:${port}`;
const log = (message) => process.stderr.write(`[import] ${message}\n`);

/** The CSV, generated 1,000 lines at a time as the upload pulls it. */
function csv(header, count) {
  const at = new Map(header.map((c, i) => [c, i]));
  const empty = header.map(() => '');
  let next = 0;
  return Readable.from((function* lines() {
    yield `${header.join(',')}\n`;
    while (next < count) {
      const batch = [];
      for (let i = 0; i < 1000 && next < count; i++, next++) {
        const values = [...empty];
        values[at.get('cognito:username')] = `user${next}`;
        values[at.get('cognito:mfa_enabled')] = 'false';
        values[at.get('email')] = `user${next}@example.com`;
        values[at.get('email_verified')] = 'true';
        values[at.get('given_name')] = `Given${next}`;
        values[at.get('family_name')] = 'Family';
        batch.push(values.join(','));
      }
      yield `${batch.join('\n')}\n`;
    }
  })());
}

async function oneRun(run) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-import-'));
  const server = await startGatehouse({ dataDir, port, cpu: Number(values.cpu) });
  try {
    const { UserPool } = await call(url, 'CreateUserPool', { PoolName: 'import-bench', AutoVerifiedAttributes: ['email'] }, ADMIN_KEY);
    const { CSVHeader } = await call(url, 'GetCSVHeader', { UserPoolId: UserPool.Id }, ADMIN_KEY);
    const { UserImportJob: created } = await call(url, 'CreateUserImportJob', {
      UserPoolId: UserPool.Id, JobName: 'bench', CloudWatchLogsRoleArn: 'arn:aws:iam::000000000000:role/CognitoImport',
    }, ADMIN_KEY);
    const cpuBefore = processStats(server.pid).cpuMs;
    const uploadStart = performance.now();
    const put = await fetch(created.PreSignedUrl, { method: 'PUT', body: csv(CSVHeader, rows), duplex: 'half', headers: { 'content-type': 'text/csv' } });
    if (put.status !== 200) throw new Error(`upload refused: ${put.status} ${await put.text()}`);
    const uploadS = (performance.now() - uploadStart) / 1000;
    const importStart = performance.now();
    await call(url, 'StartUserImportJob', { UserPoolId: UserPool.Id, JobId: created.JobId }, ADMIN_KEY);
    const deadline = importStart + (rows / 200 + 300) * 1000;
    let job;
    while (performance.now() < deadline) {
      ({ UserImportJob: job } = await call(url, 'DescribeUserImportJob', { UserPoolId: UserPool.Id, JobId: created.JobId }, ADMIN_KEY));
      if (['Succeeded', 'Failed', 'Stopped'].includes(job.Status)) break;
      await sleep(250);
    }
    const importS = (performance.now() - importStart) / 1000;
    const stats = processStats(server.pid);
    if (job.Status !== 'Succeeded' || job.ImportedUsers !== rows) throw new Error(`job ended ${job.Status} with ${job.ImportedUsers} imported: ${JSON.stringify(job)}`);
    const result = {
      run, uploadS, importS, rowsPerS: rows / importS, endToEndRowsPerS: rows / (uploadS + importS),
      cpuS: (stats.cpuMs - cpuBefore) / 1000, peakRssMb: stats.peakRssMb, rssAfterMb: stats.rssMb,
    };
    log(`run ${run}: upload ${uploadS.toFixed(1)} s, import ${importS.toFixed(1)} s = ${result.rowsPerS.toFixed(0)} rows/s, CPU ${result.cpuS.toFixed(1)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB`);
    return result;
  } finally {
    await stopProcess(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (let run = 1; run <= runs; run++) results.push(await oneRun(run));
const m = (key) => median(results.map((r) => r[key]));
console.log(`| rows | runs | upload (s) | import (s) | import rows/s | upload + import rows/s | server CPU (s) | peak RSS (MB) |
| --- | --- | --- | --- | --- | --- | --- | --- |
| ${rows.toLocaleString('en')} | ${runs} | ${m('uploadS').toFixed(1)} | ${m('importS').toFixed(1)} | ${m('rowsPerS').toFixed(0)} | ${m('endToEndRowsPerS').toFixed(0)} | ${m('cpuS').toFixed(1)} | ${m('peakRssMb').toFixed(0)} |`);
