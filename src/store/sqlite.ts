// SQLite through better-sqlite3 (v12: v13 needs Node 22). WAL lets readers run beside the writer.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import type { Database } from './schema.js';
import type { StoreObserver } from './store.js';

/** Most distinct SQL texts kept prepared; beyond it the cache starts over (the app has far fewer). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Makes a statement that changes the database (SQLite's own judgement: not readonly) call
 * `afterWrite` each time it has run, failed or not. Its run, get and all are replaced on that one
 * statement: Kysely and the direct path call them; reads are left untouched.
 */
function countingWrites(statement: SqliteDatabase.Statement, afterWrite: () => void): SqliteDatabase.Statement {
  if (statement.readonly) return statement;
  for (const method of ['run', 'get', 'all'] as const) {
    const original = statement[method] as (...parameters: unknown[]) => unknown;
    Object.defineProperty(statement, method, {
      value: (...parameters: unknown[]) => {
        try {
          return original.apply(statement, parameters);
        } finally {
          afterWrite();
        }
      },
    });
  }
  return statement;
}

/**
 * Kysely's SQLite driver prepares every query anew, which costs more than running a point lookup.
 * This keeps one prepared statement per SQL text. A statement that is busy (an open iterate() of a
 * streamed query) is not shared: that query gets a fresh statement.
 */
function withStatementCache(database: SqliteDatabase.Database, afterWrite: () => void): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = countingWrites(database.prepare(sql), afterWrite);
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Runs one statement at once on the connection, outside Kysely: the store's precompiled hot
 * queries use it when no transaction is open (see KyselyStore), skipping Kysely's per-query
 * connection hand-over, which costs more than a point lookup. Rows for a reader, else the count
 * of changed rows.
 */
export interface DirectSqlite {
  query(sql: string, parameters: readonly unknown[]): { rows: unknown[]; changes: number };
  /** SQLite's data_version: changes when another connection commits a write to the file. */
  dataVersion(): number;
  /** How many statements that change the database this connection has run (the complement of dataVersion). */
  writes(): number;
}

export function openSqlite(dataDir: string, cacheMiB = 32, observer: StoreObserver = {}): { db: Kysely<Database>; direct: DirectSqlite } {
  mkdirSync(dataDir, { recursive: true });
  const database = new SqliteDatabase(join(dataDir, 'gatehouse.sqlite3'));
  database.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  // SQLite's own page cache (default 2 MiB): large pools need their index interior pages kept in
  // the process, or every lookup reads them again (and the OS page cache is not always there).
  database.pragma(`cache_size = -${Math.round(cacheMiB * 1024)}`);
  let writes = 0;
  const statements = withStatementCache(database, () => writes++);
  const run: DirectSqlite['query'] = (sql, parameters) => {
    const statement = statements.prepare(sql) as unknown as SqliteDatabase.Statement;
    if (statement.reader) return { rows: statement.all(parameters), changes: 0 };
    return { rows: [], changes: statement.run(parameters).changes };
  };
  const onQuery = observer.onQuery;
  const dataVersion = database.prepare('PRAGMA data_version').pluck();
  const direct: DirectSqlite = {
    dataVersion: () => dataVersion.get() as number,
    writes: () => writes,
    query: onQuery
      ? (sql, parameters) => {
          const startedAt = performance.now();
          try {
            return run(sql, parameters);
          } finally {
            onQuery(performance.now() - startedAt);
          }
        }
      : run,
  };
  return {
    db: new Kysely<Database>({
      dialect: new SqliteDialect({ database: statements }),
      ...(onQuery && { log: (event) => onQuery(event.queryDurationMillis) }),
    }),
    direct,
  };
}
