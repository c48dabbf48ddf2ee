import type { Config } from '../config/schema.js';
import { KyselyStore } from './kysely-store.js';
import { migrate } from './migrations/index.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import type { Store } from './store.js';

/** Opens the configured engine and brings its schema up to date. */
export async function openStore(config: Config): Promise<Store> {
  const url = config.storage.databaseUrl;
  const dialect = url ? 'postgres' : 'sqlite';
  const db = url ? openPostgres(url) : openSqlite(config.storage.dataDir);
  await migrate(db, dialect);
  return new KyselyStore(db, dialect);
}
