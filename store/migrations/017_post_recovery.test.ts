import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { tempDir } from '../../test/support/tmp';

// The one place this migration's number is written (the coordinator renumbers at merge).
const VERSION = 17;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig017-')));
afterEach(() => cleanup());

const H = 'a'.repeat(64);
const insert = (d: Database.Database, kioskId: string, id: number) =>
  d
    .prepare(
      `INSERT INTO post_received_events (kiosk_id, id, at, kind, subject, payload, prev_hash, hash, received_at)
       VALUES (?, ?, '2026-12-01T08:00:00.000Z', 'x', NULL, '{}', '', ?, '2026-12-01T08:00:01.000Z')`,
    )
    .run(kioskId, id, H);

describe(`migration ${VERSION}: a post that recovers (archived forked chains, the kiosk's online tickets)`, () => {
  it("keeps received events and lets a kiosk's rows move to its own archived chain only, unchanged", () => {
    const db = new Database(join(dir, 'old.sqlite'));
    migrate(db, loadMigrations(), VERSION - 1);
    insert(db, 'K2', 1);
    insert(db, 'K2', 2);
    expect(migrate(db, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    expect(db.prepare("UPDATE post_received_events SET kiosk_id = 'K2~fork1' WHERE id = 2").run().changes).toBe(1);
    expect(() => db.prepare("UPDATE post_received_events SET kiosk_id = 'K3' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE post_received_events SET kiosk_id = 'K2~fork2', payload = '[]' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE post_received_events SET kiosk_id = 'K2~fork1~fork1' WHERE id = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM post_received_events').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT kiosk_id AS k, id FROM post_received_events ORDER BY id').all()).toEqual([
      { k: 'K2', id: 1 },
      { k: 'K2~fork1', id: 2 },
    ]);
    db.prepare(
      `INSERT INTO kiosk_online_tickets (request_key, ticket_id, consulate, business_day, body, issued_at)
       VALUES ('v1', 'FR-PAR/2026-12-01/A/0', 'FR-PAR', '2026-12-01', '{}', '2026-12-01T08:00:00.000Z')`,
    ).run();
    expect(() => db.prepare("INSERT INTO kiosk_online_tickets VALUES ('v2', 't', 'FR-PAR', '2026-12-01', 'not json', 'x')").run()).toThrow(/CHECK/);
    db.close();
  });

  it('a failing migration leaves the journal at the previous version', () => {
    const db = new Database(join(dir, 'old.sqlite'));
    migrate(db, loadMigrations(), VERSION - 1);
    db.exec('DROP TRIGGER post_received_events_no_update');
    expect(() => migrate(db, loadMigrations(), VERSION)).toThrow(/post_received_events_no_update/);
    expect(db.pragma('user_version', { simple: true })).toBe(VERSION - 1);
    db.close();
  });
});
