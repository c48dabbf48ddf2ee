// The ceilings of this machine, measured the same way as the scenarios: a Fastify hello-world
// (POST / → {"hello":"world"}), node:crypto RS256 sign/verify per CPU second, one argon2id hash
// at the server's parameters (19 MiB, t=2, p=1) per CPU second (the login and signup ceiling,
// whatever else a sign-in does), and SRP's 3072-bit modular exponentiation with a 256-bit
// exponent (three per USER_SRP_AUTH sign-in).
//   node bench/baseline.mjs serve PORT     (the hello-world server; the runner starts it)
//   node bench/baseline.mjs crypto         (prints the per-CPU-second rates, as JSON)
import { createDiffieHellman, generateKeyPairSync, getDiffieHellman, randomBytes, sign, verify } from 'node:crypto';
import { hash, verify as verifyHash, Algorithm } from '@node-rs/argon2';
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
  const group = getDiffieHellman('modp15');
  const dh = createDiffieHellman(group.getPrime(), Buffer.from([2]));
  const base = Buffer.concat([Buffer.from([1]), randomBytes(383)]);
  const modexp = () => {
    dh.setPrivateKey(randomBytes(32));
    dh.computeSecret(base);
  };
  // argon2 runs on libuv's pool: CPU of the whole process (all threads) per hash, one at a time.
  const hashed = await hash('Bench-Passw0rd!', { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  for (let i = 0; i < 3; i++) await verifyHash(hashed, 'Bench-Passw0rd!');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let hashes = 0;
  while (performance.now() - t0 < 3000) {
    await verifyHash(hashed, 'Bench-Passw0rd!');
    hashes++;
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({
    signPerCpuSecond: rate(() => sign('sha256', data, privateKey)),
    verifyPerCpuSecond: rate(() => verify('sha256', data, publicKey, signature)),
    modexpPerCpuSecond: rate(modexp),
    argon2PerCpuSecond: Math.round(hashes / ((cpu.user + cpu.system) / 1e6)),
  }));
} else {
  throw new Error('usage: baseline.mjs serve PORT | crypto');
}
