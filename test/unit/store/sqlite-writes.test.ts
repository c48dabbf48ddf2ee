// The SQLite connection counts the statements that change the database (src/store/sqlite.ts): the
// user cache is cleared by any change of that count, so every kind of write must move it, through
// Kysely or the direct path, and reads must not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openSqlite } from '../../../src/store/sqlite.js';

describe("the SQLite connection's count of writes", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function opened() {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-writes-'));
    dirs.push(dir);
    const { db, direct } = openSqlite(dir);
    await sql`create table items (id integer primary key, name text)`.execute(db);
    return { db, direct };
  }

  it('moves with every insert, update and delete, with or without RETURNING, failed ones included', async () => {
    const { db, direct } = await opened();
    let before = direct.writes();
    await sql`insert into items (id, name) values (1, 'one')`.execute(db);
    expect(direct.writes()).toBe(++before);
    await sql`update items set name = 'uno' where id = 1 returning id`.execute(db);
    expect(direct.writes()).toBe(++before);
    direct.query('delete from items where id = ?', [1]);
    expect(direct.writes()).toBe(++before);
    direct.query('insert into items (id, name) values (?, ?) returning id', [2, 'two']);
    expect(direct.writes()).toBe(++before);
    expect(() => direct.query('insert into items (id, name) values (?, ?)', [2, 'again'])).toThrow(/UNIQUE/);
    expect(direct.writes()).toBe(++before);
    await db.destroy();
  });

  it("stays put for reads and for a transaction's own begin and commit", async () => {
    const { db, direct } = await opened();
    const before = direct.writes();
    await sql`select * from items`.execute(db);
    direct.query('select count(*) as n from items', []);
    await db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
    });
    expect(direct.writes()).toBe(before);
    await db.destroy();
  });
});
