import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/postgres';
import { openCentralDb, type CentralDb } from './db';
import { centralSchemaVersion, loadCentralMigrations, migrateCentral, NewerCentralSchemaError } from './migrations';

let tdb: TestDatabase;
let db: CentralDb;

beforeAll(async () => {
  tdb = await createTestDatabase('migrations');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
});
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

describe('central migrations', () => {
  it('numbers run 001, 002, … without gaps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-mig-'));
    writeFileSync(join(dir, '001_a.sql'), 'SELECT 1');
    writeFileSync(join(dir, '003_c.sql'), 'SELECT 1');
    expect(() => loadCentralMigrations(dir)).toThrow(/expected migration 2, found 3/);
  });

  it('bring an empty database to the latest version, each once, and are idempotent (two services starting together)', async () => {
    const known = loadCentralMigrations().length;
    const [a, b] = await Promise.all([migrateCentral(db), migrateCentral(db)]);
    expect([a.to, b.to]).toEqual([known, known]);
    expect(await centralSchemaVersion(db)).toBe(known);
    const rows = await db.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.rows.map((r) => r.version)).toEqual(Array.from({ length: known }, (_, i) => i + 1));
    expect(await migrateCentral(db)).toEqual({ from: known, to: known });
  });

  it('001: events are partitioned by month, partitions made on demand', async () => {
    await db.query(`INSERT INTO posts (post_id) VALUES ('FR-PAR')`);
    await db.query(`INSERT INTO streams (post_id, origin) VALUES ('FR-PAR', 'post')`);
    await db.query(`SELECT ensure_event_partition('2026-11-15')`);
    await db.query(`SELECT ensure_event_partition('2026-11-01')`);
    await db.query(
      `INSERT INTO events (post_id, origin, id, at, kind, payload, hash) VALUES ('FR-PAR', 'post', 1, '2026-11-30T23:59:59Z', 'k', '{}', '\\x00')`,
    );
    const where = await db.query(`SELECT tableoid::regclass::text AS part FROM events WHERE id = 1`);
    expect(where.rows[0].part).toBe('events_2026_11');
    await expect(db.query(`INSERT INTO posts (post_id) VALUES ('paris')`)).rejects.toThrow(/check constraint/);
  });

  it('a failing migration is rolled back whole and the version stays', async () => {
    const before = await centralSchemaVersion(db);
    const bad = [...loadCentralMigrations(), { version: before + 1, name: 'bad', sql: 'CREATE TABLE half_made (x int); SELECT no_such_function();' }];
    await expect(migrateCentral(db, bad)).rejects.toThrow(/bad failed and was rolled back/);
    expect(await centralSchemaVersion(db)).toBe(before);
    const half = await db.query(`SELECT to_regclass('public.half_made')::text AS t`);
    expect(half.rows[0].t).toBeNull();
  });

  it('a database from a newer version is refused untouched', async () => {
    const known = loadCentralMigrations().length;
    await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [known + 1, 'future']);
    await expect(migrateCentral(db)).rejects.toBeInstanceOf(NewerCentralSchemaError);
    await expect(migrateCentral(db)).rejects.toThrow(/newer version/);
    await db.query('DELETE FROM schema_migrations WHERE version = $1', [known + 1]);
  });

  it('a wrong password or database is said plainly', async () => {
    const u = new URL(tdb.url);
    u.password = 'wrong';
    const r = await openCentralDb({ url: u.toString() });
    expect(r).toMatchObject({ ok: false, reason: 'refused' });
    const bad = await openCentralDb({ url: 'mysql://x' });
    expect(bad).toMatchObject({ ok: false, reason: 'address' });
  });
});
