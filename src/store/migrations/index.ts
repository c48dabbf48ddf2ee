// Versioned migrations, run in order at start. Each runs once, inside a transaction, and is
// recorded in schema_migrations; PostgreSQL serialises concurrent starts with an advisory lock.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-user-email-key.js';
import * as m0003 from './0003-code-payload.js';
import * as m0004 from './0004-oauth.js';
import * as m0005 from './0005-devices.js';
import * as m0006 from './0006-admin-console.js';
import * as m0008 from './0008-session-device.js';
import * as m0009 from './0009-expiry-indexes.js';
import * as m0010 from './0010-identity-providers.js';
import * as m0011 from './0011-webauthn-credentials.js';
import * as m0013 from './0013-migration-sources.js';
import * as m0014 from './0014-user-sessions.js';
import * as m0012 from './0012-user-import-jobs.js';
import * as m0015 from './0015-client-secrets.js';
import * as m0016 from './0016-terms-branding.js';
import * as m0017 from './0017-quotas.js';
import * as m0018 from './0018-risk.js';
import * as m0019 from './0019-sso-sessions.js';

interface Migration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

const MIGRATIONS: Array<[number, Migration]> = [[1, m0001], [2, m0002], [3, m0003], [4, m0004], [5, m0005], [6, m0006], [8, m0008], [9, m0009], [10, m0010], [11, m0011], [12, m0012], [13, m0013], [14, m0014], [15, m0015], [16, m0016], [17, m0017], [18, m0018], [19, m0019]];

/** The newest schema version this build knows (a backup from a newer one is refused). */
export const latestSchemaVersion = Math.max(...MIGRATIONS.map(([version]) => version));

export async function migrate(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute()
    .catch(async (error) => {
      // Two PostgreSQL processes starting together can race on CREATE TABLE IF NOT EXISTS.
      if (dialect !== 'postgres') throw error;
    });
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7423001)`.execute(trx);
    const done = new Set(
      (await trx.selectFrom('schema_migrations').select('version').execute()).map((r: any) => Number(r.version)),
    );
    for (const [version, migration] of MIGRATIONS) {
      if (done.has(version)) continue;
      await migration.up(trx, dialect);
      await trx.insertInto('schema_migrations').values({ version, applied_at: Date.now() }).execute();
    }
  });
}
