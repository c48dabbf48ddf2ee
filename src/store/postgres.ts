// PostgreSQL through pg. Several Gatehouse processes may share one database.
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema.js';
import type { StoreObserver } from './store.js';

// BIGINT (int8, OID 20) arrives as a string by default; our instants fit in a double exactly.
const types = {
  getTypeParser(oid: number, format?: any) {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * `onIdleError`: a pooled connection that fails while idle (the server restarted, a failover, an
 * administrator terminated it) is dropped and replaced by the pool; without a listener pg-pool
 * would throw the error and end the process.
 */
export function openPostgres(
  databaseUrl: string,
  onIdleError: (error: Error) => void,
  observer: StoreObserver = {},
): Kysely<Database> {
  // A connection attempt to a host that never answers fails after 10 s instead of waiting forever.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 10_000, types: types as any });
  pool.on('error', onIdleError);
  // A connection that fails while checked out (PostgreSQL restarted during a query or between a
  // transaction's statements) rejects its query, and its client emits 'error' as well: with no
  // listener that event would end the process. The query's rejection is the error to handle; the
  // pool drops the client when it is released, as it is no longer queryable.
  pool.on('connect', (client) => client.on('error', () => {}));
  observer.onPool?.(() => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
  const onQuery = observer.onQuery;
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(onQuery && { log: (event) => onQuery(event.queryDurationMillis) }),
  });
}

/** host:port/database of a PostgreSQL URL, for messages: never its user or password. */
export function describeDatabase(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    return `${host}:${url.port || 5432}${url.pathname.length > 1 ? url.pathname : ''}`;
  } catch {
    return 'the configured database';
  }
}

/** Errors of a database that is not up yet (or not reachable yet): worth another try at start. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', '57P03']);
const isTransient = (error: Error & { code?: string }) =>
  (error.code !== undefined && TRANSIENT.has(error.code)) || /timeout|terminated unexpectedly|Connection terminated/i.test(error.message);

function reason(error: Error & { code?: string }): string {
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return 'its host name does not resolve';
  if (error.code === 'ECONNREFUSED') return 'the connection was refused (is PostgreSQL running and listening there?)';
  return error.message;
}

/**
 * Waits up to `waitSeconds` for the database to answer (it may be starting beside us), retrying
 * what may pass; a wrong password or a missing database fails at once. The error names the
 * database (host, port, name) and never the URL's credentials.
 */
export async function waitForPostgres(db: Kysely<Database>, databaseUrl: string, waitSeconds: number): Promise<void> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 2000)) {
    try {
      await sql`select 1`.execute(db);
      return;
    } catch (caught) {
      const error = caught as Error & { code?: string };
      const remaining = deadline - Date.now();
      if (!isTransient(error) || remaining <= 0) {
        const tried = isTransient(error) && waitSeconds > 0 ? ` (retried for ${waitSeconds} s; GATEHOUSE_DATABASE_WAIT_SECONDS sets how long)` : '';
        throw new Error(`cannot use the PostgreSQL database at ${describeDatabase(databaseUrl)} (DATABASE_URL): ${reason(error)}${tried}`, { cause: error });
      }
      await sleep(Math.min(delayMs, remaining));
    }
  }
}
