import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal, type Db } from '../db';
import { loadMigrations, migrate } from '../migrations';
import { tempDir } from '../../test/support/tmp';

/** This migration's number, in one place: the coordinator renumbers the post migrations when merging them. */
const VERSION = 12;

let dir: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  const t = tempDir('mig-post-kiosks-');
  dir = t.dir;
  cleanup = t.cleanup;
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const tables = (d: Database.Database) =>
  (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'post_%' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);

describe(`migration ${VERSION}: enrolled kiosks and one-time enrolment codes of a post hub`, () => {
  it('adds both tables to a journal written by the previous version, in one step', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), VERSION - 1);
    expect(tables(old)).toEqual([]);
    expect(migrate(old, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    expect(tables(old)).toEqual(['post_enrolment_codes', 'post_kiosks']);
    old.close();
  });

  it('keeps one credential hash per kiosk and refuses the same hash for two kiosks', () => {
    const ins = db.prepare('INSERT INTO post_kiosks (kiosk_id, credential_hash, enrolled_at) VALUES (?, ?, ?)');
    ins.run('K1', 'h1', '2026-12-01T10:00:00.000Z');
    expect(() => ins.run('K2', 'h1', '2026-12-01T10:00:00.000Z')).toThrow(/UNIQUE/);
    expect(() => ins.run('K1', 'h2', '2026-12-01T10:00:00.000Z')).toThrow(/UNIQUE|PRIMARY/);
  });

  it('a failing migration leaves the journal at the previous version', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), VERSION - 1);
    old.exec('CREATE TABLE post_enrolment_codes (x)'); // a name taken: the migration fails half-way
    expect(() => migrate(old, loadMigrations(), VERSION)).toThrow(/post_enrolment_codes/);
    expect(old.pragma('user_version', { simple: true })).toBe(VERSION - 1);
    expect(tables(old)).toEqual(['post_enrolment_codes']);
    old.close();
  });
});
