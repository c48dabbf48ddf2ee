import type { Config } from '../config/schema.js';
import { KyselyStore } from './kysely/kysely-store.js';
import { RecordCache } from './kysely/record-cache.js';
import { DataVersionWatch } from './kysely/data-version-watch.js';
import { migrate } from './migrations/index.js';
import type { Store, StoreObserver } from './store.js';

/** Users (with their sign-in session) kept between requests on SQLite: a few MiB at most. */
const USER_RECORDS_KEPT = 10_000;
/** The user cache keeps nothing until this many user lookups have passed without a write (record-cache.ts). */
export const USER_CACHE_QUIET_LOOKUPS = 64;

const reportToStderr = (error: Error) => process.stderr.write(`PostgreSQL connection lost while idle (replaced): ${error.message}\n`);

/**
 * Opens the configured engine and brings its schema up to date. Each engine's driver is loaded
 * only when it is used: `pg` alone adds a tenth of a second to every SQLite start.
 */
export async function openStore(
  config: Config,
  onConnectionError: (error: Error) => void = reportToStderr,
  observer: StoreObserver = {},
): Promise<Store> {
  const url = config.storage.databaseUrl;
  const dialect = url ? 'postgres' : 'sqlite';
  if (url) {
    const { openPostgres, waitForPostgres } = await import('./postgres.js');
    let poolStats: (() => { total: number; idle: number; waiting: number }) | undefined;
    const db = openPostgres(url, onConnectionError, { ...observer, onPool: (stats) => (poolStats = stats) });
    try {
      await waitForPostgres(db, url, config.storage.databaseWaitSeconds);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    await migrate(db, dialect);
    const store = new KyselyStore(db, dialect);
    store.poolStats = () => poolStats?.();
    return store;
  }
  const { db, direct } = (await import('./sqlite.js')).openSqlite(config.storage.dataDir, config.storage.sqliteCacheMiB, observer);
  await migrate(db, dialect);
  const path = { sqlite: direct, openTransactions: 0 };
  const transactionOpen = () => path.openTransactions > 0;
  const dataVersion = new DataVersionWatch(direct.dataVersion);
  return new KyselyStore(db, dialect, path, {
    dataVersion,
    records: new RecordCache(dataVersion.current, transactionOpen),
    users: new RecordCache(dataVersion.current, transactionOpen, { localWrites: direct.writes, maxRecords: USER_RECORDS_KEPT, quietLookupsBeforeStoring: USER_CACHE_QUIET_LOOKUPS }),
  });
}
