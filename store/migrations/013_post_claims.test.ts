import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, NewerDatabaseError } from '../migrations';
import { tempDir } from '../../test/support/tmp';

/** This migration's number (the coordinator renumbers it at merge: here and in the file names only). */
const VERSION = 13;

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('mig-post-claims-');
  dir = t.dir;
  cleanup = t.cleanup;
});
afterEach(() => cleanup());

const tables = (d: Database.Database) =>
  (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'post_token_%' ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  );

describe(`migration ${VERSION}: post token claims`, () => {
  it('adds the hub register holders, the conflicts and the kiosk claims to a journal of the previous version, keeping its uses', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), VERSION - 1);
    old.prepare("INSERT INTO appointment_tokens_used (token_id, kiosk_id, used_at) VALUES ('ab12cd34ef567890', 'K1', '2026-12-01T08:00:00Z')").run();
    expect(tables(old)).toEqual([]);
    expect(migrate(old, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    expect(tables(old)).toEqual(['post_token_claims', 'post_token_conflicts', 'post_token_holders']);
    expect(old.prepare('SELECT count(*) AS n FROM appointment_tokens_used').get()).toEqual({ n: 1 });
    old.close();
  });

  it('a conflict is acknowledged once and its facts never change; a late claim is one row', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    migrate(db, loadMigrations(), VERSION);
    const ins = db.prepare(
      `INSERT INTO post_token_conflicts (token_id, appointment_id, kiosk_id, visit_key, claimed_at, held_kiosk_id, held_at, raised_at)
       VALUES ('ab12cd34ef567890', 'A1', 'K2', 'visit-k2-1', 't', 'K1', 't', 't')`,
    );
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE post_token_conflicts SET held_kiosk_id = 'K9'").run()).toThrow(/facts never change/);
    db.prepare("UPDATE post_token_conflicts SET acknowledged_at = 'now', acknowledged_by = 'sup'").run();
    expect(() => db.prepare("UPDATE post_token_conflicts SET acknowledged_by = 'other'").run()).toThrow(/acknowledged once/);
    expect(() => db.prepare("UPDATE post_token_conflicts SET appointment_id = 'A2'").run()).toThrow(/facts never change/);
    db.prepare('UPDATE post_token_conflicts SET appointment_id = NULL').run(); // retention
    expect(() =>
      db.prepare("INSERT INTO post_token_claims (visit_key, token_id, claimed_at, state) VALUES ('visit-1234', 'ab12cd34ef567890', 't', 'lost')").run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it(`a journal at ${VERSION} is refused, untouched, by software that knows only ${VERSION - 1}`, () => {
    const db = new Database(join(dir, 'j.sqlite'));
    migrate(db, loadMigrations(), VERSION);
    expect(() => migrate(db, loadMigrations().slice(0, VERSION - 1))).toThrow(NewerDatabaseError);
    expect(db.pragma('user_version', { simple: true })).toBe(VERSION);
    db.close();
  });
});
