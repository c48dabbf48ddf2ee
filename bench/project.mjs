// Projects this machine's figures onto the machine the targets were written for. Each part
// of a request's CPU is scaled by the ceiling that bounds it, measured in the same session:
// RS256 signatures by the signing rate, SRP's exponentiations by the 2.3 ms per sign-in,
// argon2id by the hash-alone rate, and everything else (HTTP, JSON, SQLite, hashing) by the
// Fastify hello-world. The targets' machine: hello-world 50,000 req/s (0.02 ms CPU), 2,650
// signatures/s, 2.3 ms for SRP's three exponentiations, one argon2id hash ≈ 110/s.
export const TARGET_MACHINE = { helloCpuMs: 1000 / 50_000, signMs: 1000 / 2650, srpModexpMs: 2.3, argon2PerSecond: 110 };

/**
 * Per request: RS256 signatures (ID + access token), argon2id hashes and 3072-bit exponentiations
 * (SRP's three per sign-in; SignUp computes the new user's SRP verifier, one). The mix is 10 %
 * refreshes, so 0.2 signatures a request.
 */
const PARTS = {
  refresh: { signatures: 2, hashes: 0, modexps: 0 },
  login: { signatures: 2, hashes: 1, modexps: 0 },
  signup: { signatures: 0, hashes: 1, modexps: 1 },
  srp: { signatures: 2, hashes: 0, modexps: 3 },
  mix: { signatures: 0.2, hashes: 0, modexps: 0 },
};
const NONE = { signatures: 0, hashes: 0, modexps: 0 };

/**
 * baseline: { cpuMsPerRequest (hello-world), signPerCpuSecond, modexpPerCpuSecond, argon2PerCpuSecond }
 * Returns { cpuMs, perSecond } projected, or undefined without the ceilings.
 */
export function project(scenario, cpuMs, baseline) {
  if (!baseline?.cpuMsPerRequest || !Number.isFinite(cpuMs)) return undefined;
  const parts = PARTS[scenario] ?? NONE;
  const here = parts.signatures * (1000 / baseline.signPerCpuSecond) + parts.hashes * (1000 / baseline.argon2PerCpuSecond)
    + parts.modexps * (1000 / baseline.modexpPerCpuSecond);
  // The 2.3 ms is for SRP's three exponentiations.
  const there = parts.signatures * TARGET_MACHINE.signMs + parts.hashes * (1000 / TARGET_MACHINE.argon2PerSecond)
    + parts.modexps * (TARGET_MACHINE.srpModexpMs / 3);
  const rest = Math.max(0, cpuMs - here);
  const projectedCpu = there + rest * (TARGET_MACHINE.helloCpuMs / baseline.cpuMsPerRequest);
  return { cpuMs: projectedCpu, perSecond: 1000 / projectedCpu, restMsHere: rest };
}

/** login / signup: the share of one core's hash-alone rate that the scenario reaches. */
export function hashShare(cpuMs, baseline) {
  if (!baseline?.argon2PerCpuSecond || !Number.isFinite(cpuMs)) return undefined;
  const share = 1000 / baseline.argon2PerCpuSecond / cpuMs;
  return { share, perSecond: share * TARGET_MACHINE.argon2PerSecond };
}
