import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { configureConnection } from '../db';
import { appendEvent } from '../events';
import { tempDir } from '../../test/support/tmp';

// The one place this migration's number is written (the lead renumbers at merge).
const VERSION = 25;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig025-')));
afterEach(() => cleanup());

const all = (db: Database.Database, sql: string) => db.prepare(sql).all();
const schema = (db: Database.Database) =>
  all(db, "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'queue_ticket_events' AND type IN ('index', 'trigger') ORDER BY name");

function ticketEvent(db: Database.Database, kind: string): void {
  const eventId = appendEvent(db, { kind: `queue.ticket.${kind}`, subject: 'FR-PAR/2025-05-12/A/1' });
  db.prepare(
    `INSERT INTO queue_ticket_events (event_id, ticket_id, at, kind, service, actor)
     VALUES (?, 'FR-PAR/2025-05-12/A/1', '2025-05-12T08:00:00.000Z', ?, 'visa', 'sofia')`,
  ).run(eventId, kind);
}

describe(`migration ${VERSION}: counter services and service pauses kept by the journal; a no-show can be reopened`, () => {
  it('keeps the ticket history of a journal at the previous version (ids, indexes, triggers) and accepts `reopened`', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    configureConnection(db);
    migrate(db, loadMigrations(), VERSION - 1);
    db.prepare(
      `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, number, label, service, kind, lang, arrived_at, state)
       VALUES ('FR-PAR/2025-05-12/A/1', 'FR-PAR', 'A', '2025-05-12', 1, 1, 'A-001', 'visa', 'walk-in', 'fr', '2025-05-12T07:55:00.000Z', 'no-show')`,
    ).run();
    for (const k of ['issued', 'called', 'no-show']) ticketEvent(db, k);
    expect(() => ticketEvent(db, 'reopened')).toThrow(/CHECK/);
    const before = { events: all(db, 'SELECT * FROM queue_ticket_events ORDER BY id'), schema: schema(db) };

    expect(migrate(db, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });

    expect(all(db, 'SELECT * FROM queue_ticket_events ORDER BY id')).toEqual(before.events);
    expect(schema(db)).toEqual(before.schema);
    expect(all(db, "SELECT name FROM sqlite_master WHERE name LIKE '%025%'")).toEqual([]);
    ticketEvent(db, 'reopened');
    expect(db.prepare("SELECT id FROM queue_ticket_events WHERE kind = 'reopened'").get()).toEqual({ id: 4 });
    expect(() => ticketEvent(db, 'vanished')).toThrow(/CHECK/);
    expect(() => db.prepare('DELETE FROM queue_ticket_events').run()).toThrow(/append-only/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('holds a counter’s services as a non-empty JSON list with who set them, and a service pause with who paused it', () => {
    const db = new Database(':memory:');
    configureConnection(db, 'DELETE');
    migrate(db, loadMigrations(), VERSION);
    const services = db.prepare('INSERT INTO queue_counter_services (counter, services, since, by) VALUES (?, ?, ?, ?)');
    services.run('1', '["passport","cnie"]', '2025-05-12T08:00:00.000Z', 'sofia');
    expect(() => services.run('2', '[]', 'x', 'sofia')).toThrow(/CHECK/);
    expect(() => services.run('2', '"passport"', 'x', 'sofia')).toThrow(/CHECK/);
    expect(() => services.run('2', '["passport"]', 'x', '')).toThrow(/CHECK/);
    expect(() => services.run('1', '["passport"]', 'x', 'sofia')).toThrow(/UNIQUE|PRIMARY/);
    const pause = db.prepare('INSERT INTO queue_service_pauses (service, since, by, reason) VALUES (?, ?, ?, ?)');
    pause.run('passport', '2025-05-12T08:00:00.000Z', 'sofia', null);
    expect(() => pause.run('passport', 'x', 'sofia', null)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => pause.run('cnie', 'x', '', null)).toThrow(/CHECK/);
    db.close();
  });
});
