// Prints the functions with the most self time in a .cpuprofile (node --cpu-prof), and the same by script.
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 30);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map();
const byScript = new Map();
for (const [id, us] of self) {
  const { callFrame: f } = byId.get(id);
  const script = f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/') || '(native)';
  const key = `${f.functionName || '(anonymous)'}  ${script}:${f.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = script.startsWith('dist/') || script.startsWith('src/') ? script : script.split('/').slice(0, script.startsWith('@') ? 2 : 1).join('/');
  byScript.set(pkg, (byScript.get(pkg) ?? 0) + us);
}
const print = (title, map) => {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms)`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
};
// Inclusive time: each sample counts once for every distinct function on its stack.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (id) => {
  const { callFrame: f } = byId.get(id);
  const script = f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/') || '(native)';
  return `${f.functionName || '(anonymous)'}  ${script}:${f.lineNumber + 1}`;
};
const inclusive = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const seen = new Set();
  for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) seen.add(keyOf(id));
  for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + (deltas[i] ?? 0));
}
print('self time by function', byFunction);
print('inclusive time by function', inclusive);
print('self time by script/package', byScript);
