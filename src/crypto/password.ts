// Password hashing with argon2id. @node-rs/argon2 runs the hash on libuv's thread pool, so the
// event loop keeps serving other requests while a sign-in hashes.
import { hash, verify, Algorithm } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /** A hash of a random password, verified against when the user does not exist, so timing matches. */
  readonly decoy: Promise<string>;
}

export function createPasswordHasher(options: { memoryKiB: number; iterations: number }): PasswordHasher {
  const params = { algorithm: Algorithm.Argon2id, memoryCost: options.memoryKiB, timeCost: options.iterations, parallelism: 1 };
  const hasher: PasswordHasher = {
    hash: (password) => hash(password, params),
    verify: async (hashed, password) => {
      try {
        return await verify(hashed, password);
      } catch {
        return false;
      }
    },
    decoy: hash(`decoy-${Math.random()}`, params),
  };
  return hasher;
}
