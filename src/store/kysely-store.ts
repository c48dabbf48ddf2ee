// The one Store implementation, on Kysely, for both SQLite and PostgreSQL.
import { sql, type CompiledQuery, type Kysely, type Selectable } from 'kysely';
import type { AuthSessionsTable, CodesTable, Database, DevicesTable, RefreshTokensTable, UsersTable } from './schema.js';
import type { Dialect } from './dialect.js';
import type { DirectSqlite } from './sqlite.js';
import { translateConflict } from './errors.js';
import type { AuthSessionRecord, RefreshTokenRecord, CodeRecord, Json, Store, UserRecord, UserPatch, PoolKeyRecord, GroupRecord, Page, ClientRecord, PoolRecord, ResourceServerRecord, DeviceRecord } from './store.js';

/** The attributes copied into their own indexed columns for ListUsers. */
const SEARCHABLE = ['email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username'] as const;

/**
 * The users columns a UserRecord is built from. Lookups select these rather than `*`: the indexed
 * copies of the searchable attributes (SEARCHABLE, email_key) would be read and turned into
 * strings on every lookup for nothing (≈ 5 µs of a 20 µs lookup).
 */
const USER_COLUMNS = [
  'sub', 'pool_id', 'username', 'username_key', 'status', 'enabled', 'password_hash', 'srp_sealed', 'attributes', 'mfa',
  'failed_attempts', 'last_failed_at', 'locked_until', 'password_expires_at', 'created_at', 'updated_at',
] as const;
const USERS_RECORD = USER_COLUMNS.map((c) => `users.${c}` as const);
type UserRow = Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]>;

const toUser = (row: UserRow): UserRecord => ({
  sub: row.sub,
  poolId: row.pool_id,
  username: row.username,
  usernameKey: row.username_key,
  status: row.status,
  enabled: Number(row.enabled) === 1,
  passwordHash: row.password_hash,
  srpSealed: row.srp_sealed,
  attributes: JSON.parse(row.attributes),
  mfa: JSON.parse(row.mfa),
  failedAttempts: Number(row.failed_attempts),
  lastFailedAt: row.last_failed_at === null ? null : Number(row.last_failed_at),
  lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
  passwordExpiresAt: row.password_expires_at === null ? null : Number(row.password_expires_at),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toCodeRecord = (r: Selectable<CodesTable>): CodeRecord => ({
  poolId: r.pool_id, sub: r.sub, purpose: r.purpose, codeHash: r.code_hash, attempts: Number(r.attempts),
  createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), payload: r.payload ?? null,
});

function userColumns(patch: UserPatch): Partial<UsersTable> {
  const row: Partial<UsersTable> = {};
  if (patch.username !== undefined) row.username = patch.username;
  if (patch.usernameKey !== undefined) row.username_key = patch.usernameKey;
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.enabled !== undefined) row.enabled = patch.enabled ? 1 : 0;
  if (patch.passwordHash !== undefined) row.password_hash = patch.passwordHash;
  if (patch.srpSealed !== undefined) row.srp_sealed = patch.srpSealed;
  if (patch.attributes !== undefined) {
    row.attributes = JSON.stringify(patch.attributes);
    for (const name of SEARCHABLE) row[name] = patch.attributes[name] ?? null;
    row.email_key = patch.attributes.email?.toLowerCase() ?? null;
  }
  if (patch.mfa !== undefined) row.mfa = JSON.stringify(patch.mfa);
  if (patch.failedAttempts !== undefined) row.failed_attempts = patch.failedAttempts;
  if (patch.lastFailedAt !== undefined) row.last_failed_at = patch.lastFailedAt;
  if (patch.lockedUntil !== undefined) row.locked_until = patch.lockedUntil;
  if (patch.passwordExpiresAt !== undefined) row.password_expires_at = patch.passwordExpiresAt;
  if (patch.updatedAt !== undefined) row.updated_at = patch.updatedAt;
  return row;
}

/** Freezes a parsed JSON value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/**
 * A pool's config is a few KB of JSON read on nearly every request; its parse costs more than the
 * lookup. The row is still read every time (so every process sees every change at once); only the
 * parse of a config text already seen is reused. The shared object is frozen: code that derives a
 * new config copies it (as pools.ts and mfa.ts do), never edits it in place.
 */
const parsedConfigs = new Map<string, Json>();
const PARSED_CONFIGS_SIZE = 256;
function poolConfig(text: string): Json {
  let config = parsedConfigs.get(text);
  if (!config) {
    config = deepFreeze(JSON.parse(text) as Json);
    if (parsedConfigs.size >= PARSED_CONFIGS_SIZE) parsedConfigs.clear();
    parsedConfigs.set(text, config);
  }
  return config;
}

const toPool = (r: any): PoolRecord => ({
  id: r.id, name: r.name, config: poolConfig(r.config), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});
const toClient = (r: any): ClientRecord => ({
  id: r.id, poolId: r.pool_id, name: r.name, secretSealed: r.secret_sealed, config: JSON.parse(r.config),
  createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});
