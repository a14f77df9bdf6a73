import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal, type Db } from '../db';
import { loadMigrations, migrate, NewerDatabaseError } from '../migrations';
import { tempDir } from '../../test/support/tmp';

let dir: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  const t = tempDir('mig011-');
  dir = t.dir;
  cleanup = t.cleanup;
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const indexes = (d: Database.Database) =>
  (
    d
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'queue_tickets' AND name IN ('queue_tickets_lane', 'queue_tickets_slot')")
      .all() as Array<{
      name: string;
    }>
  ).map((r) => r.name);

describe('migration 011: the calling order lanes as indexes', () => {
  it('indexes the waiting tickets of a journal written by the previous version, in one step', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), 10);
    old
      .prepare(
        `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, number, label, service, kind, slot, lang, arrived_at)
       VALUES ('t1', 'FR-PAR', 'A', '2025-05-12', 1, 1, 'A-001', 'visa', 'appointment', '2025-05-12T08:00:00.000Z', 'fr', '2025-05-12T07:55:00.000Z')`,
      )
      .run();
    expect(indexes(old)).toEqual([]);
    expect(migrate(old, loadMigrations(), 11)).toEqual({ from: 10, to: 11 });
    expect(indexes(old).sort()).toEqual(['queue_tickets_lane', 'queue_tickets_slot']);
    expect(
      old
        .prepare(
          `SELECT id FROM queue_tickets INDEXED BY queue_tickets_slot
           WHERE consulate = 'FR-PAR' AND business_day = '2025-05-12' AND service = 'visa' AND state = 'waiting' AND kind = 'appointment'`,
        )
        .all(),
    ).toEqual([{ id: 't1' }]);
    old.close();
  });

  it('a failing migration leaves the journal at 010 (the index and the version bump are one transaction)', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), 10);
    old.exec('CREATE INDEX queue_tickets_slot ON queue_tickets(label)'); // a name taken: 011 fails half-way
    expect(() => migrate(old, loadMigrations(), 11)).toThrow(/queue_tickets_slot/);
    expect(old.pragma('user_version', { simple: true })).toBe(10);
    expect(indexes(old)).toEqual(['queue_tickets_slot']); // the lane index of the failed run was rolled back
    old.close();
  });

  it('a journal at 011 is refused, untouched, by software that knows only 010', () => {
    expect(() => migrate(db, loadMigrations().slice(0, 10))).toThrow(NewerDatabaseError);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
  });
});
