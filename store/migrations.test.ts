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

  it('is idempotent: a second run does nothing', () => {
    const db = new Database(':memory:');
    const first = migrate(db);
    const second = migrate(db);
    expect(second).toEqual({ from: first.to, to: first.to });
    db.close();
  });
});
