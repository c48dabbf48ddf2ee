// `gatehouse restore FILE`: puts a backup in place of the SQLite store. Before it changes anything
// it checks the backup (whole, a Gatehouse store, not from a newer version) and that the
// key-encryption key in use opens the backup's sealed secrets. The replaced store is kept beside.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';

export const restoreHelp = `Usage: gatehouse restore FILE [--data DIR] [--config FILE]

Replaces the SQLite store named by --data / --config (as for serve) with the backup FILE. Stop the
Gatehouse processes using that store first. The backup is checked first, and so is the
key-encryption key in use (security.keyEncryptionKey, GATEHOUSE_KEY_ENCRYPTION_KEY or the data
folder's secrets.json): it must open the backup's signing keys and client secrets, or nothing is
changed. The store it replaces is kept as gatehouse.sqlite3.before-restore-<time>.`;

export async function restore(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { data: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(restoreHelp);
    return;
  }
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new Error('name one backup file: gatehouse restore FILE');
  const { loadConfig, resolveConfigFile } = await import('../config/load.js');
  const { copyDatabase, databaseFileOf, keyEncryptionKeyOf, openSealedSecrets, refusePostgres, verifyStoreFile } = await import('./sqlite-file.js');
  const { latestSchemaVersion } = await import('../store/migrations/index.js');
  const config = loadConfig({ file: resolveConfigFile(values.config), overrides: { storage: { ...(values.data && { dataDir: values.data }) } } });
  refusePostgres(config, 'restore');
  if (!existsSync(file)) throw new Error(`there is no file ${file}`);

  const summary = verifyStoreFile(file);
  if (summary.schemaVersion > latestSchemaVersion) {
    throw new Error(`${file} comes from a newer Gatehouse (schema version ${summary.schemaVersion}; this one knows ${latestSchemaVersion}): restore it with that version`);
  }
  const key = keyEncryptionKeyOf(config);
  const fix = 'Nothing was changed. Set security.keyEncryptionKey (GATEHOUSE_KEY_ENCRYPTION_KEY) to the key the backup was made with, ' +
    `or put the secrets.json of the store it was made from in ${config.storage.dataDir}.`;
  if (!key) throw new Error(`no key-encryption key is set, so the backup's signing keys and client secrets could not be opened. ${fix}`);
  const { sealed, opened } = openSealedSecrets(file, key);
  if (opened < sealed) {
    throw new Error(`the key-encryption key in use does not open the backup's sealed secrets (${sealed - opened} of ${sealed} signing keys and client secrets). ${fix}`);
  }

  const target = databaseFileOf(config);
  mkdirSync(config.storage.dataDir, { recursive: true });
  // The backup is copied beside the target first, then renamed over it: the store is never half-written.
  const incoming = `${target}.restoring-${process.pid}`;
  await copyDatabase(file, incoming);
  let kept: string | undefined;
  if (existsSync(target)) {
    const { default: Database } = await import('better-sqlite3');
    // Fold the write-ahead log into the file it belongs to, so the kept copy is whole on its own.
    const old = new Database(target, { fileMustExist: true });
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, kept);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(incoming, target);
  console.log(
    `Restored ${file} to ${target}: ${summary.pools} user pool(s), ${summary.users} user(s), schema version ${summary.schemaVersion}.` +
      (kept ? `\nThe store it replaced is kept as ${kept}.` : ''),
  );
}
