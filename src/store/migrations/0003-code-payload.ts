import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// codes.payload: what a code stands for besides proving ownership, e.g. the new email address a
// 'verify:email' code will apply once confirmed (AttributesRequireVerificationBeforeUpdate).
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('codes').addColumn('payload', 'text').execute();
}
