/** A unique constraint refused a write; `table` tells the domain which rule was hit. */
export class StoreConflict extends Error {
  constructor(readonly table: string, options?: { cause?: unknown }) {
    super(`unique constraint violated on ${table}`, options);
    this.name = 'StoreConflict';
  }
}

/** Converts both drivers' unique-violation errors into StoreConflict; rethrows anything else. */
export function translateConflict(error: unknown, table: string): never {
  const e = error as { code?: string };
  // better-sqlite3: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; pg: SQLSTATE 23505 unique_violation.
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505') {
    throw new StoreConflict(table, { cause: error });
  }
  throw error;
}
