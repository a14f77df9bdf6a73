import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { tempDir } from '../../test/support/tmp';

// The one place this migration's number is written (the coordinator renumbers at merge).
const VERSION = 15;
/** This migration's tables (others of the post level start with post_ too). */
const OURS = ['post_kiosk_heads', 'post_outbox', 'post_received_events'];

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('mig012-');
  dir = t.dir;
  cleanup = t.cleanup;
});
afterEach(() => cleanup());

const tables = (d: Database.Database) =>
  (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'post_%' ORDER BY name").all() as Array<{ name: string }>)
    .map((r) => r.name)
    .filter((n) => OURS.includes(n));

describe(`migration ${VERSION}: event shipping (kiosk outbox cursor, hub's received events and kiosk heads)`, () => {
  it('adds the tables to a journal written by the previous version, in one step', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), VERSION - 1);
    expect(tables(old)).toEqual([]);
    expect(migrate(old, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    expect(tables(old)).toEqual(['post_kiosk_heads', 'post_outbox', 'post_received_events']);
    old.close();
  });

  it('received events are append-only and stored once per kiosk and id', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    migrate(db, loadMigrations(), VERSION);
    const ins = db.prepare(
      `INSERT INTO post_received_events (kiosk_id, id, at, kind, subject, payload, prev_hash, hash, received_at)
       VALUES ('K1', ?, 't', 'k', NULL, ?, '', ?, 't')`,
    );
    ins.run(1, '{"a":1}', 'h1');
    expect(() => ins.run(1, '{}', 'h2')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => ins.run(2, 'not json', 'h2')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE post_received_events SET payload = '{}'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM post_received_events').run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO post_outbox (one, shipped_through, shipped_hash, confirmed_at) VALUES (2, 0, '', 't')").run()).toThrow(/CHECK/);
    db.close();
  });

  it('a failing migration leaves the journal at the previous version', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), VERSION - 1);
    old.exec('CREATE TABLE post_kiosk_heads (x)'); // a name taken: the migration fails half-way
    expect(() => migrate(old, loadMigrations(), VERSION)).toThrow(/post_kiosk_heads/);
    expect(old.pragma('user_version', { simple: true })).toBe(VERSION - 1);
    expect(tables(old)).toEqual(['post_kiosk_heads']);
    old.close();
  });
});
