import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { configureConnection } from '../db';
import { appendEvent } from '../events';
import { tempDir } from '../../test/support/tmp';

// The one place this migration's number is written (the lead renumbers at merge).
const VERSION = 23;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig023-')));
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
    .all();
const all = (db: Database.Database, sql: string) => db.prepare(sql).all();

describe(`migration ${VERSION}: a ticket can be cancelled, with why and by whom; refunds sealed and purged like payments`, () => {
  it('rebuilds the ticket tables of a journal at the previous version, foreign keys on as the daemon runs it: rows, indexes, triggers, counts kept', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    configureConnection(db); // foreign keys on, as openJournal migrates
    migrate(db, loadMigrations(), VERSION - 1);
    ticket(db, 'FR-PAR/2025-05-12/A/1', 1, 'waiting');
    ticket(db, 'FR-PAR/2025-05-12/A/2', 2, 'called', '3');
    ticket(db, 'FR-PAR/2025-05-12/A/3', 3, 'done');
    ticket(db, 'FR-PAR/2025-05-12/A/4', 4, 'waiting', null, 'passport');
    ticket(db, 'FR-PAR/2025-05-12/A/9', 9, 'waiting');
    db.prepare("DELETE FROM queue_tickets WHERE id = 'FR-PAR/2025-05-12/A/9'").run(); // the high-water mark is above the last row
    for (const [t, k] of [
      ['FR-PAR/2025-05-12/A/1', 'issued'],
      ['FR-PAR/2025-05-12/A/2', 'issued'],
      ['FR-PAR/2025-05-12/A/2', 'called'],
      ['FR-PAR/2025-05-12/A/3', 'finished'],
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
    expect(tickets.map(({ cancel_reason, cancelled_by, ...rest }) => (expect([cancel_reason, cancelled_by]).toEqual([null, null]), rest))).toEqual(
      before.tickets,
    );
    expect(all(db, 'SELECT * FROM queue_ticket_events ORDER BY id')).toEqual(before.events);
    expect(all(db, 'SELECT * FROM queue_waiting ORDER BY service')).toEqual(before.waiting);
    expect(all(db, "SELECT name, seq FROM sqlite_sequence WHERE name LIKE 'queue_ticket%' ORDER BY name")).toEqual(before.sequence);
    expect(schema(db)).toEqual(before.schema);
    expect(all(db, "SELECT name FROM sqlite_master WHERE name LIKE '%023%'")).toEqual([]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // The new state: with a reason and who, leaving the waiting count; never without them.
    const cancel = db.prepare("UPDATE queue_tickets SET state = 'cancelled', cancel_reason = ?, cancelled_by = ? WHERE id = 'FR-PAR/2025-05-12/A/1'");
    expect(() => cancel.run(null, 'sup-1')).toThrow(/CHECK/);
    expect(() => cancel.run('refunded', null)).toThrow(/CHECK/);
    expect(() => cancel.run('  ', 'sup-1')).toThrow(/CHECK/);
    cancel.run('visit refunded', 'sup-1');
    expect(db.prepare("SELECT waiting FROM queue_waiting WHERE service = 'visa'").get()).toEqual({ waiting: 0 });
    expect(() => db.prepare("UPDATE queue_tickets SET cancel_reason = 'x' WHERE id = 'FR-PAR/2025-05-12/A/3'").run()).toThrow(/CHECK/);
    ticketEvent(db, 'FR-PAR/2025-05-12/A/1', 'cancelled');
    expect(() => ticketEvent(db, 'FR-PAR/2025-05-12/A/1', 'vanished')).toThrow(/CHECK/);
    // The guards of the earlier migrations hold on the new tables.
    expect(() => db.prepare('DELETE FROM queue_ticket_events').run()).toThrow(/append-only/);
    expect(() => ticket(db, 'FR-PAR/2025-05-12/A/3b', 3, 'waiting')).toThrow(/UNIQUE/);
    expect(() => ticket(db, 'FR-PAR/2025-05-12/A/5', 5, 'called', '3')).toThrow(/UNIQUE/);
    db.prepare(
      `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, number, label, service, kind, lang, arrived_at)
       VALUES ('FR-PAR/2025-05-12/A/10', 'FR-PAR', 'A', '2025-05-12', 10, 10, 'A-10', 'visa', 'walk-in', 'fr', 'x')`,
    ).run();
    // No seq is given twice: the deleted ticket's 5 stays used.
    expect(db.prepare("SELECT seq FROM queue_tickets WHERE id = 'FR-PAR/2025-05-12/A/10'").get()).toEqual({ seq: 6 });
    expect(() => db.prepare("DELETE FROM queue_tickets WHERE id = 'FR-PAR/2025-05-12/A/4'").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('gives the refunds already there a salt for their sealed receipt lines, and makes the retention purge one-way', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    configureConnection(db);
    migrate(db, loadMigrations(), VERSION - 1);
    db.prepare(
      `INSERT INTO etimbre_references (reference, consulate, kiosk_id, amount_minor, currency, services, persons, issued_at)
       VALUES ('E-1', 'FR-PAR', 'K1', 3000, 'EUR', '[]', 1, '2026-12-01T10:00:00.000Z')`,
    ).run();
    db.prepare(
      `INSERT INTO payments (id, kiosk_id, terminal_id, protocol, amount_minor, currency, reference, state, created_at, updated_at, sent_at)
       VALUES ('pay-1', 'K1', 'T1', 'zvt', 3000, 'EUR', 'E-1', 'approved', 'a', 'a', 'a')`,
    ).run();
    const refund = db.prepare(
      `INSERT INTO refunds (id, payment_id, method, kiosk_id, terminal_id, protocol, amount_minor, currency, why, requested_by, state, receipt_lines,
                            created_at, updated_at)
       VALUES (?, 'pay-1', 'refund', 'K1', 'T1', 'zvt', 1000, 'EUR', 'w', 'sup', 'intent', '["CB ****1111"]', 'b', 'b')`,
    );
    refund.run('rf-1');
    expect(migrate(db, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    const row = () => db.prepare("SELECT receipt_lines, personal_salt, personal_purged_at FROM refunds WHERE id = 'rf-1'").get();
    expect(row()).toEqual({ receipt_lines: '["CB ****1111"]', personal_salt: expect.stringMatching(/^[0-9a-f]{32}$/), personal_purged_at: null });
    db.prepare("UPDATE refunds SET state = 'declined' WHERE id = 'rf-1'").run();
    refund.run('rf-2'); // written after: salted on insert
    expect(db.prepare("SELECT personal_salt FROM refunds WHERE id = 'rf-2'").get()).toEqual({ personal_salt: expect.stringMatching(/^[0-9a-f]{32}$/) });
    db.prepare("UPDATE refunds SET receipt_lines = NULL, personal_salt = NULL, personal_purged_at = 'c' WHERE id = 'rf-1'").run();
    expect(() => db.prepare(`UPDATE refunds SET receipt_lines = '["x"]' WHERE id = 'rf-1'`).run()).toThrow(/purged by retention/);
    expect(() => db.prepare("UPDATE refunds SET personal_salt = 'ab' WHERE id = 'rf-1'").run()).toThrow(/purged by retention/);
    db.close();
  });

  it('a new journal reaches it too (no table set aside is left behind)', () => {
    const db = new Database(':memory:');
    configureConnection(db, 'DELETE');
    migrate(db, loadMigrations(), VERSION);
    expect(all(db, "SELECT name FROM sqlite_master WHERE name LIKE '%023%'")).toEqual([]);
    // A high-water mark, where there is one, is a number (the first ticket then gets seq 1).
    expect(all(db, "SELECT name FROM sqlite_sequence WHERE name LIKE 'queue_ticket%' AND typeof(seq) <> 'integer'")).toEqual([]);
    db.close();
  });
});
