import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { configureConnection } from '../db';
import { appendEvent } from '../events';
import { tempDir } from '../../test/support/tmp';

// This migration's number, read from the file's own name: the lead renumbers at merge, and the test follows.
const VERSION = Number(basename(fileURLToPath(import.meta.url)).slice(0, 3));

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig026-')));
afterEach(() => cleanup());

function ticket(db: Database.Database, id: string, n: number, state: string, counter: string | null = null, service = 'visa'): void {
  db.prepare(
    `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, number, label, service, kind, lang, arrived_at, state, counter)
     VALUES (?, 'FR-PAR', 'A', '2025-05-12', ?, ?, ?, ?, 'walk-in', 'fr', '2025-05-12T07:55:00.000Z', ?, ?)`,
  ).run(id, n, n, `A-${n}`, service, state, counter);
}
function ticketEvent(db: Database.Database, ticketId: string, kind: string): void {
  const eventId = appendEvent(db, { kind: `queue.ticket.${kind}`, subject: ticketId });
  db.prepare(
    `INSERT INTO queue_ticket_events (event_id, ticket_id, at, kind, service, actor) VALUES (?, ?, '2025-05-12T08:00:00.000Z', ?, 'visa', 'amina')`,
  ).run(eventId, ticketId, kind);
}
/** Every index and trigger on the two rebuilt tables, with its SQL as written. */
const schema = (db: Database.Database) =>
  db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('queue_tickets', 'queue_ticket_events') AND type IN ('index', 'trigger') ORDER BY name",
    )
    .all() as Array<{ type: string; name: string; sql: string }>;
const all = (db: Database.Database, sql: string) => db.prepare(sql).all();
const NEW_COLUMNS = ['hold_counter', 'held_at', 'held_by', 'hold_reason', 'priority_request', 'priority_by'];

