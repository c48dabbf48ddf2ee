import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Client secret rotation: beside the secret it was created with, a client may hold secrets added
// later (AddUserPoolClientSecret). They live in the client's row, so that one compare-and-set
// update changes the whole set and two concurrent additions cannot pass the two-secret limit.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('clients').addColumn('added_secrets', 'text', (c) => c.notNull().defaultTo('[]')).execute();
}
