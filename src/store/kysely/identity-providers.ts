// store.identityProviders, store.userIdentities and store.spCertificates on Kysely (store.ts states the contract).
import { sql } from 'kysely';
import { translateConflict } from '../errors.js';
import type { IdentityProviderRecord, SpCertificateRecord, Store, UserIdentityRecord } from '../store.js';
import { page, type Engine } from './engine.js';

const toProvider = (r: any): IdentityProviderRecord => ({
  poolId: r.pool_id,
  name: r.name,
  type: r.type,
  details: JSON.parse(r.details),
  attributeMapping: JSON.parse(r.attribute_mapping),
  idpIdentifiers: JSON.parse(r.idp_identifiers),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toIdentity = (r: any): UserIdentityRecord => ({
  poolId: r.pool_id, providerName: r.provider_name, providerUserId: r.provider_user_id, sub: r.sub, createdAt: Number(r.created_at),
});

export function identityProvidersRepository(engine: Engine): Store['identityProviders'] {
  const row = (p: IdentityProviderRecord) => ({
    details: JSON.stringify(p.details),
    attribute_mapping: JSON.stringify(p.attributeMapping),
    idp_identifiers: JSON.stringify(p.idpIdentifiers),
    updated_at: p.updatedAt,
  });
  return {
    insert: async (p) => {
      await engine.db
        .insertInto('identity_providers')
        .values({ pool_id: p.poolId, name: p.name, type: p.type, created_at: p.createdAt, ...row(p) })
        .execute()
        .catch((e) => translateConflict(e, 'identity_providers'));
    },
    find: async (poolId, name) => {
      const r = await engine.db.selectFrom('identity_providers').selectAll().where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
      return r && toProvider(r);
    },
    // A pool has at most a few hundred providers: the identifiers are matched here, not in SQL.
    findByIdentifier: async (poolId, identifier) => {
      const rows = await engine.db.selectFrom('identity_providers').selectAll().where('pool_id', '=', poolId).orderBy('name').execute();
      return rows.map(toProvider).find((p) => p.idpIdentifiers.includes(identifier));
    },
    update: async (p) => {
      await engine.db.updateTable('identity_providers').set(row(p)).where('pool_id', '=', p.poolId).where('name', '=', p.name).execute();
    },
    delete: async (poolId, name) => {
      await engine.db.deleteFrom('identity_providers').where('pool_id', '=', poolId).where('name', '=', name).execute();
    },
    list: async (poolId, limit, after) => {
      let q = engine.db.selectFrom('identity_providers').selectAll().where('pool_id', '=', poolId).orderBy('name').limit(limit + 1);
      if (after) q = q.where('name', '>', after);
      return page((await q.execute()).map(toProvider), limit, (p) => p.name);
    },
  };
}

export function userIdentitiesRepository(engine: Engine): Store['userIdentities'] {
  return {
    insert: async (i) => {
      await engine.db
        .insertInto('user_identities')
        .values({ pool_id: i.poolId, provider_name: i.providerName, provider_user_id: i.providerUserId, sub: i.sub, created_at: i.createdAt })
        .execute()
        .catch((e) => translateConflict(e, 'user_identities'));
    },
    find: async (poolId, providerName, providerUserId) => {
      const r = await engine.db
        .selectFrom('user_identities')
        .selectAll()
        .where('pool_id', '=', poolId)
        .where('provider_name', '=', providerName)
        .where('provider_user_id', '=', providerUserId)
        .executeTakeFirst();
      return r && toIdentity(r);
    },
    listForUser: async (sub) =>
      (await engine.db.selectFrom('user_identities').selectAll().where('sub', '=', sub).orderBy('created_at').orderBy('provider_name').execute()).map(toIdentity),
    delete: async (poolId, providerName, providerUserId) => {
      await engine.db
        .deleteFrom('user_identities')
        .where('pool_id', '=', poolId)
        .where('provider_name', '=', providerName)
        .where('provider_user_id', '=', providerUserId)
        .execute();
    },
    deleteByProvider: async (poolId, providerName) => {
      // A prefix compared with substr, not LIKE: provider names may hold % and _.
      const prefix = `${providerName} `;
      await engine.db
        .deleteFrom('user_identities')
        .where('pool_id', '=', poolId)
        .where((eb) => eb.or([
          eb('provider_name', '=', providerName),
          eb(sql<string>`substr(provider_name, 1, ${sql.lit([...prefix].length)})`, '=', prefix),
        ]))
        .execute();
    },
  };
}

export function spCertificatesRepository(engine: Engine): Store['spCertificates'] {
  return {
    find: async (poolId) => {
      const r = await engine.db.selectFrom('sp_certificates').selectAll().where('pool_id', '=', poolId).executeTakeFirst();
      return r && ({ poolId: r.pool_id, certificate: r.certificate, privateKeySealed: r.private_key_sealed, createdAt: Number(r.created_at) } satisfies SpCertificateRecord);
    },
    insertIfAbsent: async (c) => {
      await engine.db
        .insertInto('sp_certificates')
        .values({ pool_id: c.poolId, certificate: c.certificate, private_key_sealed: c.privateKeySealed, created_at: c.createdAt })
        .onConflict((oc) => oc.column('pool_id').doNothing())
        .execute();
    },
  };
}
