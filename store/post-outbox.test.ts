// The kiosk's side of event shipping: the cursor the hub's answers move, and the bounded batches read from the journal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { appendEvent, lastEvent } from './events';
import { loadMigrations, migrate } from './migrations';
import { outboxCursor, outboxLag, outgoingBatch, setOutboxCursor } from './post-outbox';
import { tempDir } from '../test/support/tmp';

let dir: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  const t = tempDir('outbox-');
  dir = t.dir;
  cleanup = t.cleanup;
  db = openJournal(join(dir, 'kiosk.sqlite'));
});
afterEach(() => {
  if (db.open) db.close();
  cleanup();
});

describe('kiosk outbox', () => {
  it('the cursor starts at nothing, moves on the hub’s word, back too, and survives a reopen', () => {
    expect(outboxCursor(db)).toEqual({ shippedThrough: 0, shippedHash: '', confirmedAt: null });
    for (let i = 0; i < 3; i++) appendEvent(db, { kind: 'k', payload: { i } });
    const h2 = outgoingBatch(db, 0, { maxEvents: 10, maxBytes: 1e6 }).events[1]!.hash;
    setOutboxCursor(db, 2, h2, new Date('2026-12-01T10:00:00Z'));
    setOutboxCursor(db, 1, 'h1', new Date('2026-12-01T10:01:00Z'));
    db.close();
    db = openJournal(join(dir, 'kiosk.sqlite'));
    expect(outboxCursor(db)).toEqual({ shippedThrough: 1, shippedHash: 'h1', confirmedAt: '2026-12-01T10:01:00.000Z' });
    expect(outboxLag(db, 1)).toEqual({ head: lastEvent(db), lag: 2 });
  });

  it('reads the events after the cursor as stored, at most N, about B bytes, at least one, with the head and where keyed links start', () => {
    for (let i = 0; i < 10; i++) appendEvent(db, { kind: 'k', subject: i % 2 ? null : `s${i}`, payload: { i, pad: 'x'.repeat(1000) } });
    const all = outgoingBatch(db, 0, { maxEvents: 4, maxBytes: 1e6 });
    expect(all.events.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(all.head).toEqual(lastEvent(db));
    expect(all.keyedFrom).toBe(1);
    expect(all.events[0]).toMatchObject({ id: 1, kind: 'k', subject: 's0', prevHash: '', payload: JSON.stringify({ i: 0, pad: 'x'.repeat(1000) }) });
    expect(all.events[1]!.prevHash).toBe(all.events[0]!.hash);
    expect(outgoingBatch(db, 4, { maxEvents: 100, maxBytes: 3000 }).events.map((e) => e.id)).toEqual([5, 6]);
    expect(outgoingBatch(db, 4, { maxEvents: 100, maxBytes: 10 }).events.map((e) => e.id)).toEqual([5]);
    expect(outgoingBatch(db, 10, { maxEvents: 100, maxBytes: 10 }).events).toEqual([]);
  });

  it('a journal first written without a key says from which event its links are keyed', () => {
    const file = join(dir, 'old.sqlite');
    const old = openJournal(file, { migrate: false });
    migrate(old, loadMigrations(), 8);
    appendEvent(old, { kind: 'old.1' });
    appendEvent(old, { kind: 'old.2' });
    old.close();
    const j = openJournal(file);
    appendEvent(j, { kind: 'new.3' });
    const b = outgoingBatch(j, 0, { maxEvents: 10, maxBytes: 1e6 });
    expect(b.keyedFrom).toBe(3);
    expect(b.events.map((e) => e.kind)).toEqual(['old.1', 'old.2', 'new.3']);
    j.close();
  });
});
