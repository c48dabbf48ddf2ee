// Ratio table of two runner outputs (--out JSON): node bench/compare.mjs gatehouse.json cognito-local.json
import { readFileSync } from 'node:fs';

const [a, b] = process.argv.slice(2).map((p) => JSON.parse(readFileSync(p, 'utf8')));
const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '—');
console.log(`### ${a.target} vs ${b.target}, ${a.users.toLocaleString('en')} users (medians)\n`);
console.log(`| scenario | ${a.target} req/s | ${b.target} req/s | ratio | ${a.target} p99 ms | ${b.target} p99 ms | server CPU per request, ${b.target} ÷ ${a.target} |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const name of Object.keys(a.results)) {
  const x = a.results[name];
  const y = b.results[name];
  if (!y) continue;
  const ratio = x.rps && y.rps ? `${fmt(x.rps / y.rps, 1)}×` : '—';
  const cpu = x.cpuMsPerRequest && y.cpuMsPerRequest ? `${fmt(y.cpuMsPerRequest / x.cpuMsPerRequest, 1)}×` : '—';
  console.log(`| ${name} | ${x.unsupported ? 'unsupported' : fmt(x.rps)} | ${y.unsupported ? 'unsupported' : fmt(y.rps)} | ${ratio} | ${fmt(x.p99)} | ${fmt(y.p99)} | ${cpu} |`);
}
console.log(`\nstartup: ${fmt(a.startupMs)} ms vs ${fmt(b.startupMs)} ms; RSS after the runs: ${fmt(a.finalRssMb)} MB vs ${fmt(b.finalRssMb)} MB`);
