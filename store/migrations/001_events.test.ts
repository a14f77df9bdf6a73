import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { appendEvent, recentEvents, verifyChain } from '../events';

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
    expect(() => db.prepare("INSERT INTO events (at, kind, payload, prev_hash, hash) VALUES ('t', 'k', '{oops', '', 'x')").run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 001: hash chain', () => {
  it('links every event to the one before and detects an edit made behind the software', () => {
    const db = at001();
    for (let i = 0; i < 5; i++) appendEvent(db, { kind: 'k', subject: `s${i}`, payload: { i } });
    expect(verifyChain(db)).toEqual({ ok: true, count: 5 });
    db.exec('DROP TRIGGER events_no_update');
    db.prepare('UPDATE events SET payload = \'{"i":99}\' WHERE id = 3').run();
    expect(verifyChain(db)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/changed after it was written/) });
    db.close();
  });

  it('detects a removed event', () => {
    const db = at001();
    for (let i = 0; i < 4; i++) appendEvent(db, { kind: 'k', payload: { i } });
    db.exec('DROP TRIGGER events_no_delete');
    db.prepare('DELETE FROM events WHERE id = 2').run();
    expect(verifyChain(db)).toMatchObject({ ok: false, brokenAt: 3 });
    db.close();
  });
});
