// What backup and restore share: the SQLite file of a configuration, and the checks a copy of it
// must pass before anyone relies on it.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config/schema.js';
import { createSealer } from '../crypto/seal.js';
import { SEAL_PURPOSE as SIGNING_KEY_PURPOSE } from '../tokens/keys.js';
import { SECRET_PURPOSE as CLIENT_SECRET_PURPOSE } from '../domain/client-secrets.js';

export const SQLITE_FILE = 'gatehouse.sqlite3';

export const databaseFileOf = (config: Config): string => join(config.storage.dataDir, SQLITE_FILE);

/** Backup and restore copy SQLite files; a PostgreSQL store is copied with PostgreSQL's own tools. */
export function refusePostgres(config: Config, command: string): void {
  if (config.storage.databaseUrl) {
    throw new Error(`the store is PostgreSQL (DATABASE_URL): ${command} copies SQLite stores only; use pg_dump and pg_restore, or point-in-time recovery (README, "Backups")`);
  }
}

export interface StoreSummary {
  schemaVersion: number;
  pools: number;
  users: number;
}

/**
 * Copies an SQLite database with SQLite's online backup, all pages in one step (a step that another
 * connection's write interrupts starts over, so a busy store would never finish in small steps).
 * A failed copy leaves no file behind.
 */
export async function copyDatabase(sourcePath: string, targetPath: string): Promise<void> {
  const source = new Database(sourcePath, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(targetPath, { progress: () => 0x7fffffff });
  } catch (error) {
    rmSync(targetPath, { force: true });
    throw error;
  } finally {
    source.close();
  }
}

/** Opens a copy read-only and checks that SQLite finds it whole and that it is a Gatehouse store. */
export function verifyStoreFile(path: string): StoreSummary {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${path} is damaged: SQLite's integrity check says ${String(integrity)}`);
    const hasMigrations = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'schema_migrations'").get();
    if (!hasMigrations) throw new Error(`${path} is not a Gatehouse store (it has no schema_migrations table)`);
    const count = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
    return {
      schemaVersion: count('select coalesce(max(version), 0) as n from schema_migrations'),
      pools: count('select count(*) as n from user_pools'),
      users: count('select count(*) as n from users'),
    };
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new Error(`${path} is not an SQLite database`);
    throw error;
  } finally {
    db.close();
  }
}

/**
 * The key-encryption key this configuration uses, without generating one (as a start would):
 * security.keyEncryptionKey, else the data folder's secrets.json.
 */
export function keyEncryptionKeyOf(config: Config): Buffer | undefined {
  if (config.security.keyEncryptionKey) return Buffer.from(config.security.keyEncryptionKey, 'base64');
  const path = join(config.storage.dataDir, 'secrets.json');
  if (!existsSync(path)) return undefined;
  const value = (JSON.parse(readFileSync(path, 'utf8')) as { keyEncryptionKey?: string }).keyEncryptionKey;
  return value ? Buffer.from(value, 'base64') : undefined;
}

/** How many sealed values (signing keys, client secrets) a store holds, and how many `key` opens. */
export function openSealedSecrets(path: string, key: Buffer): { sealed: number; opened: number } {
  const sealer = createSealer(key);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const values = [
      ...(db.prepare('select private_key_sealed as v from pool_keys').all() as Array<{ v: string }>).map((r) => [r.v, SIGNING_KEY_PURPOSE] as const),
      ...(db.prepare('select secret_sealed as v from clients where secret_sealed is not null').all() as Array<{ v: string }>).map((r) => [r.v, CLIENT_SECRET_PURPOSE] as const),
    ];
    let opened = 0;
    for (const [value, purpose] of values) {
      try {
        sealer.open(value, purpose);
        opened += 1;
      } catch {
        // AES-GCM's tag does not match: another key sealed it.
      }
    }
    return { sealed: values.length, opened };
  } finally {
    db.close();
  }
}
