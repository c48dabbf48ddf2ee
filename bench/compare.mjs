// Ratio table of two runner outputs (--out JSON): node bench/compare.mjs gatehouse.json cognito-local.json
// Each side's CPU per request is also given as a multiple of its own session's Fastify hello-world
// (same core, same load tool), the figure that does not depend on the machine.
import { readFileSync } from 'node:fs';

const [a, b] = process.argv.slice(2).map((p) => JSON.parse(readFileSync(p, 'utf8')));
const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '—');
const helloMultiple = (side, r) => (side.baseline?.cpuMsPerRequest && r?.cpuMsPerRequest ? `${fmt(r.cpuMsPerRequest / side.baseline.cpuMsPerRequest, 1)}×` : '—');
const failures = (r) => (r.unsupported ? '—' : `${r.errors + r.non2xx}${r.timeouts ? ` (${r.timeouts} timeouts)` : ''}`);
const users = a.users === b.users ? `${a.users.toLocaleString('en')} users` : `${a.users.toLocaleString('en')} vs ${b.users.toLocaleString('en')} users`;
console.log(`### ${a.target} vs ${b.target}, ${users} (medians of ${a.runs} and ${b.runs} × ${a.duration} s)\n`);
console.log(`| scenario | ${a.target} req/s | ${b.target} req/s | ratio | ${a.target} p99 ms | ${b.target} p99 ms | errors + non-2xx, ${a.target} / ${b.target} | server CPU per request, ${b.target} ÷ ${a.target} | ${a.target} CPU ÷ hello-world | ${b.target} CPU ÷ hello-world |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const name of Object.keys(a.results)) {
  const x = a.results[name];
  const y = b.results[name];
  if (!y) continue;
  // A side that answered nothing in its runs (cognito-local's sign-ins at 100,000 users) has no
  // ratio: its CPU per request (of the requests it was sent) still compares.
  const ratio = x.rps && y.rps ? `${fmt(x.rps / y.rps, 1)}×` : x.rps && y.rps === 0 ? `${b.target} answered none` : '—';
  const cpu = x.cpuMsPerRequest && y.cpuMsPerRequest ? `${fmt(y.cpuMsPerRequest / x.cpuMsPerRequest, 1)}×` : '—';
  console.log(`| ${name} | ${x.unsupported ? 'unsupported' : fmt(x.rps)} | ${y.unsupported ? 'unsupported' : fmt(y.rps)} | ${ratio} | ${fmt(x.p99)} | ${fmt(y.p99)} | ${failures(x)} / ${failures(y)} | ${cpu} | ${helloMultiple(a, x)} | ${helloMultiple(b, y)} |`);
}
console.log(`\nstartup: ${fmt(a.startupMs)} ms vs ${fmt(b.startupMs)} ms; RSS after the runs: ${fmt(a.finalRssMb)} MB vs ${fmt(b.finalRssMb)} MB`);
