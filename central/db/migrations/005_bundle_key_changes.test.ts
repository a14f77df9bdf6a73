import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres';
import { openCentralDb, type CentralDb } from '../db';
import { loadCentralMigrations, migrateCentral } from '../migrations';

// The one place this migration's number is written (the coordinator renumbers at merge).
const VERSION = 5;

let tdb: TestDatabase;
let db: CentralDb;
beforeAll(async () => {
  tdb = await createTestDatabase('mig_key_changes');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
});
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

describe(`central migration ${VERSION}: bundle key changes`, () => {
  it('adds the key-change statements, one per sequence number, to a database of the previous version', async () => {
    expect(await migrateCentral(db, loadCentralMigrations(), VERSION - 1)).toMatchObject({ to: VERSION - 1 });
    expect(await migrateCentral(db, loadCentralMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    const add = (seq: number) => db.query(`INSERT INTO bundle_key_changes (seq, at, text, signature) VALUES ($1, now(), '{}', 's')`, [seq]);
    await add(1);
    await expect(add(1)).rejects.toThrow(/duplicate key/);
    await expect(add(0)).rejects.toThrow(/check constraint/);
  });
});
