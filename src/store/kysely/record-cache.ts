// Records read on nearly every request are kept between requests on SQLite, as long as this process
// can prove nothing has changed them. Two caches use these rules (store/open.ts):
// - pools and app clients (every admin operation names a pool, every GetUser's answer depends on
//   its client), written rarely: every update or delete through this process's repositories
//   clears it (pools.ts, clients.ts); an insert need not, since an id not found is never kept;
// - users, with their sign-in session for an access token (users.ts), written often: any write
//   statement this process runs, on any table, clears it (the connection counts them, sqlite.ts).
//   So a revocation, a disabled user or a changed attribute is never missed, whatever code path
//   or foreign-key cascade made it, and a read-mostly load (GetUser, AdminGetUser) skips SQLite.
// For both:
// - a write by any other connection to the file (another process, a CLI command run beside the
//   server) changes SQLite's `PRAGMA data_version` on this connection, which is checked before
//   every cached read, and clears the cache too;
// - while a transaction is open nothing is read from or stored into the cache: its writes are not
//   yet committed, and reads then wait for it, as every other query on the shared connection does.
// PostgreSQL has no such cheap check, so there every read goes to the database (no cache).

import { deepFreeze } from '../../deep-freeze.js';

/** Taken when a read misses; storing its result is refused if the cache was cleared since. */
export interface CacheTicket {
  readonly generation: number;
}

export interface RecordCacheOptions {
  /**
   * Most records kept. When full, only one miss in REPLACE_EVERY takes the oldest record's place:
   * reads spread evenly over far more users than fit (AdminGetUser over 100,000 users) otherwise
   * replace a record at every request, each one living just long enough to cost the garbage
   * collector (30 % more CPU per request than no cache at all), while a new working set still
   * moves in within a few thousand requests.
   */
  maxRecords?: number;
  /** This process's own writes so far: when given, any change of it clears the cache. */
  localWrites?: () => number;
  /**
   * Stores nothing until this many lookups have passed since the cache was last cleared. A cache
   * cleared moments ago will likely be cleared again before anything it keeps is read: under a
   * steady stream of writes, keeping records would only add work for the garbage collector (a
   * mixed load's GC time rose by 70 % when every miss was kept).
   */
  quietLookupsBeforeStoring?: number;
}

/** When the cache is full, one miss in this many replaces its oldest record (see maxRecords). */
const REPLACE_EVERY = 16;

export class RecordCache {
  private readonly records = new Map<string, unknown>();
  private readonly maxRecords: number;
  private readonly localWrites?: () => number;
  private readonly quietLookupsBeforeStoring: number;
  private lookupsSinceClear = 0;
  private missesWhileFull = 0;
  private generation = 0;
  private version: number;
  private writes: number;

  constructor(
    private readonly dataVersion: () => number,
    private readonly transactionOpen: () => boolean,
    options: RecordCacheOptions = {},
  ) {
    this.maxRecords = options.maxRecords ?? 10_000;
    this.localWrites = options.localWrites;
    this.quietLookupsBeforeStoring = options.quietLookupsBeforeStoring ?? 0;
    this.version = dataVersion();
    this.writes = this.localWrites?.() ?? 0;
  }

  /** The record, or a ticket to store it with once read (undefined: neither read nor store now). */
  lookup<T>(key: string): { hit: T } | { ticket: CacheTicket } | undefined {
    if (this.transactionOpen()) return undefined;
    const version = this.dataVersion();
    if (version !== this.version) {
      this.clear();
      this.version = version;
    }
    if (this.localWrites) {
      const writes = this.localWrites();
      if (writes !== this.writes) {
        this.clear();
        this.writes = writes;
      }
    }
    this.lookupsSinceClear++;
    const record = this.records.get(key);
    if (record !== undefined) return { hit: record as T };
    return { ticket: { generation: this.generation } };
  }

  /**
   * Keeps a record read after lookup(), unless the cache was cleared in between (the read may be
   * stale). A change the cache has not noticed yet needs no check here: the record was read after
   * the ticket's lookup, so it is at least as new as the version and write count that lookup saw,
   * and the next lookup that sees either move clears it.
   */
  store(key: string, record: unknown, ticket: CacheTicket): void {
    if (ticket.generation !== this.generation || this.transactionOpen() || this.lookupsSinceClear < this.quietLookupsBeforeStoring) return;
    if (this.records.size >= this.maxRecords) {
      if (++this.missesWhileFull % REPLACE_EVERY !== 0) return;
      this.records.delete(this.records.keys().next().value!);
    }
    this.records.set(key, record);
  }

  /** Called after every write to pools or clients, inside a transaction or not (writeThenClear). */
  clear(): void {
    this.generation++;
    this.lookupsSinceClear = 0;
    this.records.clear();
  }
}

/**
 * Runs a write to pools or clients, then clears the cache (after, not before: a read that started
 * before the write and stores its result after it is refused by its ticket's generation).
 */
export async function writeThenClear<T>(cache: RecordCache | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    cache?.clear();
  }
}

/**
 * A cached point lookup: the cached record, else the read's result, kept when it exists. Records
 * are frozen on every path (cache or not, SQLite or PostgreSQL), so that code which would change
 * one fails the same way on both engines.
 */
export function cachedRead<T extends object>(cache: RecordCache | undefined, key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
  return cachedRow(cache, key, async () => {
    const record = await read();
    return record === undefined ? undefined : deepFreeze(record);
  });
}

/**
 * A cached point lookup of a database row, for a repository that makes a new record of it for
 * each caller: callers may change what they are given, and the kept row itself is never handed
 * out, so nothing needs freezing (freezing a user record on every read cost 3 % of a mixed load).
 */
export async function cachedRow<T extends object>(cache: RecordCache | undefined, key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
  const found = cache?.lookup<T>(key);
  if (found && 'hit' in found) return found.hit;
  const row = await read();
  if (row !== undefined && found) cache!.store(key, row, found.ticket);
  return row;
}