describe(`migration ${VERSION}: a ticket can be held (parked) with where, when, who and why; priority requests`, () => {
  it('rebuilds the ticket tables of a journal at the previous version, foreign keys on: rows, indexes, triggers, counts kept', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    configureConnection(db); // foreign keys on, as openJournal migrates
    migrate(db, loadMigrations(), VERSION - 1);
    ticket(db, 'FR-PAR/2025-05-12/A/1', 1, 'waiting');
    ticket(db, 'FR-PAR/2025-05-12/A/2', 2, 'called', '3');
    ticket(db, 'FR-PAR/2025-05-12/A/3', 3, 'done');
    ticket(db, 'FR-PAR/2025-05-12/A/4', 4, 'waiting', null, 'passport');
    ticket(db, 'FR-PAR/2025-05-12/A/9', 9, 'waiting');
    db.prepare("DELETE FROM queue_tickets WHERE id = 'FR-PAR/2025-05-12/A/9'").run(); // the high-water mark is above the last row
    db.prepare("UPDATE queue_tickets SET state = 'cancelled', cancel_reason = 'refunded', cancelled_by = 'sup-1' WHERE id = 'FR-PAR/2025-05-12/A/3'").run();
    for (const [t, k] of [
      ['FR-PAR/2025-05-12/A/1', 'issued'],
      ['FR-PAR/2025-05-12/A/2', 'issued'],
      ['FR-PAR/2025-05-12/A/2', 'called'],
      ['FR-PAR/2025-05-12/A/3', 'cancelled'],
    ] as const)
      ticketEvent(db, t, k);
    db.prepare("INSERT INTO post_ticket_requests (kiosk, request_key, ticket_id, at) VALUES ('K2', 'E-1', 'FR-PAR/2025-05-12/A/4', 'x')").run();
    const before = {
      tickets: all(db, 'SELECT * FROM queue_tickets ORDER BY seq'),
      events: all(db, 'SELECT * FROM queue_ticket_events ORDER BY id'),
      waiting: all(db, 'SELECT * FROM queue_waiting ORDER BY service'),
      sequence: all(db, "SELECT name, seq FROM sqlite_sequence WHERE name LIKE 'queue_ticket%' ORDER BY name"),
      schema: schema(db),
    };

    expect(migrate(db, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });

    const tickets = all(db, 'SELECT * FROM queue_tickets ORDER BY seq') as Array<Record<string, unknown>>;
    // Every row as it was (the cancel's reason and who included), the new columns empty.
    expect(tickets.map((t) => Object.fromEntries(Object.entries(t).filter(([k]) => !NEW_COLUMNS.includes(k))))).toEqual(before.tickets);
    expect(tickets.every((t) => NEW_COLUMNS.every((k) => t[k] === null))).toBe(true);
    expect(all(db, 'SELECT * FROM queue_ticket_events ORDER BY id')).toEqual(before.events);
    expect(all(db, 'SELECT * FROM queue_waiting ORDER BY service')).toEqual(before.waiting);
    expect(all(db, "SELECT name, seq FROM sqlite_sequence WHERE name LIKE 'queue_ticket%' ORDER BY name")).toEqual(before.sequence);
    // Every index and trigger is back as it was, but the open tickets' index, which now counts a held ticket as
    // open, and the two new ones.
    const after = schema(db);
    const changed = ['queue_tickets_held', 'queue_tickets_parked', 'queue_tickets_priority_requests'];
    expect(after.filter((x) => !changed.includes(x.name))).toEqual(before.schema.filter((x) => x.name !== 'queue_tickets_held'));
    expect(after.find((x) => x.name === 'queue_tickets_held')!.sql).toMatch(/WHERE state IN \('waiting', 'called', 'serving', 'held'\)$/);
    expect(all(db, "SELECT name FROM sqlite_master WHERE name LIKE '%026%'")).toEqual([]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Held: with the counter, when, who and why, leaving the waiting count and the counter; never without them.
    const hold = db.prepare(
      "UPDATE queue_tickets SET state = 'held', counter = NULL, hold_counter = ?, held_at = ?, held_by = ?, hold_reason = ? WHERE id = 'FR-PAR/2025-05-12/A/1'",
    );
    expect(() => hold.run(null, 'at', 'amina', 'fetching a photo')).toThrow(/CHECK/);
    expect(() => hold.run('3', null, 'amina', 'fetching a photo')).toThrow(/CHECK/);
    expect(() => hold.run('3', 'at', '', 'fetching a photo')).toThrow(/CHECK/);
    expect(() => hold.run('3', 'at', 'amina', '  ')).toThrow(/CHECK/);
    hold.run('3', 'at', 'amina', 'fetching a photo');
    expect(db.prepare("SELECT waiting FROM queue_waiting WHERE service = 'visa'").get()).toEqual({ waiting: 0 });
    // A held ticket is at no counter: the counter's "one ticket" index does not count it.
    expect(() => db.prepare("UPDATE queue_tickets SET counter = '3' WHERE id = 'FR-PAR/2025-05-12/A/1'").run()).toThrow(/CHECK/);
    ticketEvent(db, 'FR-PAR/2025-05-12/A/1', 'held');
    ticketEvent(db, 'FR-PAR/2025-05-12/A/4', 'priority');
    expect(() => ticketEvent(db, 'FR-PAR/2025-05-12/A/1', 'parked')).toThrow(/CHECK/);
    // Held is open: its number is still held (the index the numbering reads).
    expect(
      all(
        db,
        `SELECT number FROM queue_tickets INDEXED BY queue_tickets_held
         WHERE consulate = 'FR-PAR' AND business_day = '2025-05-12' AND prefix = 'A' AND state IN ('waiting', 'called', 'serving', 'held') ORDER BY number`,
      ),
    ).toEqual([{ number: 1 }, { number: 2 }, { number: 4 }]);

    // Priority: a fourth class; a request is pending only while there is no priority.
    db.prepare("UPDATE queue_tickets SET priority_request = 'children' WHERE id = 'FR-PAR/2025-05-12/A/4'").run();
    expect(() => db.prepare("UPDATE queue_tickets SET priority = 'pregnant' WHERE id = 'FR-PAR/2025-05-12/A/4'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE queue_tickets SET priority = 'children', priority_request = NULL, priority_by = 'amina' WHERE id = 'FR-PAR/2025-05-12/A/4'").run();
    expect(() => db.prepare("UPDATE queue_tickets SET priority_request = 'twins' WHERE id = 'FR-PAR/2025-05-12/A/1'").run()).toThrow(/CHECK/);

    // The guards of the earlier migrations hold on the new tables.
    expect(() => db.prepare('DELETE FROM queue_ticket_events').run()).toThrow(/append-only/);
    expect(() => ticket(db, 'FR-PAR/2025-05-12/A/2b', 2, 'waiting')).toThrow(/UNIQUE/);
    expect(() => ticket(db, 'FR-PAR/2025-05-12/A/5', 5, 'called', '3')).toThrow(/UNIQUE/);
    ticket(db, 'FR-PAR/2025-05-12/A/10', 10, 'waiting');
    // No seq is given twice: the deleted ticket's 5 stays used.
    expect(db.prepare("SELECT seq FROM queue_tickets WHERE id = 'FR-PAR/2025-05-12/A/10'").get()).toEqual({ seq: 6 });
    expect(() => db.prepare("DELETE FROM queue_tickets WHERE id = 'FR-PAR/2025-05-12/A/4'").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('a new journal reaches it too (no table set aside is left behind)', () => {
    const db = new Database(':memory:');
    configureConnection(db, 'DELETE');
    migrate(db, loadMigrations(), VERSION);
    expect(all(db, "SELECT name FROM sqlite_master WHERE name LIKE '%026%'")).toEqual([]);
    expect(all(db, "SELECT name FROM sqlite_sequence WHERE name LIKE 'queue_ticket%' AND typeof(seq) <> 'integer'")).toEqual([]);
    db.close();
  });
});
