import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { recentEvents } from '../../store/events';
import { QueueConfig, type QueueConfigInput } from './config';
import { QueueService } from './service';

const SERVICES = [
  { code: 'registration', prefix: 'A', name: { fr: 'Immatriculation' } },
  { code: 'passport', prefix: 'C', name: { fr: 'Passeport' } },
  { code: 'passport-minor', prefix: 'C', name: { fr: 'Passeport mineur' } },
];

let dir: string;
let db: Db;
let now: Date;
let changes: number;
const amina = { id: 'amina' };

function make(cfg: QueueConfigInput = {}, tz = 'Europe/Paris'): QueueService {
  return new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: tz },
    services: SERVICES,
    kioskId: 'K1',
    now: () => now,
    onChange: () => changes++,
    config: QueueConfig.parse({
      counters: [
        { id: '1', services: ['registration', 'passport', 'passport-minor'] },
        { id: '2', name: 'G2', services: ['passport'] },
      ],
      ...cfg,
    }),
  });
}
const advance = (min: number) => {
  now = new Date(now.getTime() + min * 60_000);
};
function ok<T>(r: ({ ok: true } & T) | { ok: false; reason: string; detail: string }): T {
  if (!r.ok) throw new Error(r.detail);
  return r;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'queue-svc-'));
  db = openJournal(join(dir, 'journal.sqlite'));
  now = new Date('2025-05-12T07:00:00Z');
  changes = 0;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('QueueService', () => {
  it('issues per prefix: services sharing prefix C share one counter', () => {
    const q = make();
    const walk = (service: string) => ok(q.issueTicket({ service, kind: 'walk-in', persons: 1, lang: 'fr' })).ticket.label;
    expect([walk('registration'), walk('passport'), walk('passport-minor'), walk('registration')]).toEqual(['A-001', 'C-001', 'C-002', 'A-002']);
    expect(changes).toBe(4);
  });

  it('refuses bad requests as values', () => {
    const q = make();
    expect(q.issueTicket({ service: 'visa', kind: 'walk-in', persons: 1, lang: 'fr' })).toMatchObject({ ok: false, reason: 'unknown-service' });
    expect(q.issueTicket({ service: 'passport', kind: 'appointment', persons: 1, lang: 'fr' })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(q.issueTicket({ service: 'passport', kind: 'walk-in', slot: now, persons: 1, lang: 'fr' })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 0, lang: 'fr' })).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it("numbers restart on the consulate's new day, not at UTC midnight", () => {
    const q = make();
    now = new Date('2025-05-12T21:50:00Z'); // 23:50 in Paris
    expect(ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' })).ticket).toMatchObject({
      label: 'A-001',
      businessDay: '2025-05-12',
    });
    now = new Date('2025-05-12T22:10:00Z'); // 00:10 in Paris, still 12 May in UTC
    expect(ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' })).ticket).toMatchObject({
      label: 'A-001',
      businessDay: '2025-05-13',
    });
  });

  it('New York: 8 PM local is the same business day though UTC has moved on', () => {
    const q = make({}, 'America/New_York');
    now = new Date('2025-03-09T23:00:00Z'); // 19:00 EDT
    ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'en' }));
    now = new Date('2025-03-10T01:00:00Z'); // 21:00 EDT
    expect(ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'en' })).ticket).toMatchObject({
      label: 'A-002',
      businessDay: '2025-03-09',
    });
  });

  it('expires tickets left open from an earlier day, with a journal event', () => {
    const q = make();
    const t = ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
    advance(24 * 60);
    expect(q.boardView().waiting.find((w) => w.service === 'registration')!.count).toBe(0);
    expect(ok(q.ticketDetail(t.id)).detail.ticket.state).toBe('expired');
    expect(recentEvents(db, { subject: t.id })[0]!.kind).toBe('queue.ticket.expired');
  });

  it('call next follows the order rule and journals who called from which lane', () => {
    const q = make();
    ok(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }));
    advance(1);
    const a = ok(q.issueTicket({ service: 'passport', kind: 'appointment', slot: new Date(now.getTime() + 2 * 60_000), persons: 2, lang: 'ar' })).ticket;
    const called = ok(q.callNext('2', amina)).ticket;
    expect(called).toMatchObject({ id: a.id, state: 'called', counter: '2' });
    const ev = recentEvents(db, { subject: a.id })[0]!;
    expect(ev).toMatchObject({ kind: 'queue.ticket.called', payload: { actor: 'amina', counter: '2', lane: 'appointment', reason: 'appointment-due' } });
  });

  it('one ticket per counter; paused counters do not call; empty says so', () => {
    const q = make();
    expect(q.callNext('1', amina)).toMatchObject({ ok: false, reason: 'empty' });
    ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }));
    ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }));
    ok(q.callNext('1', amina));
    expect(q.callNext('1', amina)).toMatchObject({ ok: false, reason: 'busy' });
    ok(q.finish('1', amina));
    ok(q.pause('1', amina));
    expect(q.callNext('1', amina)).toMatchObject({ ok: false, reason: 'paused' });
    expect(q.boardView().pausedCounters).toEqual(['1']);
    expect(
      q
        .boardView()
        .counters.filter((c) => c.paused)
        .map((c) => c.id),
    ).toEqual(['1']);
    expect(q.boardView().counters.length).toBe(q.counters.length);
    ok(q.resume('1', amina));
    expect(q.boardView().counters.some((c) => c.paused)).toBe(false);
    expect(ok(q.callNext('1', amina)).ticket.label).toBe('A-002');
    expect(q.callNext('9', amina)).toMatchObject({ ok: false, reason: 'unknown-counter' });
  });

  it('two counters never get the same ticket', () => {
    const q = make();
    ok(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }));
    ok(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }));
    const a = ok(q.callNext('1', amina)).ticket;
    const b = ok(q.callNext('2', { id: 'yusuf' })).ticket;
    expect(a.id).not.toBe(b.id);
  });

  it('recall, start, finish; times derived from the events', () => {
    const q = make();
    const t = ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
    advance(10);
    ok(q.callNext('1', amina));
    advance(1);
    expect(ok(q.recall('1', amina, t.id)).ticket.recalls).toBe(1);
    expect(q.recall('1', amina, 'someone-else')).toMatchObject({ ok: false, reason: 'stale' });
    ok(q.start('1', amina));
    advance(6);
    expect(ok(q.finish('1', amina)).ticket).toMatchObject({ state: 'done', counter: null });
    const d = ok(q.ticketDetail(t.id)).detail;
    expect(d.waitingMinutes).toBe(10);
    expect(d.serviceMinutes).toBe(6);
    expect(d.events.map((e) => e.kind)).toEqual(['issued', 'called', 'recalled', 'started', 'finished']);
    expect(q.finish('1', amina)).toMatchObject({ ok: false, reason: 'idle' });
  });

  it('no-show only after the configured recalls', () => {
    const q = make({ noShowAfterRecalls: 2 });
    ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }));
    ok(q.callNext('1', amina));
    expect(q.noShow('1', amina)).toMatchObject({ ok: false, reason: 'recalls-needed' });
    ok(q.recall('1', amina));
    ok(q.recall('1', amina));
    expect(ok(q.noShow('1', amina)).ticket.state).toBe('no-show');
  });

  it('transfer keeps the number and the place by original arrival', () => {
    const q = make();
    const first = ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
    advance(5);
    const later = ok(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
    advance(5);
    ok(q.callNext('1', amina)); // first (oldest)
    ok(q.start('1', amina));
    const moved = ok(q.transfer('1', amina, 'passport')).ticket;
    expect(moved).toMatchObject({ id: first.id, label: 'A-001', service: 'passport', state: 'waiting', counter: null, arrivedAt: first.arrivedAt });
    // at the passport counter it comes before C-001, who arrived after it
    expect(ok(q.callNext('2', { id: 'yusuf' })).ticket.id).toBe(first.id);
    expect(later.label).toBe('C-001');
    expect(q.transfer('2', amina, 'passport')).toMatchObject({ ok: false, reason: 'same-service' });
  });

  it('staff can call a specific ticket, only of their services', () => {
    const q = make();
    ok(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }));
    const reg = ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
    expect(q.callTicket('2', reg.id, amina)).toMatchObject({ ok: false, reason: 'not-this-counter' });
    expect(ok(q.callTicket('1', reg.id, amina)).ticket.id).toBe(reg.id);
    expect(recentEvents(db, { subject: reg.id })[0]!.payload).toMatchObject({ chosen: true });
  });

  it('the N:1 priority rule counts calls from the journal', () => {
    const q = make({ order: { priority: { rule: 'ratio', normalPerPriority: 2 } } });
    const labels: string[] = [];
    for (let i = 0; i < 4; i++) {
      ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }));
      advance(1);
    }
    ok(q.issueTicket({ service: 'registration', kind: 'walk-in', priority: 'elderly', persons: 1, lang: 'fr' }));
    for (let i = 0; i < 5; i++) {
      labels.push(ok(q.callNext('1', amina)).ticket.label);
      ok(q.finish('1', amina));
    }
    expect(labels).toEqual(['A-001', 'A-002', 'A-005', 'A-003', 'A-004']);
  });

  it('counter view ranks the waiting list; board view shows calls newest first, recalls again', () => {
    const q = make();
    ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }));
    advance(3);
    ok(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }));
    advance(2);
    const v = ok(q.counterView('1', { id: 'amina', name: 'Amina', role: 'staff' })).view;
    expect(v.waiting.map((w) => [w.position, w.ticket.label, w.waitingMinutes])).toEqual([
      [1, 'A-001', 5],
      [2, 'C-001', 2],
    ]);
    ok(q.callNext('1', amina));
    ok(q.callNext('2', amina));
    ok(q.recall('1', amina));
    const b = q.boardView();
    expect(b.current).toMatchObject({ label: 'A-001', kind: 'recalled', counterName: '1' });
    expect(b.lastCalls.map((c) => c.label)).toEqual(['A-001', 'C-001']);
    expect(b.lastCalls[1]!.counterName).toBe('G2');
  });

  it('estimates the wait from recent service times', () => {
    const q = make({ counters: [{ id: '1', services: ['registration'] }] });
    for (let i = 0; i < 3; i++) {
      ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }));
      ok(q.callNext('1', amina));
      ok(q.start('1', amina));
      advance(4);
      ok(q.finish('1', amina));
    }
    ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }));
    const r = ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }));
    expect([r.ahead, r.estimatedWaitMinutes]).toEqual([1, 4]);
    expect(q.boardView().waiting.find((w) => w.service === 'registration')).toMatchObject({ count: 2, estimatedWaitMinutes: 8 });
  });

  it("tells a new ticket the board's count and estimate for its service, whatever else its counter serves", () => {
    // Counter 1 serves registration and passports: its calling order holds 6 registration tickets the passport
    // visitor does not wait behind on the board. Ticket and board must give one answer (issue 14: 96 vs 32 min).
    const q = make();
    for (let i = 0; i < 6; i++) ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' }));
    for (let i = 0; i < 2; i++) ok(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }));
    const before = q.boardView().waiting.find((w) => w.service === 'passport')!;
    const r = ok(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }));
    expect([r.ahead, r.estimatedWaitMinutes]).toEqual([before.count, before.estimatedWaitMinutes]);
    expect(q.boardView().waiting.find((w) => w.service === 'passport')!.count).toBe(before.count + 1);
  });

  it('cancels an open ticket with why and by whom: it leaves the counts, the estimate and the calling order; a closed one stays', () => {
    const q = make();
    const walk = () => ok(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
    const [a, b, c] = [walk(), walk(), walk()];
    const board = () => q.boardView().waiting.find((w) => w.service === 'passport')!;
    const three = board();
    expect(three.count).toBe(3);
    changes = 0;
    expect(q.cancel(a.id, { id: 'sup-1' }, '  ')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(ok(q.cancel(a.id, { id: 'sup-1' }, 'visit refunded', { refundId: 'rf-1' })).ticket).toMatchObject({ state: 'cancelled', counter: null });
    expect(changes).toBe(1);
    expect(board().count).toBe(2);
    expect(board().estimatedWaitMinutes).toBeLessThan(three.estimatedWaitMinutes);
    expect(ok(q.counterView('2', { id: 'amina', name: 'Amina', role: 'staff' })).view).toMatchObject({ waitingCount: 2 });
    // No counter calls it, in turn or chosen.
    expect(q.callTicket('2', a.id, amina)).toMatchObject({ ok: false, reason: 'wrong-state' });
    expect(ok(q.callNext('2', amina)).ticket.id).toBe(b.id);
    // A ticket at a counter: cancelled, the counter is free for the next.
    expect(ok(q.cancel(b.id, { id: 'sup-1' }, 'fee refunded')).ticket).toMatchObject({ state: 'cancelled', counter: null });
    expect(ok(q.callNext('2', amina)).ticket.id).toBe(c.id);
    ok(q.finish('2', amina));
    // Closed tickets keep what happened to them.
    expect(q.cancel(c.id, { id: 'sup-1' }, 'late refund')).toMatchObject({ ok: false, reason: 'wrong-state' });
    expect(q.cancel(a.id, { id: 'sup-1' }, 'twice')).toMatchObject({ ok: false, reason: 'wrong-state' });
    expect(q.cancel('nope', { id: 'sup-1' }, 'x')).toMatchObject({ ok: false, reason: 'not-found' });
    expect(board().count).toBe(0);
    // Journaled with the change: the chained event and the ticket's history.
    expect(recentEvents(db, { subject: a.id })[0]).toMatchObject({
      kind: 'queue.ticket.cancelled',
      payload: { actor: 'sup-1', reason: 'visit refunded', from: 'waiting', refundId: 'rf-1' },
    });
    expect(recentEvents(db, { subject: b.id })[0]).toMatchObject({ kind: 'queue.ticket.cancelled', payload: { counter: '2', from: 'called' } });
    expect(ok(q.ticketDetail(a.id)).detail.events.map((e) => [e.kind, e.actor])).toEqual([
      ['issued', 'kiosk:K1'],
      ['cancelled', 'sup-1'],
    ]);
    expect(db.prepare('SELECT cancel_reason, cancelled_by FROM queue_tickets WHERE id = ?').get(a.id)).toEqual({
      cancel_reason: 'visit refunded',
      cancelled_by: 'sup-1',
    });
  });
});
