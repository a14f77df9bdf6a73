import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres';
import { openCentralDb, type CentralDb } from '../db';
import { loadCentralMigrations, migrateCentral } from '../migrations';

// The one place this migration's number is written (the coordinator renumbers at merge).
const VERSION = 4;

let tdb: TestDatabase;
let db: CentralDb;
beforeAll(async () => {
  tdb = await createTestDatabase('mig005');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
});
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

describe(`central migration ${VERSION}: bundles`, () => {
  it('adds the bundles and the version each post applies to a database of the previous version', async () => {
    expect(await migrateCentral(db, loadCentralMigrations(), VERSION - 1)).toMatchObject({ to: VERSION - 1 });
    expect(await migrateCentral(db, loadCentralMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    const add = (v: number) =>
      db.query(`INSERT INTO bundles (version, published_at, effective_at, text, signature, public_key_pem) VALUES ($1, now(), now(), '{}', 's', 'k')`, [v]);
    await add(1);
    await expect(add(1)).rejects.toThrow(/duplicate key/);
    await expect(add(0)).rejects.toThrow(/check constraint/);
    await expect(db.query(`INSERT INTO post_bundles (post_id, version, applied_at, reported_at) VALUES ('FR-XXX', 1, now(), now())`)).rejects.toThrow(
      /foreign key/,
    );
  });
});
