import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { tempDir } from '../../test/support/tmp';

// The one place this migration's number is written (the coordinator renumbers at merge).
const VERSION = 20;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig020-')));
afterEach(() => cleanup());

const indexes = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'queue_tickets' ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  );
const plan = (db: Database.Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.matchAll(/\?/g), () => null)) as Array<{ detail: string }>).map((p) => p.detail).join(' | ');

function ticket(db: Database.Database, id: string, day: string, number: number, state: string): void {
  db.prepare(
    `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, number, label, service, kind, lang, arrived_at, state)
     VALUES (?, 'FR-PAR', 'A', ?, ?, ?, ?, 'visa', 'walk-in', 'fr', '2025-05-12T07:55:00.000Z', ?)`,
  ).run(id, day, number, number, `A-${number}`, state);
}

describe(`migration ${VERSION}: one partial index fewer per open ticket`, () => {
  it('replaces the three overlapping open-ticket indexes by one, on a journal written by the previous version', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    migrate(db, loadMigrations(), VERSION - 1);
    ticket(db, 't1', '2025-05-11', 1, 'waiting');
    ticket(db, 't2', '2025-05-12', 2, 'waiting');
    ticket(db, 't3', '2025-05-12', 3, 'done');
    expect(indexes(db)).toEqual(expect.arrayContaining(['queue_tickets_waiting', 'queue_tickets_open', 'queue_tickets_held']));
    const before = indexes(db).length;
    expect(migrate(db, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    expect(indexes(db)).not.toEqual(expect.arrayContaining(['queue_tickets_waiting']));
    expect(indexes(db)).not.toEqual(expect.arrayContaining(['queue_tickets_open']));
    expect(indexes(db)).toHaveLength(before - 2);
    // The rows already there are in the new index.
    const held = "SELECT id FROM queue_tickets INDEXED BY queue_tickets_held WHERE consulate = 'FR-PAR' AND state IN ('waiting', 'called', 'serving')";
    expect(db.prepare(`${held} ORDER BY id`).all()).toEqual([{ id: 't1' }, { id: 't2' }]);
    db.close();
  });

  it('the queries that read through the dropped indexes still seek an index, never scan the tickets', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    migrate(db, loadMigrations(), VERSION);
    // The waiting list (store/queue.ts waitingTickets), through the lane index that begins like the dropped one.
    expect(plan(db, "SELECT * FROM queue_tickets WHERE consulate = ? AND business_day = ? AND state = 'waiting'")).toMatch(
      /^SEARCH queue_tickets USING INDEX queue_tickets_lane \(consulate=\? AND business_day=\?\)$/,
    );
    // "Is this number still held?" (store/queue.ts issueTicket): four equalities.
    expect(
      plan(
        db,
        `SELECT 1 FROM queue_tickets
         WHERE consulate = ? AND prefix = ? AND business_day = ? AND number = ? AND state IN ('waiting', 'called', 'serving') AND series = '' LIMIT 1`,
      ),
    ).toMatch(/^SEARCH queue_tickets USING INDEX queue_tickets_held \(consulate=\? AND business_day=\? AND prefix=\? AND number=\?\)$/);
    // The tickets left open from earlier days (store/queue.ts, at the day's roll): a range on the day.
    expect(plan(db, "SELECT * FROM queue_tickets WHERE consulate = ? AND business_day < ? AND state IN ('waiting', 'called', 'serving')")).toMatch(
      /^SEARCH queue_tickets USING INDEX queue_tickets_held \(consulate=\? AND business_day<\?\)$/,
    );
    db.close();
  });
});
