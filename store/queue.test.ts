import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { recentEvents } from './events';
import {
  appendTicketEvent,
  counterStates,
  getTicket,
  inImmediate,
  issueTicket,
  normalCallsSinceLastPriority,
  recentCalls,
  recentServiceMinutes,
  setCounterPaused,
  staleOpenTickets,
  ticketAtCounter,
  ticketEvents,
  updateTicket,
  waitingTickets,
  type IssueInput,
} from './queue';

let dir: string;
let file: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'queue-store-'));
  file = join(dir, 'journal.sqlite');
  db = openJournal(file);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = new Date('2025-05-12T07:00:00Z');
const input = (over: Partial<IssueInput> = {}): IssueInput => ({
  consulate: 'FR-PAR',
  businessDay: '2025-05-12',
  prefix: 'A',
  rule: { start: 1, end: 999, wrap: false, digits: 3 },
  service: 'registration',
  kind: 'walk-in',
  slot: null,
  priority: null,
  persons: 1,
  lang: 'fr',
  at,
  actor: 'kiosk:K1',
  ...over,
});
const issue = (over: Partial<IssueInput> = {}) => {
  const r = issueTicket(db, input(over));
  if (!r.ok) throw new Error(r.detail);
  return r.ticket;
};

describe('store/queue', () => {
  it('issues A-001, A-002… per prefix and day, and journals each issue', () => {
    expect(issue().label).toBe('A-001');
    expect(issue().label).toBe('A-002');
    expect(issue({ prefix: 'B', service: 'cnie' }).label).toBe('B-001');
    expect(issue({ businessDay: '2025-05-13' }).label).toBe('A-001');
    expect(issue({ consulate: 'US-NYC' }).label).toBe('A-001');
    const ev = recentEvents(db, { kindPrefix: 'queue.ticket.issued' });
    expect(ev).toHaveLength(5);
    expect(ev[0]!.payload).toMatchObject({ actor: 'kiosk:K1', label: 'A-001' });
  });

  it('returns the ticket as stored from its insert, without reading it back (issue 14, post scale)', () => {
    // Every statement the allocation prepares (a new connection: each statement it uses is prepared at its first use).
    const ran: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => (ran.push(sql.replace(/\s+/g, ' ')), prepare(sql))) as typeof db.prepare;
    const r = issueTicket(db, input({ slot: null, priority: 'elderly' }));
    if (!r.ok) throw new Error(r.detail);
    expect(ran.filter((sql) => /^SELECT .* FROM queue_tickets WHERE id = \?/.test(sql))).toEqual([]);
    db.prepare = prepare;
    expect(r.ticket).toEqual(getTicket(db, r.ticket.id));
    expect(r.ticket).toMatchObject({ label: 'A-001', state: 'waiting', priority: 'elderly' });
  });

  it('several connections to one file share one counter', () => {
    const other = openJournal(file);
    try {
      const a = issueTicket(db, input());
      const b = issueTicket(other, input());
      const c = issueTicket(db, input());
      expect([a, b, c].map((r) => r.ok && r.ticket.number)).toEqual([1, 2, 3]);
    } finally {
      other.close();
    }
  });

  it('stops at the end of the range without wrap, and says what to change', () => {
    const rule = { start: 1, end: 2, wrap: false, digits: 1 };
    issue({ rule });
    issue({ rule });
    const r = issueTicket(db, input({ rule }));
    expect(r).toMatchObject({ ok: false, reason: 'exhausted' });
  });

  it('wraps and skips numbers still held by open tickets', () => {
    const rule = { start: 1, end: 3, wrap: true, digits: 1 };
    const t1 = issue({ rule });
    issue({ rule });
    const t3 = issue({ rule });
    // 1 and 3 are closed, 2 still waits
    expect(updateTicket(db, t1.id, ['waiting'], { state: 'done', closed_at: at.toISOString() })).toBe(true);
    expect(updateTicket(db, t3.id, ['waiting'], { state: 'no-show', closed_at: at.toISOString() })).toBe(true);
    const n4 = issue({ rule });
    const n5 = issue({ rule });
    expect([n4.label, n4.cycle, n5.label, n5.cycle]).toEqual(['A-1', 1, 'A-3', 1]);
    expect(issueTicket(db, input({ rule }))).toMatchObject({ ok: false, reason: 'exhausted' });
  });

  it('keeps appointments and walk-ins apart in the row (slot only on appointments)', () => {
    const a = issue({ kind: 'appointment', slot: new Date('2025-05-12T08:00:00Z'), priority: 'elderly', persons: 2 });
    expect(a).toMatchObject({ kind: 'appointment', slot: '2025-05-12T08:00:00.000Z', priority: 'elderly', persons: 2, state: 'waiting' });
    expect(() => issueTicket(db, input({ kind: 'appointment', slot: null }))).toThrow(/CHECK/);
  });

  it('updates only from the expected state', () => {
    const t = issue();
    expect(updateTicket(db, t.id, ['serving'], { state: 'done' })).toBe(false);
    expect(updateTicket(db, t.id, ['waiting'], { state: 'called', counter: '3', called_at: at.toISOString() })).toBe(true);
    expect(ticketAtCounter(db, '3')?.id).toBe(t.id);
    expect(waitingTickets(db, 'FR-PAR', '2025-05-12')).toHaveLength(0);
  });

  it('derives service times and recent calls from the history', () => {
    const t = issue();
    const t2 = issue();
    inImmediate(db, () => {
      appendTicketEvent(db, { ticketId: t.id, kind: 'called', at, service: t.service, counter: '3', actor: 'amina', lane: 'walk-in' });
      appendTicketEvent(db, { ticketId: t.id, kind: 'started', at: new Date(at.getTime() + 60_000), service: t.service, counter: '3', actor: 'amina' });
      appendTicketEvent(db, { ticketId: t.id, kind: 'finished', at: new Date(at.getTime() + 7 * 60_000), service: t.service, counter: '3', actor: 'amina' });
      appendTicketEvent(db, { ticketId: t2.id, kind: 'called', at, service: t.service, counter: '3', actor: 'amina', lane: 'walk-in' });
      appendTicketEvent(db, { ticketId: t2.id, kind: 'recalled', at, service: t.service, counter: '3', actor: 'amina' });
    });
    expect(recentServiceMinutes(db, 'registration', 10)).toEqual([6]);
    expect(recentCalls(db, 10).map((c) => [c.ticket.label, c.kind])).toEqual([
      ['A-002', 'recalled'],
      ['A-002', 'called'],
      ['A-001', 'called'],
    ]);
    expect(ticketEvents(db, t.id).map((e) => e.kind)).toEqual(['issued', 'called', 'started', 'finished']);
    expect(recentEvents(db, { subject: t.id }).map((e) => e.kind)).toEqual([
      'queue.ticket.finished',
      'queue.ticket.started',
      'queue.ticket.called',
      'queue.ticket.issued',
    ]);
  });

  it('counts ordinary walk-in calls since the last priority call, for the N:1 rule', () => {
    const ts = [issue(), issue(), issue(), issue()];
    const call = (i: number, priority: boolean) =>
      appendTicketEvent(db, {
        ticketId: ts[i]!.id,
        kind: 'called',
        at,
        service: 'registration',
        counter: '1',
        actor: 'a',
        lane: 'walk-in',
        priorityCall: priority,
      });
    expect(normalCallsSinceLastPriority(db, ['registration'], 5)).toBe(0);
    call(0, false);
    call(1, true);
    call(2, false);
    call(3, false);
    expect(normalCallsSinceLastPriority(db, ['registration'], 5)).toBe(2);
    expect(normalCallsSinceLastPriority(db, ['registration'], 1)).toBe(1);
    expect(normalCallsSinceLastPriority(db, ['cnie'], 5)).toBe(0);
  });

  it('records counter pauses and finds stale tickets of earlier days', () => {
    setCounterPaused(db, '3', true, at, 'amina');
    expect(counterStates(db)).toEqual([{ counter: '3', paused: 1, since: at.toISOString(), by: 'amina' }]);
    setCounterPaused(db, '3', false, at, 'amina');
    expect(counterStates(db)[0]!.paused).toBe(0);
    issue({ businessDay: '2025-05-11' });
    issue();
    expect(staleOpenTickets(db, 'FR-PAR', '2025-05-12').map((t) => t.business_day)).toEqual(['2025-05-11']);
    expect(getTicket(db, 'nope')).toBeUndefined();
  });
});
