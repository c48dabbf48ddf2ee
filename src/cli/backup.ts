// `gatehouse backup --out FILE`: a consistent copy of the SQLite store, taken while Gatehouse runs
// (SQLite's online backup, in one step so that no write lands half-way), then opened and checked.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';

export const backupHelp = `Usage: gatehouse backup --out FILE [--data DIR] [--config FILE] [--force]

Copies the SQLite store of a running (or stopped) Gatehouse to FILE, consistently, and checks the
copy by opening it. --data and --config name the store as for serve. --force replaces FILE.
The copy holds signing keys and client secrets sealed with the key-encryption key, which it does
not contain: keep that key (security.keyEncryptionKey, or secrets.json in the data folder) too,
separately. PostgreSQL stores: use pg_dump (README, "Backups").`;

export async function backup(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, data: { type: 'string' }, config: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(backupHelp);
    return;
  }
  if (!values.out) throw new Error('--out FILE is required (where the copy goes)');
  const { loadConfig, resolveConfigFile } = await import('../config/load.js');
  const { copyDatabase, databaseFileOf, refusePostgres, verifyStoreFile } = await import('./sqlite-file.js');
  const config = loadConfig({ file: resolveConfigFile(values.config), overrides: { storage: { ...(values.data && { dataDir: values.data }) } } });
  refusePostgres(config, 'backup');
  const source = databaseFileOf(config);
  if (!existsSync(source)) throw new Error(`there is no store at ${source} (--data names the data folder)`);
  if (existsSync(values.out) && !values.force) throw new Error(`${values.out} exists; --force replaces it`);

  // Written beside the target and renamed into place: a failed backup leaves no half file behind.
  const partial = `${values.out}.partial-${process.pid}`;
  await copyDatabase(source, partial);
  let summary;
  try {
    summary = verifyStoreFile(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, values.out);
  console.log(
    `Backed up ${source} to ${values.out}: ${summary.pools} user pool(s), ${summary.users} user(s), schema version ${summary.schemaVersion}; verified.\n` +
      'Its signing keys and client secrets open only with the key-encryption key in use now: keep that key as well.',
  );
}
