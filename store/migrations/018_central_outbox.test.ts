import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { tempDir } from '../../test/support/tmp';

// The one place this migration's number is written (the coordinator renumbers at merge).
const VERSION = 18;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig018-')));
afterEach(() => cleanup());

describe(`migration ${VERSION}: the central service's outbox cursor, per chain`, () => {
  it('keeps one position per origin ("post" or "kiosk:ID") and refuses anything else', () => {
    const db = new Database(join(dir, 'old.sqlite'));
    migrate(db, loadMigrations(), VERSION - 1);
    expect(migrate(db, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    const put = db.prepare('INSERT INTO central_outbox (origin, shipped_through, shipped_hash, confirmed_at) VALUES (?, ?, ?, ?)');
    put.run('post', 10, 'a'.repeat(64), '2026-12-01T08:00:00.000Z');
    put.run('kiosk:K2', 0, '', '2026-12-01T08:00:00.000Z');
    expect(() => put.run('post', 11, 'b'.repeat(64), 'x')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => put.run('hub', 1, '', 'x')).toThrow(/CHECK/);
    expect(() => put.run('kiosk:K3', -1, '', 'x')).toThrow(/CHECK/);
    expect(db.prepare('SELECT origin FROM central_outbox ORDER BY origin').pluck().all()).toEqual(['kiosk:K2', 'post']);
    db.close();
  });
});
