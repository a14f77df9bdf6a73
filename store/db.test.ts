import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal } from './db';
import { latestVersion, loadMigrations, migrate, NewerDatabaseError, schemaVersion } from './migrations';
import { tempDir } from '../test/support/tmp';
import { ROOT } from '../test/support/daemon';

let cleanup = () => {};
afterEach(() => cleanup());

function fresh() {
  const t = tempDir();
  cleanup = t.cleanup;
  return join(t.dir, 'journal.sqlite');
}

describe('openJournal', () => {
  it('sets WAL, synchronous FULL and foreign keys on every connection', () => {
    const file = fresh();
    const a = openJournal(file);
    const b = openJournal(file);
    for (const db of [a, b]) {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    }
    a.close();
    b.close();
  });

  it('creates the file readable by its owner only (it holds payment data)', () => {
    const file = fresh();
    openJournal(file).close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('migrates a new file to the latest schema version', () => {
    const file = fresh();
    const db = openJournal(file);
    expect(schemaVersion(db)).toBe(loadMigrations().length);
    db.close();
  });

  it('brings a journal one version behind up to date (the fast path skips current journals only)', () => {
    const file = fresh();
    const all = loadMigrations();
    const raw = new Database(file);
    migrate(raw, all, all.length - 1);
    raw.close();
    const db = openJournal(file);
    expect(schemaVersion(db)).toBe(all.length);
    expect(latestVersion()).toBe(all.length);
    db.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const file = fresh();
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.exec('CREATE TABLE future (x)');
    raw.close();
    expect(() => openJournal(file)).toThrow(NewerDatabaseError);
    expect(() => openJournal(file)).toThrow(/schema version 999.*newer version/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(999);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'events'").get()).toBeUndefined();
    check.close();
  });
});

describe('one connection factory', () => {
  it('no program file opens SQLite but store/db.ts (every connection gets WAL, FULL, foreign keys)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', 'dist', 'test', '.git', 'test-results'].includes(e.name)) continue;
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) && /new Database\(/.test(readFileSync(p, 'utf8'))) offenders.push(relative(ROOT, p));
      }
    };
    walk(ROOT);
    // The one exception: the checkpoint worker's connection (a worker cannot be handed the daemon's), which must set
    // the factory's pragmas itself (the journal is already in WAL mode, which is a property of the file).
    expect(offenders.sort()).toEqual(['store/db.ts', 'store/wal-checkpoint.ts']);
    const worker = readFileSync(join(ROOT, 'store/wal-checkpoint.ts'), 'utf8');
    for (const pragma of ["'synchronous = FULL'", "'foreign_keys = ON'", "'busy_timeout = 5000'"]) expect(worker, pragma).toContain(`db.pragma(${pragma})`);
  });
});
