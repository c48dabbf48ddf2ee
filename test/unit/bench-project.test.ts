// The benchmark's projection onto the targets' machine: each part of a request's CPU scaled by
// its own ceiling (pure arithmetic, bench/project.mjs).
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { hashShare, project, TARGET_MACHINE } from '../../bench/project.mjs';

const baseline = { cpuMsPerRequest: 0.08, signPerCpuSecond: 1000, argon2PerCpuSecond: 50, modexpPerCpuSecond: 1000 };

describe('project', () => {
  it('scales a plain HTTP scenario by the hello-world alone', () => {
    // 4 × the hello-world's CPU here → 4 × 0.02 ms there → 12,500/s.
    expect(project('getuser', 0.32, baseline).perSecond).toBeCloseTo(12_500, 6);
  });

  it('scales signatures by the signing rate and the rest by the hello-world', () => {
    // 2 signatures = 2 ms here; 0.4 ms rest → 0.1 ms there; 2 / 2650 s of signatures there.
    const r = project('refresh', 2.4, baseline);
    expect(r.restMsHere).toBeCloseTo(0.4, 9);
    expect(r.cpuMs).toBeCloseTo(2 * TARGET_MACHINE.signMs + 0.1, 9);
  });

  it('gives SRP the targets\' 2.3 ms of exponentiations in place of this machine\'s three', () => {
    // 3 exponentiations (3 ms) + 2 signatures (2 ms) + 0.8 ms rest here.
    const r = project('srp', 5.8, baseline);
    expect(r.restMsHere).toBeCloseTo(0.8, 9);
    expect(r.cpuMs).toBeCloseTo(2.3 + 2 * TARGET_MACHINE.signMs + 0.2, 9);
  });

  it('is undefined without the ceilings, and never negative when the CPU is below the crypto alone', () => {
    expect(project('getuser', 0.3, undefined)).toBeUndefined();
    expect(project('refresh', 1, baseline).restMsHere).toBe(0);
  });

  it('gives login its share of the hash-alone rate', () => {
    // One hash alone is 20 ms here; a 25 ms login reaches 80 % of it → 88/s at 110 hashes/s.
    const r = hashShare(25, baseline);
    expect(r.share).toBeCloseTo(0.8, 9);
    expect(r.perSecond).toBeCloseTo(88, 6);
  });
});
