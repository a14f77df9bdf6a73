import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { appendTicketEvent, issueTicket } from './queue';
import { recordIntent, transition } from './payments';
import { recordETimbreReference } from './etimbre';
import { feesBetween, testPaymentsBetween, ticketEventsIssuedBetween } from './reports';
import { DEFAULT_NUMBERING } from '../domain/queue/numbering';
import { tempJournal } from '../test/support/journal';

let close = () => {};
afterEach(() => close());
function journal(): Db {
  const j = tempJournal('store-reports-');
  close = j.close;
  return j.db;
}
const FROM = '2026-03-02T00:00:00.000Z';
const TO = '2026-03-03T00:00:00.000Z';

function ticket(db: Db, day: string, at: string, persons: number): string {
  const r = issueTicket(db, {
    consulate: 'FR-PAR',
    businessDay: day,
    prefix: 'A',
    rule: DEFAULT_NUMBERING,
    service: 'passport',
    kind: 'walk-in',
    slot: null,
    priority: null,
    persons,
    lang: 'fr',
    at: new Date(at),
    actor: 'kiosk:K1',
  });
  if (!r.ok) throw new Error(r.detail);
  return r.ticket.id;
}

function payment(db: Db, id: string, o: { amount: number; at: string; services?: string[]; test?: boolean; state: 'approved' | 'declined' }) {
  const reference = o.services ? `ET-${id}` : null;
  if (o.services) {
    recordETimbreReference(db, {
      reference: reference!,
      consulate: 'FR-PAR',
      kioskId: 'K1',
      amountMinor: o.amount,
      currency: 'EUR',
      services: o.services,
      persons: 1,
      appointmentId: null,
      at: new Date(o.at),
    });
  }
  recordIntent(
    db,
    { id, kioskId: 'K1', terminalId: `T-${id}`, protocol: 'zvt', amountMinor: o.amount, currency: 'EUR', reference, isTest: o.test ?? false },
    new Date(o.at),
  );
  transition(db, id, o.state, o.state === 'declined' ? { reason: 'no' } : {}, 'service', { at: new Date(o.at) });
}

describe('store/reports', () => {
  it('reads every event of the tickets issued in the period, later events included, in journal order', () => {
    const db = journal();
    const inside = ticket(db, '2026-03-02', '2026-03-02T23:50:00Z', 3);
    const outside = ticket(db, '2026-03-03', '2026-03-03T08:00:00Z', 1);
    db.transaction(() => {
      appendTicketEvent(db, { ticketId: inside, kind: 'called', at: new Date('2026-03-03T00:10:00Z'), service: 'passport', counter: '4', actor: 'staff' });
      appendTicketEvent(db, { ticketId: outside, kind: 'called', at: new Date('2026-03-03T08:01:00Z'), service: 'passport', counter: '4', actor: 'staff' });
    })();
    const events = ticketEventsIssuedBetween(db, FROM, TO);
    expect(events.map((e) => [e.ticket_id, e.kind, e.counter, e.persons])).toEqual([
      [inside, 'issued', null, 3],
      [inside, 'called', '4', 3],
    ]);
  });

  it('sums approved fees by the services of their eTimbre reference, and test payments apart', () => {
    const db = journal();
    payment(db, 'pay-1', { amount: 8000, at: '2026-03-02T08:00:00Z', services: ['passport'], state: 'approved' });
    payment(db, 'pay-2', { amount: 8000, at: '2026-03-02T09:00:00Z', services: ['passport'], state: 'approved' });
    payment(db, 'pay-3', { amount: 9000, at: '2026-03-02T09:30:00Z', services: ['passport', 'cnie'], state: 'approved' });
    payment(db, 'pay-4', { amount: 500, at: '2026-03-02T10:00:00Z', state: 'approved' });
    payment(db, 'pay-5', { amount: 700, at: '2026-03-02T10:00:00Z', services: ['passport'], state: 'declined' });
    payment(db, 'pay-6', { amount: 100, at: '2026-03-02T11:00:00Z', services: ['passport'], test: true, state: 'approved' });
    payment(db, 'pay-7', { amount: 8000, at: '2026-03-03T08:00:00Z', services: ['passport'], state: 'approved' });

    expect(feesBetween(db, FROM, TO)).toEqual([
      { service: '(no eTimbre reference)', currency: 'EUR', payments: 1, totalMinor: 500 },
      { service: 'passport', currency: 'EUR', payments: 2, totalMinor: 16000 },
      { service: 'passport+cnie', currency: 'EUR', payments: 1, totalMinor: 9000 },
    ]);
    expect(testPaymentsBetween(db, FROM, TO)).toEqual({ payments: 1, totalMinor: 100 });
  });

  it('answers zero, not null, for a period without test payments', () => {
    const db = journal();
    expect(feesBetween(db, FROM, TO)).toEqual([]);
    expect(testPaymentsBetween(db, FROM, TO)).toEqual({ payments: 0, totalMinor: 0 });
  });
});
