// User pools and app clients are read on nearly every request (every admin operation names a pool,
// every GetUser's answer depends on its client) and written rarely. On SQLite their records are kept
// between requests, as long as this process can prove nothing has changed them:
// - every update or delete through this process's repositories clears the cache (pools.ts,
//   clients.ts); an insert need not, since an id not found is never kept;
// - a write by any other connection to the file (another process, a CLI command run beside the
//   server) changes SQLite's `PRAGMA data_version` on this connection, which is checked before
//   every cached read, and clears the cache too;
// - while a transaction is open nothing is read from or stored into the cache: its writes are not
//   yet committed, and reads then wait for it, as every other query on the shared connection does.
// PostgreSQL has no such cheap check, so there every read goes to the database (no cache).

import { deepFreeze } from '../../deep-freeze.js';

/** Taken when a read misses; storing its result is refused if anything was written since. */
export interface CacheTicket {
  readonly generation: number;
  readonly version: number;
}

/** Most records kept (pools and clients together) before the cache starts over. */
const MAX_RECORDS = 10_000;

export class RecordCache {
  private readonly records = new Map<string, unknown>();
  private generation = 0;
  private version: number;

  constructor(
    private readonly dataVersion: () => number,
    private readonly transactionOpen: () => boolean,
  ) {
    this.version = dataVersion();
  }

  /** The record, or a ticket to store it with once read (undefined: neither read nor store now). */
  lookup<T>(key: string): { hit: T } | { ticket: CacheTicket } | undefined {
    if (this.transactionOpen()) return undefined;
    const version = this.dataVersion();
    if (version !== this.version) this.clearFor(version);
    const record = this.records.get(key);
    if (record !== undefined) return { hit: record as T };
    return { ticket: { generation: this.generation, version } };
  }

  /** Keeps a record read after lookup(), unless a write happened in between (the read may be stale). */
  store(key: string, record: unknown, ticket: CacheTicket): void {
    if (ticket.generation !== this.generation || this.transactionOpen() || this.dataVersion() !== ticket.version) return;
    if (this.records.size >= MAX_RECORDS) this.records.clear();
    this.records.set(key, record);
  }

  /** Called after every write to pools or clients, inside a transaction or not (writeThenClear). */
  clear(): void {
    this.generation++;
    this.records.clear();
  }

  private clearFor(version: number): void {
    this.clear();
    this.version = version;
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
export async function cachedRead<T extends object>(cache: RecordCache | undefined, key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
  const found = cache?.lookup<T>(key);
  if (found && 'hit' in found) return found.hit;
  const record = await read();
  if (record === undefined) return undefined;
  deepFreeze(record);
  if (found) cache!.store(key, record, found.ticket);
  return record;
}
