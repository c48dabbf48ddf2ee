// Password hashing with argon2id. @node-rs/argon2 runs the hash on libuv's thread pool, so the
// event loop keeps serving other requests while a sign-in hashes. At most one hash per available
// core runs at once (the affinity mask counts: `taskset -c 0` means one): more would only share
// the same cores, each holding its 19 MiB, thrashing the caches and adding to the peak RSS.
// Hashes past that wait, admitted fairly per pool and per source (see fair-admission.ts): anyone
// may make the server hash (an unknown user still costs a decoy hash), so one flooding client
// must not fill the line for everyone else.
import { isIPv6 } from 'node:net';
import { availableParallelism } from 'node:os';
import { hash, Algorithm } from '@node-rs/argon2';
import { TooManyRequestsException } from '../cognito/errors.js';
import { createFairAdmission } from './fair-admission.js';
import { verifyStoredHash } from './imported-hashes.js';
import { derive } from '../derive.js';

/** Who asks for password work: the client address and, when known, the app client. */
export interface PasswordWorkSource {
  address: string;
  clientId?: string;
}

export interface PasswordHasher {
  hash(password: string, poolId: string): Promise<string>;
  /** Verifies against this server's argon2id or a hash a user import brought (imported-hashes.ts). */
  verify(hashed: string, password: string, poolId: string): Promise<boolean>;
  /** Whether `hashed` is not this server's argon2id at its configured cost: replaced at the next sign-in. */
  needsRehash(hashed: string): boolean;
  /** A hash of a random password, verified against when the user does not exist, so timing matches. */
  readonly decoy: Promise<string>;
  /** The same hasher, counting its work against `source` (work of no known source shares one share). */
  forSource(source: PasswordWorkSource): PasswordHasher;
  /** The hash queue now: running, waiting, and refused since the start. */
  stats(): { running: number; waiting: number; refused: number };
}

/** `deps` whose password work counts against `source`: what a surface hands the domain for one request. */
export const withPasswordSource = <D extends { passwords: PasswordHasher }>(deps: D, source: PasswordWorkSource): D =>
  derive(deps, { passwords: deps.passwords.forSource(source) } as Partial<D>);

/**
 * The address a source is counted by. An IPv6 host is commonly given a whole /64 and may send from
 * any address in it, so the /64 is one source; an IPv4 address reported by a dual-stack socket
 * (`::ffff:192.0.2.1`) is the IPv4 address itself.
 */
function sourceAddress(address: string): string {
  // An IPv4 address (the common case) is its own source: no need for the IPv6 parse below.
  if (!address.includes(':')) return address;
  const bare = address.split('%')[0]!;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped) return mapped[1]!;
  if (!isIPv6(bare)) return address;
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // A trailing dotted IPv4 part stands for two groups.
  const rightGroups = right.length + (right.at(-1)?.includes('.') ? 1 : 0);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - rightGroups).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}

export function createPasswordHasher(options: {
  memoryKiB: number;
  iterations: number;
  concurrency?: number;
  maxQueued?: number;
  maxQueuedPerSource?: number;
}): PasswordHasher {
  const params = { algorithm: Algorithm.Argon2id, memoryCost: options.memoryKiB, timeCost: options.iterations, parallelism: 1 };
  const maxWaiting = options.maxQueued ?? 128;
  const admit = createFairAdmission({
    concurrency: options.concurrency ?? availableParallelism(),
    maxWaiting,
    maxWaitingPerSource: options.maxQueuedPerSource ?? maxWaiting,
    // Cognito's wording for its own request-rate limit.
    refusal: () => new TooManyRequestsException('Too many requests'),
  });
  const decoy = hash(`decoy-${Math.random()}`, params);
  const ownPrefix = `$argon2id$v=19$m=${options.memoryKiB},t=${options.iterations},p=1$`;
  const bound = (source: string): PasswordHasher => ({
    hash: (password, poolId) => admit({ pool: poolId, source }, () => hash(password, params)),
    verify: (hashed, password, poolId) =>
      admit({ pool: poolId, source }, async () => {
        try {
          return await verifyStoredHash(hashed, password);
        } catch {
          return false;
        }
      }),
    needsRehash: (hashed) => !hashed.startsWith(ownPrefix),
    decoy,
    forSource: ({ address, clientId }) => bound(`${sourceAddress(address)} ${clientId ?? ''}`),
    stats: admit.stats,
  });
  return bound('');
}
