// The ceilings of this machine, measured the same way as the scenarios: a Fastify hello-world
// (POST / → {"hello":"world"}) and node:crypto RS256 sign/verify per CPU second.
//   node bench/baseline.mjs serve PORT     (the hello-world server; the runner starts it)
//   node bench/baseline.mjs crypto         (prints RS256 sign and verify per CPU second, as JSON)
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import Fastify from 'fastify';

const [mode, port] = process.argv.slice(2);
if (mode === 'serve') {
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok' }));
  app.post('/', async () => ({ hello: 'world' }));
  await app.listen({ host: '127.0.0.1', port: Number(port) });
} else if (mode === 'crypto') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.from('x'.repeat(900));
  const signature = sign('sha256', data, privateKey);
  const rate = (fn) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 2000) {
      fn();
      n++;
    }
    const cpu = process.cpuUsage(cpu0);
    return Math.round(n / ((cpu.user + cpu.system) / 1e6));
  };
  console.log(JSON.stringify({ signPerCpuSecond: rate(() => sign('sha256', data, privateKey)), verifyPerCpuSecond: rate(() => verify('sha256', data, publicKey, signature)) }));
} else {
  throw new Error('usage: baseline.mjs serve PORT | crypto');
}
