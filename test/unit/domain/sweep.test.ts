// The now-and-then expiry sweep: runs about one call in N, and a failing sweep is logged, never
// thrown into the request that ran it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Deps } from '../../../src/domain/deps.js';
import { sweepNowAndThen } from '../../../src/domain/sweep.js';

const depsWith = (warn: (...args: unknown[]) => void) => ({ log: { warn } }) as unknown as Deps;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sweepNowAndThen', () => {
  it('runs the sweep when the draw falls under 1 / oneIn, else not', async () => {
    const sweep = vi.fn(async () => {});
    const random = vi.spyOn(Math, 'random');
    random.mockReturnValue(0.0099); // 0.99 < 1 for oneIn = 100
    await sweepNowAndThen(depsWith(() => {}), 100, 'things', sweep);
    random.mockReturnValue(0.01); // exactly 1: no
    await sweepNowAndThen(depsWith(() => {}), 100, 'things', sweep);
    expect(sweep).toHaveBeenCalledTimes(1);
  });

  it('logs a failed sweep and resolves', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const warn = vi.fn();
    await expect(sweepNowAndThen(depsWith(warn), 10, 'things', async () => {
      throw new Error('database is locked');
    })).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ what: 'things' }), expect.stringContaining('sweep failed'));
  });
});