const toKey = (r: any): PoolKeyRecord => ({
  kid: r.kid, poolId: r.pool_id, tokenUse: r.token_use, privateKeySealed: r.private_key_sealed,
  publicJwk: JSON.parse(r.public_jwk), createdAt: Number(r.created_at), retiredAt: r.retired_at === null ? null : Number(r.retired_at),
});
const toAuthSession = (r: Selectable<AuthSessionsTable>): AuthSessionRecord => ({
  originJti: r.origin_jti, poolId: r.pool_id, sub: r.sub, clientId: r.client_id, authTime: Number(r.auth_time),
  createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  deviceKey: r.device_key ?? null,
});

const toRefreshToken = (r: Selectable<RefreshTokensTable>): RefreshTokenRecord => ({
  tokenHash: r.token_hash, originJti: r.origin_jti, poolId: r.pool_id, clientId: r.client_id, sub: r.sub, scopes: r.scopes,
  createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

const toGroup = (r: any): GroupRecord => ({
  poolId: r.pool_id, name: r.name, description: r.description, roleArn: r.role_arn,
  precedence: r.precedence === null ? null : Number(r.precedence), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});
const toResourceServer = (r: any): ResourceServerRecord => ({
  poolId: r.pool_id, identifier: r.identifier, name: r.name, scopes: JSON.parse(r.scopes), createdAt: Number(r.created_at),
});

/**
 * Hot point lookups are built and compiled to SQL once per dialect, then run with new parameters:
 * Kysely's query building and compiling costs more than the lookup itself. A query is built with
 * placeholder values (slot(i)) that are swapped for the real arguments, in SQL order, at each run.
 */
const SLOT = '\u0000gatehouse-slot-';
const slot = (i: number): string => `${SLOT}${i}`;
interface Prepared {
  template: CompiledQuery;
  /** For each SQL parameter: the index of the argument it takes, or -1 to keep the compiled value. */
  slots: number[];
}
const preparedQueries = new Map<string, Prepared>();

/** Takes limit+1 rows to learn whether another page follows. */
function page<T>(rows: T[], limit: number, key: (item: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: key(items[items.length - 1]) };
}

/**
 * SQLite only: the precompiled queries run straight on the connection (DirectSqlite) while no
 * transaction is open. better-sqlite3 is synchronous, so such a statement runs whole, in
 * autocommit, exactly as through Kysely. While a transaction is open (it spans awaits, and the
 * connection is shared), they go through Kysely, which waits for it to end: nothing reads another
 * request's uncommitted writes or writes into its transaction.
 */
interface DirectPath {
  sqlite: DirectSqlite;
  openTransactions: number;
}

export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    private readonly direct?: DirectPath,
  ) {}

  private compiled(name: string, build: (db: Kysely<Database>) => { compile(): CompiledQuery<unknown> }, args: unknown[]): CompiledQuery<unknown> {
    const cacheKey = `${this.dialect}:${name}`;
    let prepared = preparedQueries.get(cacheKey);
    if (!prepared) {
      const template = build(this.db).compile();
      const slots = template.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? Number(p.slice(SLOT.length)) : -1));
      prepared = { template, slots };
      preparedQueries.set(cacheKey, prepared);
    }
    const { template, slots } = prepared;
    return { ...template, parameters: slots.map((s, i) => (s === -1 ? template.parameters[i] : args[s])) };
  }

  /** Runs a query compiled once (see Prepared) with these arguments; `name` must identify the query's shape. */
  private async prepared<R>(name: string, build: (db: Kysely<Database>) => { compile(): CompiledQuery<R> }, args: unknown[]): Promise<R[]> {
    const query = this.compiled(name, build, args);
    if (this.direct && this.direct.openTransactions === 0) return this.direct.sqlite.query(query.sql, query.parameters).rows as R[];
    return (await this.db.executeQuery<R>(query as CompiledQuery<R>)).rows;
  }

  /** As prepared(), for a write: the number of rows it changed. */
  private async preparedWrite(name: string, build: (db: Kysely<Database>) => { compile(): CompiledQuery<unknown> }, args: unknown[]): Promise<number> {
    const query = this.compiled(name, build, args);
    if (this.direct && this.direct.openTransactions === 0) return this.direct.sqlite.query(query.sql, query.parameters).changes;
    return Number((await this.db.executeQuery(query)).numAffectedRows ?? 0n);
  }

  pools: Store['pools'] = {
    insert: async (p) => {
      await this.db
        .insertInto('user_pools')
        .values({ id: p.id, name: p.name, config: JSON.stringify(p.config), created_at: p.createdAt, updated_at: p.updatedAt })
        .execute()
        .catch((e) => translateConflict(e, 'user_pools'));
    },
    find: async (id) => {
      const [row] = await this.prepared('pools.find', (db) => db.selectFrom('user_pools').selectAll().where('id', '=', slot(0)), [id]);
      return row && toPool(row);
    },
    update: async (id, patch) => {
      await this.db
        .updateTable('user_pools')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.config !== undefined && { config: JSON.stringify(patch.config) }),
          updated_at: patch.updatedAt,
        })
        .where('id', '=', id)
        .execute();
    },
    delete: async (id) => {
      const subs = this.db.selectFrom('users').select('sub').where('pool_id', '=', id);
      for (const table of ['auth_sessions', 'refresh_tokens', 'codes'] as const) {
        await this.db.deleteFrom(table).where('sub', 'in', subs).execute();
      }
      for (const table of ['authorization_codes', 'hosted_sessions', 'ui_customizations', 'devices'] as const) {
        await this.db.deleteFrom(table).where('pool_id', '=', id).execute();
      }
      for (const table of ['user_aliases', 'user_groups', 'groups', 'users', 'clients', 'domains', 'resource_servers', 'pool_keys', 'outbox'] as const) {
        await this.db.deleteFrom(table).where('pool_id', '=', id).execute();
      }
      await this.db.deleteFrom('user_pools').where('id', '=', id).execute();
    },
    list: async (limit, afterId) => {
      let q = this.db.selectFrom('user_pools').selectAll().orderBy('id').limit(limit + 1);
      if (afterId) q = q.where('id', '>', afterId);
      return page((await q.execute()).map(toPool), limit, (p) => p.id);
    },
    countUsers: async (id) => {
      const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('pool_id', '=', id).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };

  keys: Store['keys'] = {
    insert: async (k) => {
      await this.db
        .insertInto('pool_keys')
        .values({
          kid: k.kid, pool_id: k.poolId, token_use: k.tokenUse, private_key_sealed: k.privateKeySealed,
          public_jwk: JSON.stringify(k.publicJwk), created_at: k.createdAt, retired_at: k.retiredAt,
        })
        .execute();
    },
    find: async (kid) => {
      const row = await this.db.selectFrom('pool_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
      return row && toKey(row);
    },
    listForPool: async (poolId) =>
      (await this.db.selectFrom('pool_keys').selectAll().where('pool_id', '=', poolId).orderBy('created_at').execute()).map(toKey),
  };

  clients: Store['clients'] = {
    insert: async (c) => {
      await this.db
        .insertInto('clients')
        .values({
          id: c.id, pool_id: c.poolId, name: c.name, secret_sealed: c.secretSealed, config: JSON.stringify(c.config),
          created_at: c.createdAt, updated_at: c.updatedAt,
        })
        .execute()
        .catch((e) => translateConflict(e, 'clients'));
    },
    find: async (id) => {
      const [row] = await this.prepared('clients.find', (db) => db.selectFrom('clients').selectAll().where('id', '=', slot(0)), [id]);
      return row && toClient(row);
    },
    update: async (id, patch) => {
      await this.db
        .updateTable('clients')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.config !== undefined && { config: JSON.stringify(patch.config) }),
          ...(patch.secretSealed !== undefined && { secret_sealed: patch.secretSealed }),
          updated_at: patch.updatedAt,
        })
        .where('id', '=', id)
        .execute();
    },
    delete: async (id) => {
      await this.db.deleteFrom('clients').where('id', '=', id).execute();
    },
    listByPool: async (poolId, limit, afterId) => {
      let q = this.db.selectFrom('clients').selectAll().where('pool_id', '=', poolId).orderBy('id').limit(limit + 1);
      if (afterId) q = q.where('id', '>', afterId);
      return page((await q.execute()).map(toClient), limit, (c) => c.id);
    },
  };

  domains: Store['domains'] = {
    insert: async (d) => {
      await this.db
        .insertInto('domains')
        .values({ domain: d.domain, pool_id: d.poolId, custom: d.custom ? 1 : 0, config: JSON.stringify(d.config), created_at: d.createdAt })
        .execute()
        .catch((e) => translateConflict(e, 'domains'));
    },
    find: async (domain) => {
      const r = await this.db.selectFrom('domains').selectAll().where('domain', '=', domain).executeTakeFirst();
      return r && { domain: r.domain, poolId: r.pool_id, custom: Number(r.custom) === 1, config: JSON.parse(r.config), createdAt: Number(r.created_at) };
    },
    listByPool: async (poolId) =>
      (await this.db.selectFrom('domains').selectAll().where('pool_id', '=', poolId).execute()).map((r) => ({
        domain: r.domain, poolId: r.pool_id, custom: Number(r.custom) === 1, config: JSON.parse(r.config), createdAt: Number(r.created_at),
      })),
    update: async (domain, config) => {
      await this.db.updateTable('domains').set({ config: JSON.stringify(config) }).where('domain', '=', domain).execute();
    },
    delete: async (domain) => {
      await this.db.deleteFrom('domains').where('domain', '=', domain).execute();
    },
  };

  resourceServers: Store['resourceServers'] = {
    insert: async (s) => {
      await this.db
        .insertInto('resource_servers')
        .values({ pool_id: s.poolId, identifier: s.identifier, name: s.name, scopes: JSON.stringify(s.scopes), created_at: s.createdAt })
        .execute()
        .catch((e) => translateConflict(e, 'resource_servers'));
    },
    find: async (poolId, identifier) => {
      const r = await this.db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).where('identifier', '=', identifier).executeTakeFirst();
      return r && toResourceServer(r);
    },
    update: async (s) => {
      await this.db
        .updateTable('resource_servers')
        .set({ name: s.name, scopes: JSON.stringify(s.scopes) })
        .where('pool_id', '=', s.poolId)
        .where('identifier', '=', s.identifier)
        .execute();
    },
    delete: async (poolId, identifier) => {
      await this.db.deleteFrom('resource_servers').where('pool_id', '=', poolId).where('identifier', '=', identifier).execute();
    },
    list: async (poolId, limit, after) => {
      let q = this.db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).orderBy('identifier').limit(limit + 1);
      if (after) q = q.where('identifier', '>', after);
      return page((await q.execute()).map(toResourceServer), limit, (s) => s.identifier);
    },
  };

  users: Store['users'] = {
    insert: async (u, aliases = []) => {
      await this.transaction(async (tx) => {
        const db = (tx as KyselyStore).db;
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
    findBySub: async (sub) => {
      const [row] = await this.prepared('users.findBySub', (db) => db.selectFrom('users').select(USERS_RECORD).where('sub', '=', slot(0)), [sub]);
      return row && toUser(row);
    },
    findByUsernameKey: async (poolId, key) => {
      const [row] = await this.prepared(
        'users.findByUsernameKey',
        (db) => db.selectFrom('users').select(USERS_RECORD).where('pool_id', '=', slot(0)).where('username_key', '=', slot(1)),
        [poolId, key],
      );
      return row && toUser(row);
    },
    findByAlias: async (poolId, kind, valueKey) => {
      const row = await this.db
        .selectFrom('user_aliases')
        .innerJoin('users', 'users.sub', 'user_aliases.sub')
        .select(USERS_RECORD)
        .where('user_aliases.pool_id', '=', poolId)
        .where('user_aliases.kind', '=', kind)
        .where('user_aliases.value_key', '=', valueKey)
        .executeTakeFirst();
      return row && toUser(row);
    },
    findWithSession: async (sub, originJti) => {
      const [row] = await this.prepared(
        'users.findWithSession',
        (db) => db
          .selectFrom('users')
          .leftJoin('auth_sessions', (join) => join.on('auth_sessions.origin_jti', '=', slot(1)).onRef('auth_sessions.sub', '=', 'users.sub'))
          .select(USERS_RECORD)
          .select(['auth_sessions.revoked_at as session_revoked_at', 'auth_sessions.origin_jti as session_id'])
          .where('users.sub', '=', slot(0)),
        [sub, originJti],
      );
      if (!row) return undefined;
      // toUser reads only the users columns (an object rest here would copy all of them).
      return { user: toUser(row), sessionRevoked: row.session_id === null || row.session_revoked_at !== null };
    },
    update: async (sub, patch) => {
      const set = userColumns(patch);
      if (Object.keys(set).length === 0) return;
      await this.db.updateTable('users').set(set).where('sub', '=', sub).execute().catch((e) => translateConflict(e, 'users'));
    },
    addFailedSignIn: async (sub, at, forgetBefore) => {
      const r = await this.db
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
      await this.db
        .updateTable('users')
        .set({ locked_until: until })
        .where('sub', '=', sub)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', until)]))
        .execute();
    },
    setAliases: async (poolId, sub, aliases) => {
      await this.transaction(async (tx) => {
        const db = (tx as KyselyStore).db;
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
      (await this.db.selectFrom('user_aliases').select(['kind', 'value_key']).where('sub', '=', sub).execute()).map((r) => ({
        kind: r.kind, valueKey: r.value_key,
      })),
    delete: async (sub) => {
      await this.transaction(async (tx) => {
        const db = (tx as KyselyStore).db;
        for (const table of ['user_aliases', 'user_groups', 'auth_sessions', 'refresh_tokens', 'codes', 'authorization_codes', 'hosted_sessions', 'devices'] as const) {
          await db.deleteFrom(table).where('sub', '=', sub).execute();
        }
        await db.deleteFrom('users').where('sub', '=', sub).execute();
      });
    },
    list: async (query) => {
      const where = query.where;
      // ListUsers with an exact-match filter (`email = "…"`, the common lookup): precompiled per column.
      if (where && where.column !== 'enabled' && where.op === '=') {
        const column = where.column;
        const build = (withAfter: boolean) => (db: Kysely<Database>) => {
          let q = db.selectFrom('users').select(USERS_RECORD).where('pool_id', '=', slot(0)).where(column, '=', slot(1));
          if (withAfter) q = q.where('sub', '>', slot(3));
          return q.orderBy('sub').limit(sql<number>`${slot(2)}`);
        };
        const rows = query.after
          ? await this.prepared(`users.list.eq.${column}.after`, build(true), [query.poolId, where.value, query.limit, query.after.sub])
          : await this.prepared(`users.list.eq.${column}`, build(false), [query.poolId, where.value, query.limit]);
        return rows.map(toUser);
      }
      let q = this.db.selectFrom('users').select(USERS_RECORD).where('pool_id', '=', query.poolId).limit(query.limit);
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

  groups: Store['groups'] = {
    insert: async (g) => {
      await this.db
        .insertInto('groups')
        .values({
          pool_id: g.poolId, name: g.name, description: g.description, role_arn: g.roleArn, precedence: g.precedence,
          created_at: g.createdAt, updated_at: g.updatedAt,
        })
        .execute()
        .catch((e) => translateConflict(e, 'groups'));
    },
    find: async (poolId, name) => {
      const r = await this.db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
      return r && toGroup(r);
    },
    update: async (g) => {
      await this.db
        .updateTable('groups')
        .set({ description: g.description, role_arn: g.roleArn, precedence: g.precedence, updated_at: g.updatedAt })
        .where('pool_id', '=', g.poolId)
        .where('name', '=', g.name)
        .execute();
    },
    delete: async (poolId, name) => {
      await this.transaction(async (tx) => {
        const db = (tx as KyselyStore).db;
        await db.deleteFrom('user_groups').where('pool_id', '=', poolId).where('group_name', '=', name).execute();
        await db.deleteFrom('groups').where('pool_id', '=', poolId).where('name', '=', name).execute();
      });
    },
    list: async (poolId, limit, after) => {
      let q = this.db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).orderBy('name').limit(limit + 1);
      if (after) q = q.where('name', '>', after);
      return page((await q.execute()).map(toGroup), limit, (g) => g.name);
    },
    addMember: async (poolId, groupName, sub, at) => {
      await this.db
        .insertInto('user_groups')
        .values({ pool_id: poolId, group_name: groupName, sub, created_at: at })
        .onConflict((oc) => oc.columns(['pool_id', 'group_name', 'sub']).doNothing())
        .execute();
    },
    removeMember: async (poolId, groupName, sub) => {
      await this.db.deleteFrom('user_groups').where('pool_id', '=', poolId).where('group_name', '=', groupName).where('sub', '=', sub).execute();
    },
    listForUser: async (sub, limit, after) => {
      const build = (db: Kysely<Database>, withAfter: boolean) => {
        let q = db
          .selectFrom('user_groups')
          .innerJoin('groups', (j) => j.onRef('groups.pool_id', '=', 'user_groups.pool_id').onRef('groups.name', '=', 'user_groups.group_name'))
          .selectAll('groups')
          .where('user_groups.sub', '=', slot(0));
        if (withAfter) q = q.where('groups.name', '>', slot(2));
        // The limit is a parameter too (a number slot would not survive compiling as a string).
        return q.orderBy('groups.name').limit(sql<number>`${slot(1)}`);
      };
      const rows = after
        ? await this.prepared('groups.listForUser.after', (db) => build(db, true), [sub, limit + 1, after])
        : await this.prepared('groups.listForUser', (db) => build(db, false), [sub, limit + 1]);
      return page(rows.map(toGroup), limit, (g) => g.name);
    },
    // Every sign-in and refresh asks this, and most users are in no group: without ORDER BY and
    // LIMIT SQLite sets up no sorter (≈ 4 µs against ≈ 40 µs for an empty result); sorted here.
    allForUser: async (sub) => {
      const rows = await this.prepared('groups.allForUser', (db) => db
        .selectFrom('user_groups')
        .innerJoin('groups', (j) => j.onRef('groups.pool_id', '=', 'user_groups.pool_id').onRef('groups.name', '=', 'user_groups.group_name'))
        .selectAll('groups')
        .where('user_groups.sub', '=', slot(0)), [sub]);
      return rows.map(toGroup).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    listMembers: async (poolId, groupName, limit, after) => {
      let q = this.db
        .selectFrom('user_groups')
        .innerJoin('users', 'users.sub', 'user_groups.sub')
        .select(USERS_RECORD)
        .where('user_groups.pool_id', '=', poolId)
        .where('user_groups.group_name', '=', groupName)
        .orderBy('users.sub')
        .limit(limit + 1);
      if (after) q = q.where('users.sub', '>', after);
      return page((await q.execute()).map(toUser), limit, (u) => u.sub);
    },
  };

  authSessions: Store['authSessions'] = {
    // One per sign-in: precompiled like the hot lookups.
    insert: async (s) => {
      await this.preparedWrite('authSessions.insert', (db) => db.insertInto('auth_sessions').values({
        origin_jti: slot(0), pool_id: slot(1), sub: slot(2), client_id: slot(3), auth_time: slot(4) as any,
        created_at: slot(5) as any, expires_at: slot(6) as any, revoked_at: slot(7) as any, device_key: slot(8),
      }), [s.originJti, s.poolId, s.sub, s.clientId, s.authTime, s.createdAt, s.expiresAt, s.revokedAt, s.deviceKey ?? null]);
    },
    find: async (originJti) => {
      const [r] = await this.prepared('authSessions.find', (db) => db.selectFrom('auth_sessions').selectAll().where('origin_jti', '=', slot(0)), [originJti]);
      return r && toAuthSession(r);
    },
    revoke: async (originJti, at) => {
      await this.db.updateTable('auth_sessions').set({ revoked_at: at }).where('origin_jti', '=', originJti).where('revoked_at', 'is', null).execute();
    },
    revokeAllForUser: async (sub, at) => {
      await this.db.updateTable('auth_sessions').set({ revoked_at: at }).where('sub', '=', sub).where('revoked_at', 'is', null).execute();
    },
    deleteExpired: async (before, limit) => {
      await this.db.deleteFrom('auth_sessions').where('origin_jti', 'in', (eb) =>
        eb.selectFrom('auth_sessions').select('origin_jti').where('expires_at', '<', before).limit(limit)).execute();
    },
  };

  refreshTokens: Store['refreshTokens'] = {
    insert: async (t) => {
      await this.preparedWrite('refreshTokens.insert', (db) => db.insertInto('refresh_tokens').values({
        token_hash: slot(0), origin_jti: slot(1), pool_id: slot(2), client_id: slot(3), sub: slot(4),
        scopes: slot(5), created_at: slot(6) as any, expires_at: slot(7) as any, revoked_at: slot(8) as any,
      }), [t.tokenHash, t.originJti, t.poolId, t.clientId, t.sub, t.scopes, t.createdAt, t.expiresAt, t.revokedAt]);
    },
    find: async (hash) => {
      const [r] = await this.prepared('refreshTokens.find', (db) => db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', slot(0)), [hash]);
      return r && toRefreshToken(r);
    },
    findWithSession: async (hash) => {
      const [r] = await this.prepared('refreshTokens.findWithSession', (db) => db
        .selectFrom('refresh_tokens')
        .leftJoin('auth_sessions', 'auth_sessions.origin_jti', 'refresh_tokens.origin_jti')
        .selectAll('refresh_tokens')
        .select([
          'auth_sessions.origin_jti as s_origin_jti', 'auth_sessions.pool_id as s_pool_id', 'auth_sessions.sub as s_sub',
          'auth_sessions.client_id as s_client_id', 'auth_sessions.auth_time as s_auth_time', 'auth_sessions.created_at as s_created_at',
          'auth_sessions.expires_at as s_expires_at', 'auth_sessions.revoked_at as s_revoked_at', 'auth_sessions.device_key as s_device_key',
        ])
        .where('refresh_tokens.token_hash', '=', slot(0)), [hash]);
      if (!r) return undefined;
      const session = r.s_origin_jti === null ? undefined : toAuthSession({
        origin_jti: r.s_origin_jti, pool_id: r.s_pool_id!, sub: r.s_sub!, client_id: r.s_client_id!, auth_time: r.s_auth_time!,
        created_at: r.s_created_at!, expires_at: r.s_expires_at!, revoked_at: r.s_revoked_at, device_key: r.s_device_key,
      });
      return { token: toRefreshToken(r), session };
    },
    revoke: async (hash, at) => {
      await this.db.updateTable('refresh_tokens').set({ revoked_at: at }).where('token_hash', '=', hash).where('revoked_at', 'is', null).execute();
    },
    revokeAllForUser: async (sub, at) => {
      await this.db.updateTable('refresh_tokens').set({ revoked_at: at }).where('sub', '=', sub).where('revoked_at', 'is', null).execute();
    },
    deleteExpired: async (before, limit) => {
      await this.db.deleteFrom('refresh_tokens').where('token_hash', 'in', (eb) =>
        eb.selectFrom('refresh_tokens').select('token_hash').where('expires_at', '<', before).limit(limit)).execute();
    },
  };

  codes: Store['codes'] = {
    put: async (c) => {
      const values = {
        pool_id: c.poolId, sub: c.sub, purpose: c.purpose, code_hash: c.codeHash, attempts: c.attempts,
        created_at: c.createdAt, expires_at: c.expiresAt, payload: c.payload ?? null,
      };
      await this.db
        .insertInto('codes')
        .values(values)
        .onConflict((oc) => oc.columns(['sub', 'purpose']).doUpdateSet({
          code_hash: values.code_hash, attempts: values.attempts, created_at: values.created_at, expires_at: values.expires_at,
          payload: values.payload,
        }))
        .execute();
    },
    find: async (sub, purpose) => {
      const r = await this.db.selectFrom('codes').selectAll().where('sub', '=', sub).where('purpose', '=', purpose).executeTakeFirst();
      return r && toCodeRecord(r);
    },
    reserveAttempt: async (sub, purpose, maxAttempts, now) => {
      // One statement: concurrent guesses each get their own count, and none past the limit.
      const r = await this.db
        .updateTable('codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('sub', '=', sub)
        .where('purpose', '=', purpose)
        .where('attempts', '<', maxAttempts)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      return r && toCodeRecord(r);
    },
    take: async (sub, purpose, codeHash) => {
      const result = await this.db
        .deleteFrom('codes')
        .where('sub', '=', sub)
        .where('purpose', '=', purpose)
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      return Number(result.numDeletedRows ?? 0n) === 1;
    },
    addAttempt: async (sub, purpose) => {
      const r = await this.db
        .updateTable('codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('sub', '=', sub)
        .where('purpose', '=', purpose)
        .returning('attempts')
        .executeTakeFirst();
      return Number(r?.attempts ?? 0);
    },
    delete: async (sub, purpose) => {
      await this.db.deleteFrom('codes').where('sub', '=', sub).where('purpose', '=', purpose).execute();
    },
  };

  consumed: Store['consumed'] = {
    consume: async (id, expiresAt) => {
      const inserted = await this.preparedWrite('consumed.consume', (db) => db.insertInto('consumed')
        .values({ id: slot(0), expires_at: slot(1) as any })
        .onConflict((oc) => oc.column('id').doNothing()), [id, expiresAt]);
      return inserted === 1;
    },
    isConsumed: async (id) => {
      const row = await this.db.selectFrom('consumed').select('id').where('id', '=', id).executeTakeFirst();
      return row !== undefined;
    },
    deleteExpired: async (before, limit) => {
      await this.db.deleteFrom('consumed').where('id', 'in', (eb) =>
        eb.selectFrom('consumed').select('id').where('expires_at', '<', before).limit(limit)).execute();
    },
  };

  authorizationCodes: Store['authorizationCodes'] = {
    insert: async (c) => {
      await this.db
        .insertInto('authorization_codes')
        .values({
          code_hash: c.codeHash, pool_id: c.poolId, client_id: c.clientId, sub: c.sub, redirect_uri: c.redirectUri,
          scopes: c.scopes, nonce: c.nonce, code_challenge: c.codeChallenge, auth_time: c.authTime,
          created_at: c.createdAt, expires_at: c.expiresAt, consumed_at: c.consumedAt, issued_origin_jti: c.issuedOriginJti,
        })
        .execute()
        .catch((e) => translateConflict(e, 'authorization_codes'));
    },
    find: async (hash) => {
      const r = await this.db.selectFrom('authorization_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
      return r && {
        codeHash: r.code_hash, poolId: r.pool_id, clientId: r.client_id, sub: r.sub, redirectUri: r.redirect_uri,
        scopes: r.scopes, nonce: r.nonce, codeChallenge: r.code_challenge, authTime: Number(r.auth_time),
        createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
        consumedAt: r.consumed_at === null ? null : Number(r.consumed_at), issuedOriginJti: r.issued_origin_jti,
      };
    },
    consume: async (hash, at, issuedOriginJti) => {
      const result = await this.db
        .updateTable('authorization_codes')
        .set({ consumed_at: at, issued_origin_jti: issuedOriginJti })
        .where('code_hash', '=', hash)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows ?? 0n) === 1;
    },
    deleteExpired: async (before) => {
      await this.db.deleteFrom('authorization_codes').where('expires_at', '<', before).execute();
    },
  };

  devices: Store['devices'] = {
    insert: async (d) => {
      await this.db
        .insertInto('devices')
        .values({
          device_key: d.deviceKey, pool_id: d.poolId, sub: d.sub, group_key: d.groupKey, verifier_sealed: d.verifierSealed, name: d.name,
          remembered: d.remembered ? 1 : 0, last_ip: d.lastIp, created_at: d.createdAt, updated_at: d.updatedAt, last_authenticated_at: d.lastAuthenticatedAt,
        })
        .execute()
        .catch((e) => translateConflict(e, 'devices'));
    },
    find: async (key) => {
      const r = await this.db.selectFrom('devices').selectAll().where('device_key', '=', key).executeTakeFirst();
      return r && toDevice(r);
    },
    update: async (key, p) => {
      await this.db
        .updateTable('devices')
        .set({
          ...(p.groupKey !== undefined && { group_key: p.groupKey }),
          ...(p.verifierSealed !== undefined && { verifier_sealed: p.verifierSealed }),
          ...(p.name !== undefined && { name: p.name }),
          ...(p.remembered !== undefined && { remembered: p.remembered ? 1 : 0 }),
          ...(p.lastIp !== undefined && { last_ip: p.lastIp }),
          ...(p.updatedAt !== undefined && { updated_at: p.updatedAt }),
          ...(p.lastAuthenticatedAt !== undefined && { last_authenticated_at: p.lastAuthenticatedAt }),
        })
        .where('device_key', '=', key)
        .execute();
    },
    delete: async (key) => {
      await this.db.deleteFrom('devices').where('device_key', '=', key).execute();
    },
    deleteUnconfirmed: async (sub, createdBefore) => {
      await this.db.deleteFrom('devices').where('sub', '=', sub).where('verifier_sealed', 'is', null).where('created_at', '<', createdBefore).execute();
    },
    listForUser: async (sub, limit, afterKey) => {
      let query = this.db.selectFrom('devices').selectAll().where('sub', '=', sub).where('verifier_sealed', 'is not', null);
      if (afterKey !== undefined) query = query.where('device_key', '>', afterKey);
      const rows = await query.orderBy('device_key').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toDevice);
      return { items, ...(rows.length > limit && { next: items[items.length - 1].deviceKey }) };
    },
  };

  hostedSessions: Store['hostedSessions'] = {
    insert: async (s) => {
      await this.db
        .insertInto('hosted_sessions')
        .values({ id_hash: s.idHash, pool_id: s.poolId, sub: s.sub, auth_time: s.authTime, created_at: s.createdAt, expires_at: s.expiresAt })
        .execute()
        .catch((e) => translateConflict(e, 'hosted_sessions'));
    },
    find: async (hash) => {
      const r = await this.db.selectFrom('hosted_sessions').selectAll().where('id_hash', '=', hash).executeTakeFirst();
      return r && {
        idHash: r.id_hash, poolId: r.pool_id, sub: r.sub, authTime: Number(r.auth_time),
        createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
      };
    },
    delete: async (hash) => {
      await this.db.deleteFrom('hosted_sessions').where('id_hash', '=', hash).execute();
    },
    deleteExpired: async (before) => {
      await this.db.deleteFrom('hosted_sessions').where('expires_at', '<', before).execute();
    },
  };

  uiCustomizations: Store['uiCustomizations'] = {
    put: async (u) => {
      const values = {
        pool_id: u.poolId, client_id: u.clientId, css: u.css, image_base64: u.imageBase64, image_type: u.imageType,
        css_version: u.cssVersion, created_at: u.createdAt, updated_at: u.updatedAt,
      };
      await this.db
        .insertInto('ui_customizations')
        .values(values)
        .onConflict((oc) => oc.columns(['pool_id', 'client_id']).doUpdateSet({
          css: values.css, image_base64: values.image_base64, image_type: values.image_type,
          css_version: values.css_version, updated_at: values.updated_at,
        }))
        .execute();
    },
    find: async (poolId, clientId) => {
      const r = await this.db.selectFrom('ui_customizations').selectAll().where('pool_id', '=', poolId).where('client_id', '=', clientId).executeTakeFirst();
      return r && {
        poolId: r.pool_id, clientId: r.client_id, css: r.css, imageBase64: r.image_base64, imageType: r.image_type,
        cssVersion: r.css_version, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
      };
    },
  };

  outbox: Store['outbox'] = {
    insert: async (m) => {
      await this.db
        .insertInto('outbox')
        .values({
          pool_id: m.poolId, username: m.username, purpose: m.purpose, medium: m.medium, destination: m.destination,
          subject: m.subject, body: m.body, code: m.code, created_at: m.createdAt,
        })
        .execute();
    },
    list: async ({ poolId, username, limit, beforeId }) => {
      let q = this.db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit);
      if (poolId) q = q.where('pool_id', '=', poolId);
      if (beforeId !== undefined) q = q.where('id', '<', beforeId);
      if (username) q = q.where('username', '=', username);
      return (await q.execute()).map((r) => ({
        id: Number(r.id), poolId: r.pool_id, username: r.username, purpose: r.purpose, medium: r.medium as 'EMAIL' | 'SMS',
        destination: r.destination, subject: r.subject, body: r.body, code: r.code, createdAt: Number(r.created_at),
      }));
    },
  };

  adminSessions: Store['adminSessions'] = {
    insert: async (s) => {
      await this.db
        .insertInto('admin_sessions')
        .values({ id_hash: s.idHash, actor: s.actor, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt })
        .execute()
        .catch((e) => translateConflict(e, 'admin_sessions'));
    },
    find: async (hash) => {
      const r = await this.db.selectFrom('admin_sessions').selectAll().where('id_hash', '=', hash).executeTakeFirst();
      return r && {
        idHash: r.id_hash, actor: r.actor, createdAt: Number(r.created_at), lastSeenAt: Number(r.last_seen_at), expiresAt: Number(r.expires_at),
      };
    },
    touch: async (hash, lastSeenAt, expiresAt) => {
      await this.db.updateTable('admin_sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', hash).execute();
    },
    delete: async (hash) => {
      await this.db.deleteFrom('admin_sessions').where('id_hash', '=', hash).execute();
    },
    deleteExpired: async (before) => {
      await this.db.deleteFrom('admin_sessions').where('expires_at', '<', before).execute();
    },
  };

  audit: Store['audit'] = {
    insert: async (e) => {
      await this.db
        .insertInto('audit_log')
        .values({ at: e.at, actor: e.actor, action: e.action, pool_id: e.poolId, target: e.target, summary: JSON.stringify(e.summary) })
        .execute();
    },
    list: async ({ poolId, limit, beforeId }) => {
      let q = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
      if (poolId) q = q.where('pool_id', '=', poolId);
      if (beforeId !== undefined) q = q.where('id', '<', beforeId);
      return (await q.execute()).map((r) => ({
        id: Number(r.id), at: Number(r.at), actor: r.actor, action: r.action, poolId: r.pool_id, target: r.target, summary: JSON.parse(r.summary),
      }));
    },
  };

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    // Already inside a transaction: Kysely does not nest, so run on the same one.
    if (this.db.isTransaction) return fn(this);
    const direct = this.direct;
    if (!direct) return this.db.transaction().execute((trx) => fn(new KyselyStore(trx, this.dialect)));
    direct.openTransactions++;
    try {
      return await this.db.transaction().execute((trx) => fn(new KyselyStore(trx, this.dialect)));
    } finally {
      direct.openTransactions--;
    }
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function toDevice(r: Selectable<DevicesTable>): DeviceRecord {
  return {
    deviceKey: r.device_key, poolId: r.pool_id, sub: r.sub, groupKey: r.group_key, verifierSealed: r.verifier_sealed, name: r.name,
    remembered: Number(r.remembered) === 1, lastIp: r.last_ip, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
    lastAuthenticatedAt: r.last_authenticated_at === null ? null : Number(r.last_authenticated_at),
  };
}
