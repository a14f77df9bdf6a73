// The hub's side of event shipping, on real journal files: a kiosk journal written with appendEvent (a plain
// SHA-256 prefix from an older version, then keyed links) shipped into a hub journal, batch by batch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { appendEvent, linkOf, recentEvents, verifyChain } from './events';
import { usableKey } from './chain-key';
import { loadMigrations, migrate } from './migrations';
import { outgoingBatch } from './post-outbox';
import { kioskHead, receiveEvents, receivedCount, shippedEventsBetween, shippedPaymentTotals, shippedPaymentsBetween, type ShipBatch } from './post-events';
import { recordIntent, transition } from './payments';
import { tempDir } from '../test/support/tmp';

let dir: string;
let cleanup: () => void;
let kiosk: Db;
let hub: Db;

/** A kiosk journal: `plain` events written by a version without a key, then `keyed` more. */
function kioskJournal(file: string, plain: number, keyed: number): Db {
  const old = openJournal(file, { migrate: false });
  migrate(old, loadMigrations(), 8);
  for (let i = 1; i <= plain; i++) appendEvent(old, { kind: 'old.event', subject: `s${i}`, payload: { i } });
  old.close();
  const db = openJournal(file);
  for (let i = 1; i <= keyed; i++) appendEvent(db, { kind: 'new.event', subject: i % 3 ? `s${i}` : null, payload: { i, text: 'é ü "quoted"' } });
  return db;
}

const batch = (after: number, maxEvents = 1000): ShipBatch => outgoingBatch(kiosk, after, { maxEvents, maxBytes: 1e7 });
const forkEvents = () => recentEvents(hub, { kindPrefix: 'post.chain-fork' });

/** Rewrites the kiosk's event `id` as someone holding its key would: new payload, every later link recomputed. */
function rewriteKioskJournal(db: Db, id: number, payload: unknown): void {
  const key = usableKey(db);
  db.exec('DROP TRIGGER events_no_update');
  const rows = db.prepare('SELECT id, at, kind, subject, payload, prev_hash, hash FROM events WHERE id >= ? ORDER BY id').all(id) as Array<{
    id: number;
    at: string;
    kind: string;
    subject: string | null;
    payload: string;
    prev_hash: string;
  }>;
  let prev = rows[0]!.prev_hash;
  for (const r of rows) {
    const p = r.id === id ? JSON.stringify(payload) : r.payload;
    const hash = linkOf(key, r.id, prev, r.at, r.kind, r.subject, p);
    db.prepare('UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE id = ?').run(p, prev, hash, r.id);
    prev = hash;
  }
  expect(verifyChain(db).ok).toBe(true); // the kiosk's own check cannot tell: only a copy kept elsewhere can
}

beforeEach(() => {
  const t = tempDir('post-events-');
  dir = t.dir;
  cleanup = t.cleanup;
  kiosk = kioskJournal(join(dir, 'kiosk.sqlite'), 5, 20);
  hub = openJournal(join(dir, 'hub.sqlite'));
});
afterEach(() => {
  for (const d of [kiosk, hub]) if (d.open) d.close();
  cleanup();
});

