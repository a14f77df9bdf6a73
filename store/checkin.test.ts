import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { appendEvent, recentEvents } from './events';
import { recordIntent, transition } from './payments';
import { issueTicket } from './queue';
import { markUsed } from './appointment-tokens';
import { printJobJournal } from './print-jobs';
import { recentStaffAlerts, recordPayingVisit, recordVisitCompleted, unfinishedPaidVisit, visitCompleted, walkInTicketsOn } from './checkin';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-checkin-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const DAY = '2026-11-28';
const ticket = (service: string, kind: 'walk-in' | 'appointment', businessDay = DAY) => {
  const r = issueTicket(db, {
    consulate: 'FR-PAR',
    businessDay,
    prefix: service === 'passport' ? 'P' : 'C',
    rule: { start: 1, end: 999, wrap: true, digits: 3 },
    service,
    kind,
    slot: kind === 'appointment' ? new Date('2026-11-28T09:00:00Z') : null,
    priority: null,
    persons: 1,
    lang: 'fr',
    at: new Date('2026-11-28T08:00:00Z'),
    actor: 'kiosk:K1',
  });
  if (!r.ok) throw new Error(r.detail);
  return r.ticket;
};

/** A payment journaled by the flow, driven to `approved` (or left `sent`). */
const paidVisit = (paymentId: string, ref: string, o: { approved?: boolean; tokenId?: string } = {}) => {
  expect(
    recordIntent(db, { id: paymentId, kioskId: 'K1', terminalId: 'terminal', protocol: 'zvt', amountMinor: 7998, currency: 'EUR', reference: ref }).ok,
  ).toBe(true);
  recordPayingVisit(db, paymentId, {
    visit: { etimbreReference: ref, appointment: o.tokenId ? { tokenId: o.tokenId } : null, language: 'fr' },
    attempt: 1,
    idempotencyKey: `${ref}/1`,
  });
  expect(transition(db, paymentId, 'sent', {}, 'service').ok).toBe(true);
  const to = o.approved === false ? ('declined' as const) : ('approved' as const);
  expect(transition(db, paymentId, to, to === 'approved' ? { authCode: 'A1' } : { reason: 'card refused' }, 'service').ok).toBe(true);
};

describe('walkInTicketsOn', () => {
  it('counts the walk-in tickets of one day, for all services or one', () => {
    ticket('passport', 'walk-in');
    ticket('passport', 'walk-in');
    ticket('cnie', 'walk-in');
    ticket('passport', 'appointment');
    ticket('passport', 'walk-in', '2026-11-27');
    expect(walkInTicketsOn(db, { consulate: 'FR-PAR', businessDay: DAY })).toBe(3);
    expect(walkInTicketsOn(db, { consulate: 'FR-PAR', businessDay: DAY, service: 'passport' })).toBe(2);
    expect(walkInTicketsOn(db, { consulate: 'FR-MRS', businessDay: DAY })).toBe(0);
  });
});

describe('recentStaffAlerts', () => {
  it('gives the latest alerts, calls and resolutions, newest first, with their payloads', () => {
    appendEvent(db, { kind: 'checkin.staff-alert', payload: { reason: 'paid-no-ticket' } });
    appendEvent(db, { kind: 'checkin.completed', subject: 'ET-1', payload: {} });
    appendEvent(db, { kind: 'checkin.staff-call', payload: { screen: 'summary' } });
    appendEvent(db, { kind: 'checkin.staff-resolved', payload: { by: 'amina', reason: 'ticket written by hand' } });
    const r = recentStaffAlerts(db, 2);
    expect(r.map((x) => x.kind)).toEqual(['checkin.staff-resolved', 'checkin.staff-call']);
    expect(r[0]).toMatchObject({ detail: { by: 'amina', reason: 'ticket written by hand' }, at: expect.any(String) });
  });
});

describe('recordVisitCompleted', () => {
  it('journals a visit as completed once, whoever asks again', () => {
    expect(visitCompleted(db, 'ET-1')).toBe(false);
    expect(recordVisitCompleted(db, 'ET-1', { ticket: 'P-001', printed: true, receipt: false })).toBe(true);
    expect(recordVisitCompleted(db, 'ET-1', { ticket: 'P-001', printed: true, receipt: true })).toBe(false);
    expect(visitCompleted(db, 'ET-1')).toBe(true);
    expect(recentEvents(db, { kindPrefix: 'checkin.completed' }).map((e) => e.payload)).toEqual([{ ticket: 'P-001', printed: true, receipt: false }]);
  });
});

describe('unfinishedPaidVisit', () => {
  it('finds the approved visit that never completed, with its journaled visit and payment', () => {
    paidVisit('pay-1', 'ET-1');
    const r = unfinishedPaidVisit(db);
    expect(r).toMatchObject({
      paymentId: 'pay-1',
      visit: { etimbreReference: 'ET-1', language: 'fr' },
      attempt: 1,
      idempotencyKey: 'ET-1/1',
      payment: { state: 'approved', authCode: 'A1' },
      appointmentId: null,
      ticket: null,
      ticketPrinted: false,
    });
  });

  it('skips a payment that is not approved, and gives nothing once the visit completed', () => {
    paidVisit('pay-1', 'ET-1', { approved: false });
    expect(unfinishedPaidVisit(db)).toBeUndefined();
    paidVisit('pay-2', 'ET-2');
    expect(unfinishedPaidVisit(db)?.paymentId).toBe('pay-2');
    recordVisitCompleted(db, 'ET-2', { ticket: null, printed: false, receipt: false });
    expect(unfinishedPaidVisit(db)).toBeUndefined();
  });

  it('gives the ticket issued for the visit and whether it was printed', () => {
    paidVisit('pay-1', 'ET-1');
    const t = ticket('passport', 'appointment');
    appendEvent(db, { kind: 'checkin.ticket-issued', subject: t.id, payload: { number: 'P-001', etimbreReference: 'ET-1', source: 'appointment' } });
    expect(unfinishedPaidVisit(db)).toMatchObject({ ticket: { id: t.id, number: 'P-001' }, ticketPrinted: false });
    const jobs = printJobJournal(db);
    jobs.queued({ id: 'job-1', kind: 'ticket', subject: t.id, bytes: 100, printer: 'sim' });
    jobs.sent('job-1', 1);
    jobs.confirmed('job-1', { attempts: 1, verified: true });
    expect(unfinishedPaidVisit(db)).toMatchObject({ ticketPrinted: true });
  });

  it('brings back the appointment system’s id from the used-token row, not from the chained events', () => {
    markUsed(db, 'aa11bb22cc33dd44', 'K1', new Date(), { appointmentId: 'RDV-42', consulate: 'FR-PAR' });
    paidVisit('pay-1', 'ET-1', { tokenId: 'aa11bb22cc33dd44' });
    expect(unfinishedPaidVisit(db)).toMatchObject({ visit: { appointment: { tokenId: 'aa11bb22cc33dd44' } }, appointmentId: 'RDV-42' });
    expect(JSON.stringify(recentEvents(db, { kindPrefix: 'checkin.' }))).not.toContain('RDV-42');
  });
});
