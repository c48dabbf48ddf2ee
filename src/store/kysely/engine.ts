// The prepared-statement engine of the Kysely store: hot lookups compiled once per dialect, and on
// SQLite run straight on the connection when no transaction is open.
import type { CompiledQuery, Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { DirectSqlite } from '../sqlite.js';
import type { Database } from '../schema.js';
import type { Store, Page } from '../store.js';
import type { RecordCache } from './record-cache.js';
import type { DataVersionWatch } from './data-version-watch.js';

/**
 * Hot point lookups are built and compiled to SQL once per dialect, then run with new parameters:
 * Kysely's query building and compiling costs more than the lookup itself. A query is built with
 * placeholder values (slot(i)) that are swapped for the real arguments, in SQL order, at each run.
 */
const SLOT = '\u0000gatehouse-slot-';
export const slot = (i: number): string => `${SLOT}${i}`;
interface Prepared {
  template: CompiledQuery;
  /** For each SQL parameter: the index of the argument it takes, or -1 to keep the compiled value. */
  slots: number[];
}
const preparedQueries = new Map<string, Prepared>();

/** Takes limit+1 rows to learn whether another page follows. */
export function page<T>(rows: T[], limit: number, key: (item: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: key(items[items.length - 1]) };
}

/**
 * SQLite only: the precompiled queries run straight on the connection (DirectSqlite) while no
 * transaction is open. better-sqlite3 is synchronous, so such a statement runs whole, in
 * autocommit, exactly as through Kysely. While a transaction is open (it spans awaits, and the
 * connection is shared), they go through Kysely, which waits for it to end: nothing reads another
 * request's uncommitted writes or writes into its transaction.
 */
export interface DirectPath {
  sqlite: DirectSqlite;
  openTransactions: number;
}

/** The records kept between requests (SQLite only; see record-cache.ts). */
export interface RecordCaches {
  /** The data_version reading the caches share. */
  dataVersion: DataVersionWatch;
  /** Pools and app clients. */
  records: RecordCache;
  /** Users, and users with a sign-in session. */
  users: RecordCache;
}

/** The prepared-statement engine every repository runs its queries through. */
export class QueryEngine {
  readonly records?: RecordCache;
  readonly userRecords?: RecordCache;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    protected readonly direct?: DirectPath,
    protected readonly caches?: RecordCaches,
  ) {
    this.records = caches?.records;
    this.userRecords = caches?.users;
  }

  private compiled(name: string, build: (db: Kysely<Database>) => { compile(): CompiledQuery<unknown> }, args: unknown[]): CompiledQuery<unknown> {
    const cacheKey = `${this.dialect}:${name}`;
    let prepared = preparedQueries.get(cacheKey);
    if (!prepared) {
      const template = build(this.db).compile();
      const slots = template.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? Number(p.slice(SLOT.length)) : -1));
      prepared = { template, slots };
      preparedQueries.set(cacheKey, prepared);
    }
    const { template, slots } = prepared;
    return { ...template, parameters: slots.map((s, i) => (s === -1 ? template.parameters[i] : args[s])) };
  }

  /** Runs a query compiled once (see Prepared) with these arguments; `name` must identify the query's shape. */
  async prepared<R>(name: string, build: (db: Kysely<Database>) => { compile(): CompiledQuery<R> }, args: unknown[]): Promise<R[]> {
    const query = this.compiled(name, build, args);
    if (this.direct && this.direct.openTransactions === 0) return this.direct.sqlite.query(query.sql, query.parameters).rows as R[];
    return (await this.db.executeQuery<R>(query as CompiledQuery<R>)).rows;
  }

  /** As prepared(), for a write: the number of rows it changed. */
  async preparedWrite(name: string, build: (db: Kysely<Database>) => { compile(): CompiledQuery<unknown> }, args: unknown[]): Promise<number> {
    const query = this.compiled(name, build, args);
    if (this.direct && this.direct.openTransactions === 0) return this.direct.sqlite.query(query.sql, query.parameters).changes;
    return Number((await this.db.executeQuery(query)).numAffectedRows ?? 0n);
  }
}

/** What a repository is given: the engine, and the store's transaction for writes that span tables. */
export type Engine = Pick<QueryEngine, 'db' | 'prepared' | 'preparedWrite' | 'records' | 'userRecords'> & { transaction: Store['transaction'] };

/** The engine of a Store handed to a transaction's callback (always a KyselyStore here). */
export const engineOf = (tx: Store): Engine => tx as unknown as Engine;
