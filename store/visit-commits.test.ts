// How many commits of a visit wait for the disk (fsync): the journal's writes of one paid QR visit, in the order
// the daemon makes them (server/checkin/actors.ts and runner.ts), on a real SQLite file. A commit waits for the disk
// when it is made with synchronous = FULL (one fdatasync of the WAL in WAL mode); the observer below counts those.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { recentEvents, verifyChain } from './events';
import { recordIntent, transition } from './payments';
import { issueTicket } from './queue';
import { markUsed } from './appointment-tokens';
import { allocateETimbreSequence, recordETimbreReference } from './etimbre';
import { printJobJournal } from './print-jobs';
import { recordPayingVisit, recordTicketIssued, recordVisitCompleted, unfinishedPaidVisit } from './checkin';
import { inOneCommit } from './commit';

const FULL = 2;

/**
 * The same connection, its `transaction` and `prepare` wrapped on the instance (the chain key is attached to this very
 * object), counting the commits made while synchronous is FULL or more: an outermost transaction (any of
 * better-sqlite3's variants) or a write run outside a transaction (autocommit).
 */
function observe(db: Db): { durable: () => number; compiled: () => number } {
  let durable = 0;
  let compiled = 0;
  const waitsForDisk = () => !db.inTransaction && (db.pragma('synchronous', { simple: true }) as number) >= FULL;
  const counted =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      const count = waitsForDisk();
      const r = f(...a);
      if (count) durable++;
      return r;
    };
  const transaction = db.transaction.bind(db);
  const prepare = db.prepare.bind(db);
  Object.assign(db, {
    transaction: (fn: (...a: unknown[]) => unknown) => {
      const t = transaction(fn);
      return Object.assign(counted(t), {
        default: counted(t.default),
        deferred: counted(t.deferred),
        immediate: counted(t.immediate),
        exclusive: counted(t.exclusive),
      });
    },
    prepare: (sql: string) => {
      // db.pragma() compiles its PRAGMA through prepare too, and must (SQLite applies some when it compiles them).
      if (!/^\s*PRAGMA\b/i.test(sql)) compiled++;
      const s = prepare(sql);
      return s.reader ? s : Object.assign(s, { run: counted(s.run.bind(s)) });
    },
  });
  return { durable: () => durable, compiled: () => compiled };
}

let dir: string;
let raw: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-visit-commits-'));
  raw = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  raw.close();
  rmSync(dir, { recursive: true, force: true });
});

const AT = new Date('2026-11-28T08:00:00Z');

/** One paid QR visit's journal writes, in the daemon's order; how many durable commits each step made. */
function visit(db: Db, durable: () => number, n: number): Record<string, number> {
  const token = `aa11bb22cc33dd4${n}`;
  const ref = `ET-${n}`;
  const pay = `pay-${n}`;
  const step = (f: () => void) => {
    const before = durable();
    f();
    return durable() - before;
  };
  const perStep: Record<string, number> = {};
  perStep.checkIn = step(() => expect(markUsed(db, token, 'K1', AT, { appointmentId: 'RDV-1', consulate: 'FR-PAR' }).ok).toBe(true));
  perStep.eTimbre = step(() => {
    const seq = allocateETimbreSequence(db, 'FR-PAR', '2026-11-28');
    recordETimbreReference(db, {
      reference: `ET-${seq}`,
      consulate: 'FR-PAR',
      kioskId: 'K1',
      amountMinor: 7998,
      currency: 'EUR',
      services: ['cnie'],
      persons: 1,
      appointmentId: 'RDV-1',
      at: AT,
    });
  });
  perStep.paying = step(() =>
    recordPayingVisit(db, pay, {
      visit: { etimbreReference: ref, appointment: { tokenId: token } },
      attempt: 1,
      idempotencyKey: `${ref}/1`,
    }),
  );
  const payment = { id: pay, kioskId: 'K1', terminalId: 'terminal', protocol: 'concert' as const, amountMinor: 7998, currency: 'EUR', reference: ref };
  perStep.intent = step(() => expect(recordIntent(db, payment).ok).toBe(true));
  perStep.sent = step(() => expect(transition(db, pay, 'sent', {}, 'service').ok).toBe(true));
  perStep.approved = step(() => expect(transition(db, pay, 'approved', { authCode: 'A1' }, 'service').ok).toBe(true));
  let ticketId = '';
  perStep.ticket = step(() =>
    inOneCommit(db, () => {
      const r = issueTicket(db, {
        consulate: 'FR-PAR',
        businessDay: '2026-11-28',
        prefix: 'C',
        rule: { start: 1, end: 999, wrap: true, digits: 3 },
        service: 'cnie',
        kind: 'appointment',
        slot: new Date('2026-11-28T09:00:00Z'),
        priority: null,
        persons: 1,
        lang: 'fr',
        at: AT,
        actor: 'kiosk:K1',
      });
      if (!r.ok) throw new Error(r.detail);
      ticketId = r.ticket.id;
      recordTicketIssued(db, ticketId, { number: r.ticket.label ?? String(r.ticket.number), etimbreReference: ref, source: 'appointment' });
    }),
  );
  const jobs = printJobJournal(db);
  perStep.prints = step(() => {
    for (const [id, kind, subject] of [
      [`job-t${n}`, 'ticket', ticketId],
      [`job-r${n}`, 'receipt', ref],
    ] as const) {
      jobs.queued({ id, kind, subject, bytes: 100, printer: 'sim' });
      jobs.sent(id, 1);
      jobs.confirmed(id, { attempts: 1, verified: true });
    }
  });
  perStep.completed = step(() => expect(recordVisitCompleted(db, ref, { ticket: 'C', printed: true, receipt: true })).toBe(true));

  return perStep;
}

describe('the commits of one visit', () => {
  it('wait for the disk 4 times: the three payment steps, each on its own, and the queue ticket before it is printed', () => {
    const db = raw;
    const { durable, compiled } = observe(db);
    const perStep = visit(db, durable, 1);
    expect(perStep).toEqual({ checkIn: 0, eTimbre: 0, paying: 0, intent: 1, sent: 1, approved: 1, ticket: 1, prints: 0, completed: 0 });
    // Every write is there, on a chain that verifies, and the connection is back to synchronous = FULL.
    expect(recentEvents(raw, { limit: 50 }).length).toBe(15);
    expect(verifyChain(raw)).toEqual({ ok: true, count: 15 });
    expect(raw.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(unfinishedPaidVisit(raw)).toBeUndefined();

    // The second visit compiles no statement: those on the path are prepared once per connection.
    const before = compiled();
    expect(visit(db, durable, 2)).toEqual(perStep);
    expect(compiled() - before).toBe(0);
  });

  it('keeps a lazy write inside a caller’s transaction part of that one commit', () => {
    const db = raw;
    const { durable } = observe(db);
    inOneCommit(db, () => recordPayingVisit(db, 'pay-1', { visit: { etimbreReference: 'ET-1', appointment: null }, attempt: 1, idempotencyKey: 'ET-1/1' }));
    expect(durable()).toBe(1);
    expect(raw.pragma('synchronous', { simple: true })).toBe(FULL);
  });
});
