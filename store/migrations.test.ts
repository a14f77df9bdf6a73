import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, schemaVersion } from './migrations';
import { tempDir } from '../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());

describe('migration runner', () => {
  it('numbers migrations 1..n without gaps', () => {
    const list = loadMigrations();
    expect(list.map((m) => m.version)).toEqual(list.map((_, i) => i + 1));
  });

  it('refuses a gap in the numbering', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const dir = join(t.dir, 'm');
    mkdirSync(dir);
    writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE a (x);');
    writeFileSync(join(dir, '003_c.sql'), 'CREATE TABLE c (x);');
    expect(() => loadMigrations(dir)).toThrow(/expected migration 2, found 3/);
  });

  it('rolls back a failing migration entirely and keeps the previous version', () => {
    const db = new Database(':memory:');
    const migs = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x);' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (x); INSERT INTO nope VALUES (1);' },
    ];
    expect(() => migrate(db, migs)).toThrow(/no such table: nope/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });

  it('runs the migrations with synchronous NORMAL (one fsync, at the next FULL commit, instead of one each) and restores FULL', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = new Database(join(t.dir, 'j.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const migs = [
      { version: 1, name: 'a', sql: 'CREATE TABLE seen (level INTEGER);' },
      { version: 2, name: 'b', sql: 'INSERT INTO seen SELECT synchronous FROM pragma_synchronous;' },
    ];
    expect(migrate(db, migs)).toEqual({ from: 0, to: 2 });
    expect(db.prepare('SELECT level FROM seen').pluck().all()).toEqual([1]);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('restores synchronous FULL when a migration fails', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = new Database(join(t.dir, 'j.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    expect(() => migrate(db, [{ version: 1, name: 'a', sql: 'INSERT INTO nope VALUES (1);' }])).toThrow(/no such table: nope/);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('is idempotent: a second run does nothing', () => {
    const db = new Database(':memory:');
    const first = migrate(db);
    const second = migrate(db);
    expect(second).toEqual({ from: first.to, to: first.to });
    db.close();
  });
});
