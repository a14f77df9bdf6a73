import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres';
import { openCentralDb, type CentralDb } from '../db';
import { loadCentralMigrations, migrateCentral } from '../migrations';

// The one place this migration's number is written (the coordinator renumbers at merge).
const VERSION = 7;

let tdb: TestDatabase;
let db: CentralDb;
beforeAll(async () => {
  tdb = await createTestDatabase('mig_user_changes');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
});
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

describe(`central migration ${VERSION}: user changes`, () => {
  it('adds the log of user changes to a database of the previous version; its rows cannot be edited nor removed', async () => {
    expect(await migrateCentral(db, loadCentralMigrations(), VERSION - 1)).toMatchObject({ to: VERSION - 1 });
    expect(await migrateCentral(db, loadCentralMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    await db.query(
      `INSERT INTO central_user_changes (actor, via, action, target, from_role, to_role) VALUES ('amina', 'pages', 'role', 'karim', 'viewer', 'admin')`,
    );
    await expect(db.query(`INSERT INTO central_user_changes (actor, via, action, target) VALUES ('amina', 'mail', 'added', 'x')`)).rejects.toThrow(
      /check constraint/,
    );
    await expect(db.query(`UPDATE central_user_changes SET actor = 'someone'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM central_user_changes`)).rejects.toThrow(/append-only/);
    expect((await db.query(`SELECT actor FROM central_user_changes`)).rows).toEqual([{ actor: 'amina' }]);
  });
});
