import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { appendTicketEvent, cancelTicket, issueTicket, type TicketEventKind } from '../../store/queue';
import { DEFAULT_NUMBERING } from '../../domain/queue/numbering';
import { recordIntent, transition } from '../../store/payments';
import { recordETimbreReference } from '../../store/etimbre';
import { recordRefundIntent, transitionRefund, type RefundState } from '../../store/refunds';
import { percentile, reportStats } from './stats';
import { statsCsv } from './stats-csv';
import { periodBounds, startOfDay } from './period';
import { tempDir } from '../../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());
const TZ = 'Europe/Paris';
// 2026-03-02 09:00 in Paris is 08:00 UTC.
const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);

function journal(): Db {
  const t = tempDir();
  cleanup = t.cleanup;
  return openJournal(join(t.dir, 'j.sqlite'));
}
function ticket(db: Db, service: string, issued: string, persons = 1): string {
  const r = issueTicket(db, {
    consulate: 'FR-PAR',
    businessDay: '2026-03-02',
    prefix: service === 'passport' ? 'A' : 'B',
    rule: DEFAULT_NUMBERING,
    service,
    kind: 'walk-in',
    slot: null,
    priority: null,
    persons,
    lang: 'fr',
    at: at(issued),
    actor: 'kiosk:K1',
  });
  if (!r.ok) throw new Error(r.detail);
  return r.ticket.id;
}
function ev(db: Db, id: string, kind: TicketEventKind, when: string, service: string, counter: string | null, actor = 'staff') {
  db.transaction(() => appendTicketEvent(db, { ticketId: id, kind, at: at(when), service, counter, actor }))();
}