describe('hub: receiving a kiosk’s events', () => {
  it('takes the whole chain in batches (plain links recomputed, keyed ones by continuity), payload text as stored', () => {
    const first = batch(0, 10);
    expect(first.keyedFrom).toBe(6);
    expect(receiveEvents(hub, 'K1', first, new Date('2026-12-01T09:00:00Z'))).toEqual({
      ok: true,
      acceptedThrough: 10,
      acceptedHash: first.events[9]!.hash,
      inserted: 10,
      duplicates: 0,
    });
    expect(kioskHead(hub, 'K1')).toMatchObject({
      shippedThrough: 10,
      reportedHead: 25,
      lag: 15,
      keyedFrom: 6,
      lastContact: '2026-12-01T09:00:00.000Z',
      fork: null,
    });
    expect(receiveEvents(hub, 'K1', batch(10), new Date('2026-12-01T09:00:05Z'))).toMatchObject({ ok: true, acceptedThrough: 25, inserted: 15 });
    expect(kioskHead(hub, 'K1')).toMatchObject({ shippedThrough: 25, lag: 0, lastContact: '2026-12-01T09:00:05.000Z' });
    const stored = shippedEventsBetween(hub, '2000-01-01', '2100-01-01', { kioskId: 'K1' });
    const sent = batch(0).events;
    expect(stored.map(({ kioskId, receivedAt, ...e }) => (void kioskId, void receivedAt, e))).toEqual(sent);
  });

  it('a re-sent batch (a crash before the cursor was saved) is taken as duplicates: no second row', () => {
    receiveEvents(hub, 'K1', batch(0, 10));
    expect(receiveEvents(hub, 'K1', batch(0, 10))).toMatchObject({ ok: true, acceptedThrough: 10, inserted: 0, duplicates: 10 });
    expect(receiveEvents(hub, 'K1', batch(5, 10))).toMatchObject({ ok: true, acceptedThrough: 15, inserted: 5, duplicates: 5 });
    expect(receivedCount(hub, 'K1')).toBe(15);
    expect(kioskHead(hub, 'K1')!.fork).toBeNull();
  });

  it('refuses a batch that starts after a gap, says what is missing, keeps nothing of it, and is not a fork', () => {
    receiveEvents(hub, 'K1', batch(0, 10));
    expect(receiveEvents(hub, 'K1', batch(14))).toMatchObject({
      ok: false,
      reason: 'gap',
      expectedFrom: 11,
      missing: { from: 11, to: 14 },
      acceptedThrough: 10,
      inserted: 0,
      detail: expect.stringMatching(/events 11 to 14 are missing before event 15: send from event 11/),
    });
    const b = batch(10);
    b.events.splice(3, 2); // a hole inside the batch: the part before it is kept
    expect(receiveEvents(hub, 'K1', b)).toMatchObject({ ok: false, reason: 'gap', missing: { from: 14, to: 15 }, acceptedThrough: 13, inserted: 3 });
    expect(receivedCount(hub, 'K1')).toBe(13);
    expect(kioskHead(hub, 'K1')!.fork).toBeNull();
    expect(forkEvents()).toEqual([]);
    expect(receiveEvents(hub, 'K1', batch(13))).toMatchObject({ ok: true, acceptedThrough: 25 });
  });

  it('a journal rewritten after shipping (keyed links recomputed with the key) is a fork: refused, recorded once, valid events kept', () => {
    receiveEvents(hub, 'K1', batch(0, 15));
    rewriteKioskJournal(kiosk, 12, { i: 12, amountMinor: 1 });
    // The next batch chains onto the rewritten event 15: it does not follow the hub's event 15.
    const r = receiveEvents(hub, 'K1', batch(15));
    expect(r).toMatchObject({ ok: false, reason: 'fork', forkAt: 16, recorded: true, acceptedThrough: 15 });
    expect(kioskHead(hub, 'K1')!.fork).toMatchObject({ atId: 16, reason: expect.stringMatching(/does not follow event 15/) });
    // Sending it all again changes nothing: refused as forked, journaled once.
    expect(receiveEvents(hub, 'K1', batch(0))).toMatchObject({ ok: false, reason: 'forked', forkAt: 16, recorded: false });
    expect(forkEvents()).toHaveLength(1);
    expect(forkEvents()[0]).toMatchObject({ subject: 'K1', payload: { kioskId: 'K1', atId: 16, heldThrough: 15 } });
    expect(receivedCount(hub, 'K1')).toBe(15);
    // Another kiosk is not affected.
    expect(receiveEvents(hub, 'K2', batch(0))).toMatchObject({ ok: true, acceptedThrough: 25 });
  });

  it('a re-sent event that differs from the one held is a fork at that event', () => {
    receiveEvents(hub, 'K1', batch(0, 15));
    rewriteKioskJournal(kiosk, 12, { i: 12, amountMinor: 1 });
    expect(receiveEvents(hub, 'K1', batch(0))).toMatchObject({ ok: false, reason: 'fork', forkAt: 12, acceptedThrough: 15, duplicates: 11 });
    expect(kioskHead(hub, 'K1')!.fork!.reason).toMatch(/event 12 \(new\.event\) differs from the one the hub received/);
  });

  it('an edited plain (unkeyed) link is found by recomputing it; keyed links cannot be (the hub has no key)', () => {
    const b = batch(0);
    b.events[2] = { ...b.events[2]!, payload: JSON.stringify({ i: 999 }) };
    expect(receiveEvents(hub, 'K1', b)).toMatchObject({ ok: false, reason: 'fork', forkAt: 3, acceptedThrough: 2 });
    expect(kioskHead(hub, 'K1')!.fork!.reason).toMatch(/does not match its own link/);

    const keyed = batch(0);
    keyed.events[7] = { ...keyed.events[7]!, payload: JSON.stringify({ i: 999 }) }; // event 8, keyed: continuity only
    expect(receiveEvents(hub, 'K2', keyed)).toMatchObject({ ok: true, acceptedThrough: 25 });
  });

  it('a re-sent keyed event with its link unchanged but another payload is not a duplicate', () => {
    receiveEvents(hub, 'K1', batch(0));
    const again = batch(7, 1);
    again.events[0] = { ...again.events[0]!, payload: JSON.stringify({ i: 999 }) };
    expect(receiveEvents(hub, 'K1', again)).toMatchObject({ ok: false, reason: 'fork', forkAt: 8, duplicates: 0 });
  });

  it('a kiosk whose journal ends before what the hub holds (cut, or restored from an old backup) is a fork', () => {
    receiveEvents(hub, 'K1', batch(0));
    const b = batch(25);
    expect(receiveEvents(hub, 'K1', { ...b, head: { id: 20, hash: batch(19, 1).events[0]!.hash } })).toMatchObject({ ok: false, reason: 'fork', forkAt: 21 });
    expect(kioskHead(hub, 'K1')!.fork!.reason).toMatch(/ends at event 20, the hub holds events through 25/);
  });

  it('the point where keyed links start is pinned at the first contact', () => {
    receiveEvents(hub, 'K1', batch(0, 3));
    expect(receiveEvents(hub, 'K1', { ...batch(3), keyedFrom: 20 })).toMatchObject({ ok: false, reason: 'fork' });
    expect(kioskHead(hub, 'K1')!.fork!.reason).toMatch(/keyed links start at 20, the hub holds them from 6/);
  });

  it('an empty batch is a heartbeat: contact and head recorded', () => {
    receiveEvents(hub, 'K1', batch(0, 5));
    appendEvent(kiosk, { kind: 'later' });
    expect(receiveEvents(hub, 'K1', { ...batch(0), events: [] }, new Date('2026-12-01T11:00:00Z'))).toMatchObject({ ok: true, acceptedThrough: 5 });
    expect(kioskHead(hub, 'K1')).toMatchObject({ reportedHead: 26, lag: 21, lastContact: '2026-12-01T11:00:00.000Z' });
  });
});

