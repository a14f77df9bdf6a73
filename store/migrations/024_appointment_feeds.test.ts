import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { tempDir } from '../../test/support/tmp';

// The one place this migration's number is written.
const VERSION = 24;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig024-')));
afterEach(() => cleanup());

describe(`migration ${VERSION}: appointment day feeds`, () => {
  it('adds the feeds and the files seen to a journal of the previous version, one row per sequence', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    migrate(db, loadMigrations(), VERSION - 1);
    expect(migrate(db, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    const sha = 'a'.repeat(64);
    const insert = db.prepare(
      `INSERT INTO appointment_feeds (consulate, sequence, day, issued_at, received_at, source, sha256, token_count, body)
       VALUES ('FR-PAR', ?, ?, 'i', 'r', 'folder:x', ?, 0, 'RDVFEED1:x')`,
    );
    insert.run(1, '2026-12-02', sha);
    expect(() => insert.run(1, '2026-12-02', sha)).toThrow(/UNIQUE/);
    expect(() => insert.run(0, '2026-12-02', sha)).toThrow(/CHECK/);
    expect(() => insert.run(2, '2/12/2026', sha)).toThrow(/CHECK/);
    const seen = db.prepare("INSERT INTO appointment_feed_seen (sha256, seen_at, source, outcome) VALUES (?, 'now', 'x', ?)");
    seen.run(sha, 'applied');
    expect(() => seen.run('b'.repeat(64), 'maybe')).toThrow(/CHECK/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
