// PostgreSQL through pg. Several Gatehouse processes may share one database.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.js';

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
export function openPostgres(databaseUrl: string, onIdleError: (error: Error) => void): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, types: types as any });
  pool.on('error', onIdleError);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
