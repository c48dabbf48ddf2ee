// store.users on Kysely (store.ts states the contract).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { translateConflict } from '../errors.js';
import type { Store } from '../store.js';
import { slot, type Engine, engineOf } from './engine.js';
import { USERS_RECORD, toUser, userColumns } from './user-rows.js';
import { cachedRow } from './record-cache.js';

export function usersRepository(engine: Engine): Store['users'] {
  return {
    insert: async (u, aliases = []) => {
      await engine.transaction(async (tx) => {
        const db = engineOf(tx).db;
        await db
          .insertInto('users')
          .values({
            sub: u.sub, pool_id: u.poolId, created_at: u.createdAt,
            username: u.username, username_key: u.usernameKey, status: u.status, enabled: u.enabled ? 1 : 0,
            password_hash: u.passwordHash, srp_sealed: u.srpSealed, attributes: '{}', mfa: '{}',
            email: null, email_key: null, phone_number: null, name: null, given_name: null, family_name: null, preferred_username: null,
            failed_attempts: 0, last_failed_at: null, locked_until: null, password_expires_at: null, updated_at: u.updatedAt,
            ...userColumns({ attributes: u.attributes, mfa: u.mfa, passwordExpiresAt: u.passwordExpiresAt }),
          })
          .execute()
          .catch((e) => translateConflict(e, 'users'));
        for (const a of aliases) {
          await db
            .insertInto('user_aliases')
            .values({ pool_id: u.poolId, kind: a.kind, value_key: a.valueKey, sub: u.sub })
            .execute()
            .catch((e) => translateConflict(e, 'user_aliases'));
        }
      });
    },
    // The point reads go through the user cache (record-cache.ts: any write clears it). It keeps
    // rows; each caller gets a new record made from one.
    findBySub: async (sub) => {
      const row = await cachedRow(engine.userRecords, `sub:${sub}`, async () => {
        const [found] = await engine.prepared('users.findBySub', (db) => db.selectFrom('users').select(USERS_RECORD).where('sub', '=', slot(0)), [sub]);
        return found;
      });
      return row && toUser(row);
    },
    findByUsernameKey: async (poolId, key) => {
      const row = await cachedRow(engine.userRecords, `username:${poolId}:${key}`, async () => {
        const [found] = await engine.prepared(
          'users.findByUsernameKey',
          (db) => db.selectFrom('users').select(USERS_RECORD).where('pool_id', '=', slot(0)).where('username_key', '=', slot(1)),
          [poolId, key],
        );
        return found;
      });
      return row && toUser(row);
    },
    findByAlias: async (poolId, kind, valueKey) => {
      const row = await cachedRow(engine.userRecords, `alias:${poolId}:${kind}:${valueKey}`, () =>
        engine.db
          .selectFrom('user_aliases')
          .innerJoin('users', 'users.sub', 'user_aliases.sub')
          .select(USERS_RECORD)
          .where('user_aliases.pool_id', '=', poolId)
          .where('user_aliases.kind', '=', kind)
          .where('user_aliases.value_key', '=', valueKey)
          .executeTakeFirst(),
      );
      return row && toUser(row);
    },
    findWithSession: async (sub, originJti) => {
      const row = await cachedRow(engine.userRecords, `session:${sub}:${originJti}`, async () => {
        const [found] = await engine.prepared(
          'users.findWithSession',
          (db) => db
            .selectFrom('users')
            .leftJoin('auth_sessions', (join) => join.on('auth_sessions.origin_jti', '=', slot(1)).onRef('auth_sessions.sub', '=', 'users.sub'))
            .select(USERS_RECORD)
            .select(['auth_sessions.revoked_at as session_revoked_at', 'auth_sessions.origin_jti as session_id'])
            .where('users.sub', '=', slot(0)),
          [sub, originJti],
        );
        return found;
      });
      if (!row) return undefined;
      // toUser reads only the users columns (an object rest here would copy all of them).
      return { user: toUser(row), sessionRevoked: row.session_id === null || row.session_revoked_at !== null };
    },
    update: async (sub, patch) => {
      const set = userColumns(patch);
      if (Object.keys(set).length === 0) return;
      await engine.db.updateTable('users').set(set).where('sub', '=', sub).execute().catch((e) => translateConflict(e, 'users'));
    },
    addFailedSignIn: async (sub, at, forgetBefore) => {
      const r = await engine.db
        .updateTable('users')
        .set((eb) => ({
          failed_attempts: eb
            .case()
            .when(eb.or([eb('last_failed_at', 'is', null), eb('last_failed_at', '<', forgetBefore)]))
            .then(1)
            .else(eb('failed_attempts', '+', 1))
            .end(),
          last_failed_at: at,
        }))
        .where('sub', '=', sub)
        .returning('failed_attempts')
        .executeTakeFirst();
      return Number(r?.failed_attempts ?? 0);
    },
    extendLock: async (sub, until) => {
      await engine.db
        .updateTable('users')
        .set({ locked_until: until })
        .where('sub', '=', sub)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', until)]))
        .execute();
    },
    setAliases: async (poolId, sub, aliases) => {
      await engine.transaction(async (tx) => {
        const db = engineOf(tx).db;
        await db.deleteFrom('user_aliases').where('sub', '=', sub).execute();
        for (const a of aliases) {
          await db
            .insertInto('user_aliases')
            .values({ pool_id: poolId, kind: a.kind, value_key: a.valueKey, sub })
            .execute()
            .catch((e) => translateConflict(e, 'user_aliases'));
        }
      });
    },
    listAliases: async (sub) =>
      (await engine.db.selectFrom('user_aliases').select(['kind', 'value_key']).where('sub', '=', sub).execute()).map((r) => ({
        kind: r.kind, valueKey: r.value_key,
      })),
    delete: async (sub) => {
      await engine.transaction(async (tx) => {
        const db = engineOf(tx).db;
        for (const table of ['user_aliases', 'user_groups', 'auth_sessions', 'refresh_tokens', 'codes', 'authorization_codes', 'hosted_sessions', 'devices', 'user_identities', 'webauthn_credentials', 'auth_events'] as const) {
          await db.deleteFrom(table).where('sub', '=', sub).execute();
        }
        await db.deleteFrom('users').where('sub', '=', sub).execute();
      });
    },
    list: async (query) => {
      const where = query.where;
      // ListUsers with an exact-match filter (`email = "…"`, the common lookup): precompiled per column.
      // The limit is written into the SQL (one statement per limit; ListUsers asks for 2–61 rows): SQLite runs
      // this lookup 2.5 times slower with `limit ?` than with a literal limit (measured, better-sqlite3 12).
      if (where && where.column !== 'enabled' && where.op === '=' && Number.isSafeInteger(query.limit)) {
        const column = where.column;
        const limit = query.limit;
        const build = (withAfter: boolean) => (db: Kysely<Database>) => {
          let q = db.selectFrom('users').select(USERS_RECORD).where('pool_id', '=', slot(0)).where(column, '=', slot(1));
          if (withAfter) q = q.where('sub', '>', slot(2));
          return q.orderBy('sub').limit(sql.lit(limit));
        };
        const rows = query.after
          ? await engine.prepared(`users.list.eq.${column}.${limit}.after`, build(true), [query.poolId, where.value, query.after.sub])
          : await engine.prepared(`users.list.eq.${column}.${limit}`, build(false), [query.poolId, where.value]);
        return rows.map(toUser);
      }
      let q = engine.db.selectFrom('users').select(USERS_RECORD).where('pool_id', '=', query.poolId).limit(query.limit);
      if (where?.column === 'enabled') {
        q = q.where('enabled', '=', where.value ? 1 : 0).orderBy('sub');
        if (query.after) q = q.where('sub', '>', query.after.sub);
      } else if (where) {
        // `^=` as a range scan on the (pool_id, column, sub) index: column >= prefix AND column < prefix + U+FFFF.
        // The substr test keeps the match exact under any PostgreSQL collation: locale collations
        // (e.g. en_US) ignore punctuation when comparing, so the range alone can over-match.
        q = q
          .where(where.column, '>=', where.value)
          .where(where.column, '<', `${where.value}\uffff`)
          .where(sql<string>`substr(${sql.ref(where.column)}, 1, ${[...where.value].length})`, '=', where.value)
          .orderBy(where.column)
          .orderBy('sub');
        const after = query.after;
        if (after) {
          q = q.where((eb) =>
            eb.or([eb(where.column, '>', after.value ?? ''), eb.and([eb(where.column, '=', after.value ?? ''), eb('sub', '>', after.sub)])]),
          );
        }
      } else {
        q = q.orderBy('sub');
        if (query.after) q = q.where('sub', '>', query.after.sub);
      }
      return (await q.execute()).map(toUser);
    },
  };
}