describe('period statistics', () => {
  it('interpolates percentiles between closest ranks', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([4], 0.9)).toBe(4);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
  });

  it('finds the bounds of a business day across daylight saving time', () => {
    expect(startOfDay('2026-03-02', TZ).toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(startOfDay('2026-07-02', TZ).toISOString()).toBe('2026-07-01T22:00:00.000Z');
    // The day clocks go forward has 23 hours.
    const { from, to } = periodBounds('2026-03-29', '2026-03-29', TZ);
    expect((Date.parse(to) - Date.parse(from)) / 3_600_000).toBe(23);
  });

  it('derives visitors, waits, service times, no-shows, counters and fees from the journal', () => {
    const db = journal();
    const a1 = ticket(db, 'passport', '08:00', 2);
    const a2 = ticket(db, 'passport', '08:10');
    const b1 = ticket(db, 'cnie', '09:05');
    const b2 = ticket(db, 'cnie', '09:20');
    ev(db, a1, 'called', '08:04', 'passport', '1');
    ev(db, a1, 'started', '08:05', 'passport', '1');
    ev(db, a1, 'finished', '08:15', 'passport', '1');
    ev(db, a2, 'called', '08:30', 'passport', '1');
    ev(db, a2, 'recalled', '08:32', 'passport', '1');
    ev(db, a2, 'started', '08:33', 'passport', '1');
    ev(db, a2, 'finished', '08:39', 'passport', '1');
    ev(db, b1, 'called', '09:06', 'cnie', '2');
    ev(db, b1, 'no-show', '09:10', 'cnie', '2');
    ev(db, b2, 'called', '09:30', 'cnie', '2');
    ev(db, b2, 'started', '09:31', 'cnie', '2');
    ev(db, b2, 'finished', '09:51', 'cnie', '2');
    // Out of the period: the next day.
    issueTicket(db, {
      consulate: 'FR-PAR',
      businessDay: '2026-03-03',
      prefix: 'A',
      rule: DEFAULT_NUMBERING,
      service: 'passport',
      kind: 'walk-in',
      slot: null,
      priority: null,
      persons: 1,
      lang: 'fr',
      at: new Date('2026-03-03T08:00:00Z'),
      actor: 'k',
    });

    for (const [i, service, amount, test] of [
      [1, 'passport', 8000, false],
      [2, 'cnie', 2000, false],
      [3, 'passport', 100, true],
    ] as const) {
      recordETimbreReference(db, {
        reference: `ET-${i}`,
        consulate: 'FR-PAR',
        kioskId: 'K1',
        amountMinor: amount,
        currency: 'EUR',
        services: [service],
        persons: 1,
        appointmentId: null,
        at: at('08:00'),
      });
      recordIntent(
        db,
        { id: `pay-${i}`, kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: amount, currency: 'EUR', reference: `ET-${i}`, isTest: test },
        at('08:00'),
      );
      transition(db, `pay-${i}`, 'approved', {}, 'service', { at: at('08:01') });
    }
    recordIntent(db, { id: 'pay-d', kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: 999, currency: 'EUR', reference: 'ET-1' }, at('08:02'));
    transition(db, 'pay-d', 'declined', { reason: 'no' }, 'service');

    const s = reportStats(db, { ...periodBounds('2026-03-02', '2026-03-02', TZ), timeZone: TZ });
    expect(s.visitors.total).toEqual({ tickets: 4, persons: 5 });
    expect(s.visitors.byHour).toEqual([
      { hour: 9, tickets: 2, persons: 3 },
      { hour: 10, tickets: 2, persons: 2 },
    ]);
    expect(s.visitors.byService).toEqual([
      { service: 'cnie', tickets: 2, persons: 2 },
      { service: 'passport', tickets: 2, persons: 3 },
    ]);
    // Waits 4, 20 (passport) and 1, 10 (cnie).
    expect(s.waits.byService).toEqual([
      { service: 'cnie', count: 2, medianMinutes: 5.5, p90Minutes: 9.1 },
      { service: 'passport', count: 2, medianMinutes: 12, p90Minutes: 18.4 },
    ]);
    expect(s.waits.all).toEqual({ count: 4, medianMinutes: 7, p90Minutes: 17 });
    expect(s.serviceTimes.byService).toEqual([
      { service: 'cnie', count: 1, medianMinutes: 20, p90Minutes: 20 },
      { service: 'passport', count: 2, medianMinutes: 8, p90Minutes: 9.6 },
    ]);
    expect(s.noShows).toEqual({ total: 1, byService: [{ service: 'cnie', noShows: 1 }] });
    expect(s.counters).toEqual([
      { counter: '1', calls: 2, recalls: 1, served: 2, noShows: 0, transfers: 0, service: { count: 2, medianMinutes: 8, p90Minutes: 9.6 } },
      { counter: '2', calls: 2, recalls: 0, served: 1, noShows: 1, transfers: 0, service: { count: 1, medianMinutes: 20, p90Minutes: 20 } },
    ]);
    expect(s.fees).toEqual([
      { service: 'cnie', currency: 'EUR', payments: 1, totalMinor: 2000 },
      { service: 'passport', currency: 'EUR', payments: 1, totalMinor: 8000 },
    ]);
    expect(s.tests).toEqual({ payments: 1, totalMinor: 100 });

    const csv = statsCsv(s, 'EUR');
    expect(csv.startsWith('\ufefftable,service,hour')).toBe(true);
    expect(csv).toContain('\r\nfees,passport,,,EUR,,,,,,,,,,,1,80,,,,,,,,,,,\r\n');
    expect(csv).toContain('\r\nwait,passport,,,,,,2,12,18.4,');
    db.close();
  });

  it('counts refunds in the period they were made, per service, and the net takings (approved − refunded)', () => {
    const db = journal();
    const pay = (i: number, service: string, amount: number, day = '2026-03-02') => {
      const when = new Date(`${day}T08:00:00Z`);
      recordETimbreReference(db, {
        reference: `ET-${i}`,
        consulate: 'FR-PAR',
        kioskId: 'K1',
        amountMinor: amount,
        currency: 'EUR',
        services: [service],
        persons: 1,
        appointmentId: null,
        at: when,
      });
      recordIntent(db, { id: `pay-${i}`, kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: amount, currency: 'EUR', reference: `ET-${i}` }, when);
      transition(db, `pay-${i}`, 'approved', { receiptNo: `000${i}` }, 'service', { at: when });
    };
    let n = 0;
    const refund = (paymentId: string, method: 'refund' | 'reversal', amountMinor: number, end: RefundState, when: Date) => {
      const id = `rf-${++n}`;
      const ask = { id, paymentId, method, kioskId: 'K1', terminalId: `T${n}`, why: 'w', requestedBy: 'sup-1', amountMinor };
      expect(recordRefundIntent(db, ask, when).ok).toBe(true);
      expect(transitionRefund(db, id, 'sent', {}, 'service', { at: when }).ok).toBe(true);
      expect(transitionRefund(db, id, end, {}, 'service', { at: when }).ok).toBe(true);
      return id;
    };
    pay(1, 'passport', 8000);
    pay(2, 'cnie', 2000);
    pay(3, 'passport', 8000);
    pay(4, 'visa', 5000, '2026-03-01'); // paid the day before, refunded today: today's takings lose it
    refund('pay-2', 'reversal', 2000, 'refunded', at('09:00'));
    refund('pay-1', 'refund', 3000, 'refunded', at('09:10'));
    refund('pay-1', 'refund', 1000, 'declined', at('09:20')); // nothing went back
    refund('pay-4', 'refund', 5000, 'refunded', at('09:30'));
    const unknown = refund('pay-3', 'refund', 500, 'unknown', at('09:40')); // not counted until staff settle it
    refund('pay-1', 'refund', 500, 'refunded', new Date('2026-03-03T09:00:00Z')); // the next day

    const day = (d: string) => reportStats(db, { ...periodBounds(d, d, TZ), timeZone: TZ });
    const s = day('2026-03-02');
    expect(s.refunds).toEqual([
      { service: 'cnie', currency: 'EUR', refunds: 1, reversals: 1, refundedMinor: 2000 },
      { service: 'passport', currency: 'EUR', refunds: 1, reversals: 0, refundedMinor: 3000 },
      { service: 'visa', currency: 'EUR', refunds: 1, reversals: 0, refundedMinor: 5000 },
    ]);
    expect(s.net).toEqual([
      { service: 'cnie', currency: 'EUR', approvedMinor: 2000, refundedMinor: 2000, netMinor: 0 },
      { service: 'passport', currency: 'EUR', approvedMinor: 16000, refundedMinor: 3000, netMinor: 13000 },
      { service: 'visa', currency: 'EUR', approvedMinor: 0, refundedMinor: 5000, netMinor: -5000 },
      { service: '(all)', currency: 'EUR', approvedMinor: 18000, refundedMinor: 10000, netMinor: 8000 },
    ]);
    const csv = statsCsv(s, 'EUR');
    expect(csv).toContain('\r\nrefunds,cnie,,,EUR,,,,,,,,,,,,,,,,1,1,20,,,,,\r\n');
    expect(csv).toContain('\r\nnet,visa,,,EUR,,,,,,,,,,,,0,,,,,,50,-50,,,,\r\n');
    expect(csv).toContain('\r\nnet,(all),,,EUR,,,,,,,,,,,,180,,,,,,100,80,,,,\r\n');
    // A period of several days adds up; the next day has its own refund.
    expect(day('2026-03-03').net.at(-1)).toEqual({ service: '(all)', currency: 'EUR', approvedMinor: 0, refundedMinor: 500, netMinor: -500 });
    expect(reportStats(db, { ...periodBounds('2026-03-01', '2026-03-03', TZ), timeZone: TZ }).net.at(-1)).toEqual({
      service: '(all)',
      currency: 'EUR',
      approvedMinor: 23000,
      refundedMinor: 10500,
      netMinor: 12500,
    });
    // Staff settle the unknown one as refunded: it counts in the day it was made.
    expect(transitionRefund(db, unknown, 'settled_refunded', { settledBy: 'sup-2', settleReason: 'terminal journal' }, 'staff').ok).toBe(true);
    expect(day('2026-03-02').refunds.find((r) => r.service === 'passport')).toMatchObject({ refunds: 2, refundedMinor: 3500 });
    db.close();
  });

  it("counts each agent's work and how every ticket ended, per service of issue (issue 18)", () => {
    const db = journal();
    const [t1, t2, t3, t4] = ['08:00', '08:01', '08:02', '08:03', '08:04'].map((h) => ticket(db, 'passport', h));
    // amina serves t1 in 10 minutes, and t2 does not come.
    ev(db, t1!, 'called', '08:10', 'passport', '1', 'amina');
    ev(db, t1!, 'started', '08:11', 'passport', '1', 'amina');
    ev(db, t1!, 'finished', '08:21', 'passport', '1', 'amina');
    ev(db, t2!, 'called', '08:22', 'passport', '1', 'amina');
    ev(db, t2!, 'recalled', '08:24', 'passport', '1', 'amina');
    ev(db, t2!, 'no-show', '08:26', 'passport', '1', 'amina');
    // karim sends t3 to registration, where youssef serves it in 6 minutes.
    ev(db, t3!, 'called', '08:12', 'passport', '2', 'karim');
    ev(db, t3!, 'started', '08:13', 'passport', '2', 'karim');
    ev(db, t3!, 'transferred', '08:15', 'registration', '2', 'karim');
    ev(db, t3!, 'called', '08:30', 'registration', '3', 'youssef');
    ev(db, t3!, 'started', '08:30', 'registration', '3', 'youssef');
    ev(db, t3!, 'finished', '08:36', 'registration', '3', 'youssef');
    // A supervisor cancels t4 (a visit refunded in full); t5 still waits.
    expect(cancelTicket(db, { ticketId: t4!, reason: 'refunded in full', by: 'nadia', at: at('08:40') }).ok).toBe(true);
    const s = reportStats(db, { ...periodBounds('2026-03-02', '2026-03-02', TZ), timeZone: TZ });
    const spread = (count: number, median: number | null) => ({ count, medianMinutes: median, p90Minutes: median });
    expect(s.agents).toEqual([
      { agent: 'amina', calls: 2, recalls: 1, served: 1, noShows: 1, transfers: 0, cancelled: 0, service: spread(1, 10) },
      { agent: 'karim', calls: 1, recalls: 0, served: 0, noShows: 0, transfers: 1, cancelled: 0, service: spread(1, 2) },
      { agent: 'nadia', calls: 0, recalls: 0, served: 0, noShows: 0, transfers: 0, cancelled: 1, service: spread(0, null) },
      { agent: 'youssef', calls: 1, recalls: 0, served: 1, noShows: 0, transfers: 0, cancelled: 0, service: spread(1, 6) },
    ]);
    expect(s.outcomes).toEqual([{ service: 'passport', tickets: 5, served: 2, noShows: 1, cancelled: 1, expired: 0, open: 1, transfers: 1 }]);
    const csv = statsCsv(s, 'EUR');
    expect(csv).toContain('\r\nagent,,,,,,,1,10,10,2,1,1,1,0,,,,,,,,,,amina,0,,\r\n');
    expect(csv).toContain('\r\noutcomes,passport,,,,5,,,,,,,2,1,1,,,,,,,,,,,1,0,1\r\n');
    db.close();
  });
});
