import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../db';
import { appendEvent } from '../events';

let dir: string;
let db: Db;
function open(): Db {
  dir = mkdtempSync(join(tmpdir(), 'queue-mig-'));
  db = openJournal(join(dir, 'journal.sqlite'));
  return db;
}
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (db: Db, over: Record<string, unknown> = {}) => {
  const row = {
    id: 'FR-PAR/2025-05-12/A/0',
    consulate: 'FR-PAR',
    prefix: 'A',
    business_day: '2025-05-12',
    day_seq: 0,
    cycle: 0,
    number: 1,
    label: 'A-001',
    service: 'passport',
    kind: 'walk-in',
    slot: null,
    priority: null,
    persons: 1,
    lang: 'fr',
    arrived_at: '2025-05-12T07:00:00.000Z',
    state: 'waiting',
    counter: null,
    ...over,
  };
  return db
    .prepare(
      `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, cycle, number, label, service, kind, slot, priority, persons, lang,
                                  arrived_at, state, counter)
       VALUES (@id, @consulate, @prefix, @business_day, @day_seq, @cycle, @number, @label, @service, @kind, @slot, @priority, @persons, @lang,
               @arrived_at, @state, @counter)`,
    )
    .run(row);
};

describe('migration 005: queue', () => {
  it('creates the queue tables', () => {
    const names = (
      open().prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'queue_%' ORDER BY name").all() as Array<{ name: string }>
    ).map((r) => r.name);
    // queue_waiting: 010; queue_counter_services and queue_service_pauses: 025 (the supervisor's changes).
    expect(names).toEqual([
      'queue_counter_services',
      'queue_counters',
      'queue_days',
      'queue_service_pauses',
      'queue_ticket_events',
      'queue_tickets',
      'queue_waiting',
    ]);
  });
  it('refuses a second ticket with the same number on the same day, prefix and cycle', () => {
    open();
    insert(db);
    expect(() => insert(db, { id: 'x', day_seq: 1 })).toThrow(
      // migration 012 adds the series (a kiosk's fallback range) to this guard
      /UNIQUE constraint failed: queue_tickets.consulate, queue_tickets.prefix, queue_tickets.business_day, (queue_tickets.series, )?queue_tickets.cycle, queue_tickets.number/,
    );
    // another day, another prefix, another consulate, or a later wrap cycle are fine
    insert(db, { id: 'd', business_day: '2025-05-13' });
    insert(db, { id: 'p', prefix: 'B', label: 'B-001' });
    insert(db, { id: 'c', consulate: 'US-NYC' });
    insert(db, { id: 'w', day_seq: 999, cycle: 1 });
  });
  it('a walk-in cannot carry a slot and an appointment must carry one', () => {
    open();
    expect(() => insert(db, { slot: '2025-05-12T08:00:00Z' })).toThrow(/CHECK constraint failed/);
    expect(() => insert(db, { kind: 'appointment' })).toThrow(/CHECK constraint failed/);
    insert(db, { kind: 'appointment', slot: '2025-05-12T08:00:00Z' });
  });
  it('a ticket at a counter names it, and a counter holds one ticket at a time', () => {
    open();
    expect(() => insert(db, { state: 'called' })).toThrow(/CHECK constraint failed/);
    expect(() => insert(db, { counter: '3' })).toThrow(/CHECK constraint failed/);
    insert(db, { state: 'called', counter: '3' });
    expect(() => insert(db, { id: 'b', day_seq: 1, number: 2, state: 'serving', counter: '3' })).toThrow(/UNIQUE constraint failed: queue_tickets.counter/);
    insert(db, { id: 'c', day_seq: 2, number: 3, state: 'done', counter: null });
  });
  it('rejects unknown states, kinds and priorities', () => {
    open();
    expect(() => insert(db, { state: 'lost' })).toThrow(/CHECK/);
    expect(() => insert(db, { kind: 'vip' })).toThrow(/CHECK/);
    expect(() => insert(db, { priority: 'vip' })).toThrow(/CHECK/);
  });
  it('the ticket history is append-only and tied to a journal event', () => {
    open();
    insert(db);
    const ev = appendEvent(db, { kind: 'queue.ticket.issued', subject: 'FR-PAR/2025-05-12/A/0' });
    db.prepare(
      `INSERT INTO queue_ticket_events (event_id, ticket_id, at, kind, service, actor)
       VALUES (?, 'FR-PAR/2025-05-12/A/0', '2025-05-12T07:00:00Z', 'issued', 'passport', 'kiosk:K1')`,
    ).run(ev);
    expect(() => db.prepare("UPDATE queue_ticket_events SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM queue_ticket_events').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO queue_ticket_events (event_id, ticket_id, at, kind, service, actor)
           VALUES (99999, 'FR-PAR/2025-05-12/A/0', 'x', 'issued', 'passport', 'k')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db.prepare("INSERT INTO queue_ticket_events (event_id, ticket_id, at, kind, service, actor) VALUES (?, 'nope', 'x', 'issued', 'passport', 'k')").run(ev),
    ).toThrow(/FOREIGN KEY|UNIQUE/);
  });
  it('the day counter checks its key', () => {
    open();
    expect(() => db.prepare("INSERT INTO queue_days VALUES ('FR-PAR', 'a', '2025-05-12', 0)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO queue_days VALUES ('FR-PAR', 'A', '12/05/2025', 0)").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO queue_days VALUES ('FR-PAR', 'AB', '2025-05-12', 0)").run();
  });
  it('the hot queries read only open tickets, through the partial indexes', () => {
    open();
    const plan = (sql: string) => (db.prepare('EXPLAIN QUERY PLAN ' + sql).all() as Array<{ detail: string }>).map((p) => p.detail).join(' ');
    expect(plan("SELECT * FROM queue_tickets WHERE consulate = 'FR-PAR' AND business_day = '2025-05-12' AND state = 'waiting'")).toMatch(
      /USING INDEX queue_tickets_lane/, // migration 020: the lane index begins like the dropped queue_tickets_waiting
    );
    expect(plan("SELECT * FROM queue_tickets WHERE state IN ('called', 'serving')")).toMatch(/USING INDEX queue_tickets_at_counter/);
    expect(plan("SELECT * FROM queue_tickets WHERE counter = '3' AND state IN ('called', 'serving')")).toMatch(/USING INDEX queue_tickets_at_counter/);
    expect(
      plan("SELECT * FROM queue_tickets WHERE consulate = 'FR-PAR' AND business_day < '2025-05-12' AND state IN ('waiting', 'called', 'serving', 'held')"),
    ).toMatch(/USING INDEX queue_tickets_held/); // migration 020: one index for the open tickets (025: a held one is open too)
    expect(
      plan(
        `SELECT 1 FROM queue_tickets WHERE consulate = 'FR-PAR' AND prefix = 'A' AND business_day = '2025-05-12' AND number = 7
         AND state IN ('waiting', 'called', 'serving', 'held') AND series = '' LIMIT 1`,
      ),
    ).toMatch(/USING INDEX queue_tickets_(held|number)/); // the numbering's "number still held" (store/queue.ts issueTicket)
  });
});
