// store.devices on Kysely (store.ts states the contract).
import type { Selectable } from 'kysely';
import type { DevicesTable } from '../schema.js';
import { translateConflict } from '../errors.js';
import type { Store, DeviceRecord } from '../store.js';
import type { Engine } from './engine.js';

function toDevice(r: Selectable<DevicesTable>): DeviceRecord {
  return {
    deviceKey: r.device_key, poolId: r.pool_id, sub: r.sub, groupKey: r.group_key, verifierSealed: r.verifier_sealed, name: r.name,
    remembered: Number(r.remembered) === 1, lastIp: r.last_ip, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
    lastAuthenticatedAt: r.last_authenticated_at === null ? null : Number(r.last_authenticated_at),
  };
}

export function devicesRepository(engine: Engine): Store['devices'] {
  return {
    insert: async (d) => {
      await engine.db
        .insertInto('devices')
        .values({
          device_key: d.deviceKey, pool_id: d.poolId, sub: d.sub, group_key: d.groupKey, verifier_sealed: d.verifierSealed, name: d.name,
          remembered: d.remembered ? 1 : 0, last_ip: d.lastIp, created_at: d.createdAt, updated_at: d.updatedAt, last_authenticated_at: d.lastAuthenticatedAt,
        })
        .execute()
        .catch((e) => translateConflict(e, 'devices'));
    },
    find: async (key) => {
      const r = await engine.db.selectFrom('devices').selectAll().where('device_key', '=', key).executeTakeFirst();
      return r && toDevice(r);
    },
    update: async (key, p) => {
      await engine.db
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
      await engine.db.deleteFrom('devices').where('device_key', '=', key).execute();
    },
    deleteUnconfirmed: async (sub, createdBefore) => {
      await engine.db.deleteFrom('devices').where('sub', '=', sub).where('verifier_sealed', 'is', null).where('created_at', '<', createdBefore).execute();
    },
    listForUser: async (sub, limit, afterKey) => {
      let query = engine.db.selectFrom('devices').selectAll().where('sub', '=', sub).where('verifier_sealed', 'is not', null);
      if (afterKey !== undefined) query = query.where('device_key', '>', afterKey);
      const rows = await query.orderBy('device_key').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toDevice);
      return { items, ...(rows.length > limit && { next: items[items.length - 1].deviceKey }) };
    },
  };
}
