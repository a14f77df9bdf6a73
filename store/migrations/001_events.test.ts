import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { appendEvent, recentEvents } from '../events';

function at001() {
  const db = new Database(':memory:');
  migrate(db, loadMigrations(), 1);
  return db;
}

describe('migration 001: append-only events', () => {
  it('stores events with time, kind, subject and a JSON payload', () => {
    const db = at001();
    appendEvent(db, { kind: 'device.status', subject: 'printer', payload: { status: 'ok' }, at: new Date('2026-11-28T10:00:00Z') });
    appendEvent(db, { kind: 'daemon.started' });
    const evs = recentEvents(db);
    expect(evs.map((e) => e.kind)).toEqual(['daemon.started', 'device.status']);
    expect(evs[1]).toMatchObject({ subject: 'printer', payload: { status: 'ok' }, at: '2026-11-28T10:00:00.000Z' });
    expect(recentEvents(db, { kindPrefix: 'device.' })).toHaveLength(1);
    db.close();
  });

  it('refuses updates, deletes and invalid JSON', () => {
    const db = at001();
    appendEvent(db, { kind: 'x' });
    expect(() => db.prepare("UPDATE events SET kind = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/never deleted/);
    expect(() => db.prepare("INSERT INTO events (at, kind, payload) VALUES ('t', 'k', '{oops')").run()).toThrow(/CHECK/);
    db.close();
  });
});