describe('hub: reports over shipped payment events', () => {
  it('payments of a period per kiosk, their state as shipped, and the totals a day close compares', () => {
    const pay = (id: string, amountMinor: number, at: string, to: 'approved' | 'declined' | 'sent' | null, isTest = false) => {
      // The open one on a terminal of its own: a terminal takes one payment at a time.
      const terminalId = to === 'sent' ? 'T2' : 'T1';
      expect(recordIntent(kiosk, { id, kioskId: 'K1', terminalId, protocol: 'zvt', amountMinor, currency: 'EUR', isTest }, new Date(at)).ok).toBe(true);
      if (to) expect(transition(kiosk, id, to, to === 'approved' ? { authCode: 'A' } : {}, 'service', { at: new Date(at) }).ok).toBe(true);
    };
    pay('pay-1', 8600, '2026-12-01T09:00:00Z', 'approved');
    pay('pay-2', 4000, '2026-12-01T09:10:00Z', 'declined');
    pay('pay-3', 100, '2026-12-01T09:20:00Z', 'approved', true);
    pay('pay-4', 2500, '2026-12-01T09:30:00Z', 'sent');
    pay('pay-5', 9900, '2026-12-02T09:00:00Z', 'approved'); // the next day
    expect(receiveEvents(hub, 'K1', batch(0)).ok).toBe(true);
    const day = shippedPaymentsBetween(hub, '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z');
    expect(day.map((p) => [p.kioskId, p.paymentId, p.state, p.amountMinor, p.isTest])).toEqual([
      ['K1', 'pay-1', 'approved', 8600, false],
      ['K1', 'pay-2', 'declined', 4000, false],
      ['K1', 'pay-3', 'approved', 100, true],
      ['K1', 'pay-4', 'sent', 2500, false],
    ]);
    expect(shippedPaymentTotals(hub, '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z')).toEqual([
      { kioskId: 'K1', currency: 'EUR', approved: { payments: 1, totalMinor: 8600 }, tests: { payments: 1, totalMinor: 100 }, pending: ['pay-4'] },
    ]);
  });
});
