// store.uiCustomizations on Kysely (store.ts states the contract).
import type { Store } from '../store.js';
import type { Engine } from './engine.js';

export function uiCustomizationsRepository(engine: Engine): Store['uiCustomizations'] {
  return {
    put: async (u) => {
      const values = {
        pool_id: u.poolId, client_id: u.clientId, css: u.css, image_base64: u.imageBase64, image_type: u.imageType,
        css_version: u.cssVersion, created_at: u.createdAt, updated_at: u.updatedAt,
      };
      await engine.db
        .insertInto('ui_customizations')
        .values(values)
        .onConflict((oc) => oc.columns(['pool_id', 'client_id']).doUpdateSet({
          css: values.css, image_base64: values.image_base64, image_type: values.image_type,
          css_version: values.css_version, updated_at: values.updated_at,
        }))
        .execute();
    },
    find: async (poolId, clientId) => {
      const r = await engine.db.selectFrom('ui_customizations').selectAll().where('pool_id', '=', poolId).where('client_id', '=', clientId).executeTakeFirst();
      return r && {
        poolId: r.pool_id, clientId: r.client_id, css: r.css, imageBase64: r.image_base64, imageType: r.image_type,
        cssVersion: r.css_version, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
      };
    },
  };
}
