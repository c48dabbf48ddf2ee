// Password hashing with argon2id. @node-rs/argon2 runs the hash on libuv's thread pool, so the
// event loop keeps serving other requests while a sign-in hashes. At most one hash per available
// core runs at once (the affinity mask counts: `taskset -c 0` means one): more would only share
// the same cores, each holding its 19 MiB, thrashing the caches and adding to the peak RSS.
import { availableParallelism } from 'node:os';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { TooManyRequestsException } from '../cognito/errors.js';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /** A hash of a random password, verified against when the user does not exist, so timing matches. */
  readonly decoy: Promise<string>;
}

/**
 * Runs at most `limit` tasks at once, the others waiting in arrival order. Past `maxWaiting`
 * waiting tasks it refuses at once: a flood of sign-ins must not queue without bound (memory,
 * and answers that come after every client has given up).
 */
function limiter(limit: number, maxWaiting: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) {
      if (waiting.length >= maxWaiting) throw new TooManyRequestsException('Too many requests');
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

export function createPasswordHasher(options: { memoryKiB: number; iterations: number; concurrency?: number; maxQueued?: number }): PasswordHasher {
  const params = { algorithm: Algorithm.Argon2id, memoryCost: options.memoryKiB, timeCost: options.iterations, parallelism: 1 };
  const limit = limiter(options.concurrency ?? availableParallelism(), options.maxQueued ?? 128);
  const hasher: PasswordHasher = {
    hash: (password) => limit(() => hash(password, params)),
    verify: (hashed, password) =>
      limit(async () => {
        try {
          return await verify(hashed, password);
        } catch {
          return false;
        }
      }),
    decoy: hash(`decoy-${Math.random()}`, params),
  };
  return hasher;
}
