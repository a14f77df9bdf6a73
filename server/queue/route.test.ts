// Issue 18 item 8: one ticket routed through the services of a visit (domain/queue/route.ts) on a real journal file,
// and the reports counting each service of the visit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { ticketEvents } from '../../store/queue';
import { walkInTicketsOn } from '../../store/checkin';
import { QueueConfig } from './config';
import { QueueService } from './service';
import { reportStats } from '../reports/stats';
import { tempDir } from '../../test/support/tmp';

const SERVICES = [
  { code: 'passport', prefix: 'C', name: { fr: 'Passeport' } },
  { code: 'cnie', prefix: 'B', name: { fr: 'CNIE' } },
  { code: 'registration', prefix: 'A', name: { fr: 'Immatriculation' } },
];

let dir: string;
let cleanup: () => void;
let db: Db;
let now: Date;
const amina = { id: 'amina' };
const yusuf = { id: 'yusuf' };

function make(): QueueService {
  return new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    services: SERVICES,
    kioskId: 'K1',
    now: () => now,
    config: QueueConfig.parse({
      counters: [
        { id: '1', services: ['passport'] },
        { id: '2', services: ['cnie'] },
      ],
    }),
  });
}
const advance = (min: number) => (now = new Date(now.getTime() + min * 60_000));
function ok<T>(r: ({ ok: true } & T) | { ok: false; reason: string; detail: string }): T {
  if (!r.ok) throw new Error(r.detail);
  return r;
}

beforeEach(() => {
  ({ dir, cleanup } = tempDir('queue-route-'));
  db = openJournal(join(dir, 'journal.sqlite'));
  now = new Date('2025-05-12T07:00:00Z');
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('a ticket routed through the services of one visit', () => {
  it('finishing the first service sends it, same number and arrival, to the next service’s queue, in one journaled step; the last closes it', () => {
    const q = make();
    const t = ok(q.issueTicket({ service: 'passport', route: ['passport', 'cnie'], kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
    advance(5);
    // A cnie visitor who came after the routed one.
    const later = ok(q.issueTicket({ service: 'cnie', kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
    expect(ok(q.callNext('1', amina)).ticket.id).toBe(t.id);
    ok(q.start('1', amina));
    advance(10);
    const moved = ok(q.finish('1', amina)).ticket;
    expect(moved).toMatchObject({ id: t.id, label: 'C-001', service: 'cnie', state: 'waiting', counter: null, arrivedAt: t.arrivedAt });
    const evs = ticketEvents(db, t.id).map((e) => [e.kind, e.service, e.actor, JSON.parse(e.detail)]);
    expect(evs.slice(-2)).toEqual([
      ['finished', 'passport', 'amina', { label: 'C-001', next: 'cnie' }],
      ['transferred', 'passport', 'amina', { label: 'C-001', from: 'passport', to: 'cnie', route: true }],
    ]);
    // It came first, so it is called first at the cnie counter, before the later cnie visitor.
    expect(ok(q.callNext('2', yusuf)).ticket.id).toBe(t.id);
    ok(q.start('2', yusuf));
    advance(4);
    expect(ok(q.finish('2', yusuf)).ticket).toMatchObject({ state: 'done', service: 'cnie' });
    expect(ok(q.callNext('2', yusuf)).ticket.id).toBe(later.id);
  });

  it('a ticket moved off its route by staff ends where it is finished; a ticket of one service is unchanged', () => {
    const q = make();
    const t = ok(q.issueTicket({ service: 'passport', route: ['passport', 'cnie'], kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
    ok(q.callNext('1', amina));
    ok(q.transfer('1', amina, 'registration'));
    const one = ok(q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
    ok(q.callNext('1', amina));
    expect(ok(q.finish('1', amina)).ticket).toMatchObject({ id: one.id, state: 'done' });
    expect(q.ticketDetail(t.id)).toMatchObject({ ok: true, detail: { ticket: { service: 'registration', state: 'waiting' } } });
  });

  it('refuses a route that does not start at the ticket’s service, names an unknown service or is too long', () => {
    const q = make();
    const base = { kind: 'walk-in' as const, persons: 1, lang: 'fr' };
    expect(q.issueTicket({ ...base, service: 'passport', route: ['cnie', 'passport'] })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(q.issueTicket({ ...base, service: 'passport', route: ['passport', 'visa'] })).toMatchObject({ ok: false, reason: 'unknown-service' });
    expect(q.issueTicket({ ...base, service: 'passport', route: ['passport', 'cnie', 'registration', 'a', 'b'] })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it('the day’s walk-in cap of each service counts the visits routed through it', () => {
    const q = make();
    ok(q.issueTicket({ service: 'passport', route: ['passport', 'cnie'], kind: 'walk-in', persons: 1, lang: 'fr' }));
    const count = (service: string) => walkInTicketsOn(db, { consulate: 'FR-PAR', businessDay: '2025-05-12', service });
    expect([count('passport'), count('cnie'), count('registration')]).toEqual([1, 1, 0]);
  });

  it('reports count the visit for each of its services, its service at each counter as served, and no staff transfer', () => {
    const q = make();
    ok(q.issueTicket({ service: 'passport', route: ['passport', 'cnie'], kind: 'walk-in', persons: 2, lang: 'fr' }));
    ok(q.callNext('1', amina));
    ok(q.start('1', amina));
    advance(10);
    ok(q.finish('1', amina));
    ok(q.callNext('2', yusuf));
    ok(q.start('2', yusuf));
    advance(6);
    ok(q.finish('2', yusuf));
    const r = reportStats(db, { from: '2025-05-12T00:00:00Z', to: '2025-05-13T00:00:00Z', timeZone: 'Europe/Paris' });
    expect(r.visitors.total).toEqual({ tickets: 1, persons: 2 });
    expect(r.visitors.byService).toEqual([
      { service: 'cnie', tickets: 1, persons: 2 },
      { service: 'passport', tickets: 1, persons: 2 },
    ]);
    expect(r.serviceTimes.byService).toEqual([
      { service: 'cnie', count: 1, medianMinutes: 6, p90Minutes: 6 },
      { service: 'passport', count: 1, medianMinutes: 10, p90Minutes: 10 },
    ]);
    expect(r.agents.map((a) => [a.agent, a.served, a.transfers])).toEqual([
      ['amina', 1, 0],
      ['yusuf', 1, 0],
    ]);
    expect(r.counters.map((c) => [c.counter, c.served, c.transfers])).toEqual([
      ['1', 1, 0],
      ['2', 1, 0],
    ]);
    expect(r.outcomes).toEqual([expect.objectContaining({ service: 'passport', tickets: 1, served: 1, transfers: 0, open: 0 })]);
  });
});
