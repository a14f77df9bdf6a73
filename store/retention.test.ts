import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { getPayment, recordIntent, transition } from './payments';
import { recordETimbreReference } from './etimbre';
import { markUsed } from './appointment-tokens';
import { purgePersonalData } from './retention';
import { cardReceiptsFor, recordCardReceipts } from './card-receipts';
import { getRefund, recordRefundIntent, transitionRefund } from './refunds';
import { verifyJournal } from './verify';
import { verifyChain } from './events';
import { reportStats } from '../server/reports/stats';
import { tempDir } from '../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());

const NOW = new Date('2026-06-01T12:00:00Z');
const OLD = new Date('2026-01-10T10:00:00Z');
const RECENT = new Date('2026-05-30T10:00:00Z');

function seed(): Db {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openJournal(join(t.dir, 'j.sqlite'));
  for (const [i, at] of [
    [1, OLD],
    [2, OLD],
    [3, RECENT],
  ] as const) {
    const ref = `ET-${i}`;
    recordETimbreReference(db, {
      reference: ref,
      consulate: 'FR-PAR',
      kioskId: 'K1',
      amountMinor: 1000 * i,
      currency: 'EUR',
      services: ['passport'],
      persons: 1,
      appointmentId: `APT-${i}`,
      at,
    });
    recordIntent(db, { id: `pay-${i}`, kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: 1000 * i, currency: 'EUR', reference: ref }, at);
    transition(db, `pay-${i}`, 'approved', { authCode: `A${i}`, maskedPan: '4111********1111', receiptLines: ['CARD 4111********1111'] }, 'service', { at });
  }
  // A diagnostics payment whose reference is not an eTimbre number, and an old unknown one.
  recordIntent(
    db,
    { id: 'pay-diag', kioskId: 'K1', terminalId: 'T2', protocol: 'zvt', amountMinor: 100, currency: 'EUR', reference: 'apt-in-clear', isTest: true },
    OLD,
  );
  transition(db, 'pay-diag', 'approved', { maskedPan: '5555********4444' }, 'service', { at: OLD });
  recordIntent(db, { id: 'pay-open', kioskId: 'K1', terminalId: 'T3', protocol: 'concert', amountMinor: 100, currency: 'EUR', reference: 'apt-x' }, OLD);
  transition(db, 'pay-open', 'unknown', { reason: 'lost' }, 'service', { at: OLD });
  markUsed(db, 'a'.repeat(16), 'K1', OLD, { appointmentId: 'APT-1', consulate: 'FR-PAR', expiresAt: new Date('2026-01-11T00:00:00Z') });
  return db;
}

describe('retention of personal data', () => {
  it('removes masked PAN, receipt lines and appointment ids after N days and keeps every total', () => {
    const db = seed();
    const period = { from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z', timeZone: 'Europe/Paris' };
    const before = reportStats(db, period);
    const r = purgePersonalData(db, { olderThanDays: 30, now: NOW });
    expect(r).toMatchObject({ paymentsPurged: 3, etimbreAppointmentIdsRemoved: 2, appointmentUsesDeleted: 1 });
    expect(getPayment(db, 'pay-1')).toMatchObject({
      maskedPan: null,
      receiptLines: null,
      reference: 'ET-1',
      amountMinor: 1000,
      authCode: 'A1',
      state: 'approved',
    });
    expect(getPayment(db, 'pay-diag')).toMatchObject({ maskedPan: null, reference: null });
    // Recent and still-unknown payments keep their data.
    expect(getPayment(db, 'pay-3')!.maskedPan).toBe('4111********1111');
    expect(getPayment(db, 'pay-open')!.reference).toBe('apt-x');
    expect(
      (db.prepare("SELECT appointment_id FROM etimbre_references WHERE reference = 'ET-1'").get() as { appointment_id: string | null }).appointment_id,
    ).toBeNull();
    expect(
      (db.prepare("SELECT appointment_id FROM etimbre_references WHERE reference = 'ET-3'").get() as { appointment_id: string | null }).appointment_id,
    ).toBe('APT-3');
    // Totals stay.
    expect(reportStats(db, period).fees).toEqual(before.fees);
    expect(before.fees).toEqual([{ service: 'passport', currency: 'EUR', payments: 3, totalMinor: 6000 }]);
    expect((db.prepare("SELECT sum(amount_minor) AS s FROM payments WHERE state = 'approved'").get() as { s: number }).s).toBe(6100);
    // The chained events are never touched; since payments and check-ins keep personal data out of event
    // payloads, none of them holds any (the purge would count them if an older journal did).
    expect(r.chainedEventsWithPersonalData).toBe(0);
    expect(verifyChain(db).ok).toBe(true);
    // A second run finds nothing more.
    expect(purgePersonalData(db, { olderThanDays: 30, now: NOW })).toMatchObject({ paymentsPurged: 0, etimbreAppointmentIdsRemoved: 0 });
    db.close();
  });

  it('refuses a nonsensical number of days', () => {
    const db = seed();
    expect(() => purgePersonalData(db, { olderThanDays: 0 })).toThrow(/at least 1/);
    db.close();
  });

  it("card receipt lines and refunds' receipt lines follow the rules of payments: old and settled go, recent or open stay, amounts stay", () => {
    const db = seed();
    const copy = (n: number) => [{ copy: 'customer' as const, lines: [`CB ************111${n}`, `MONTANT ${n}0,00 EUR`] }];
    recordCardReceipts(db, 'pay-1', copy(1), OLD);
    recordCardReceipts(db, 'pay-3', copy(3), RECENT);
    recordCardReceipts(db, 'pay-open', copy(9), OLD); // its payment's outcome is still unknown
    const refund = (id: string, paymentId: string, at: Date, to: 'refunded' | 'unknown') => {
      const ask = { id, paymentId, method: 'refund' as const, kioskId: 'K1', terminalId: `T-${id}`, why: 'w', requestedBy: 'sup-1', amountMinor: 500 };
      expect(recordRefundIntent(db, ask, at).ok).toBe(true);
      expect(transitionRefund(db, id, 'sent', {}, 'service', { at }).ok).toBe(true);
      const data = to === 'refunded' ? { receiptLines: ['REMBOURSEMENT', 'CB ************1111'], receiptNo: `R${id}` } : { reason: 'lost' };
      expect(transitionRefund(db, id, to, data, 'service', { at }).ok).toBe(true);
    };
    refund('rf-old', 'pay-1', OLD, 'refunded');
    refund('rf-open', 'pay-2', OLD, 'unknown');
    refund('rf-new', 'pay-3', RECENT, 'refunded');
    const r = purgePersonalData(db, { olderThanDays: 30, now: NOW });
    expect(r).toMatchObject({ paymentsPurged: 3, cardReceiptsPurged: 1, refundsPurged: 1 });
    expect(cardReceiptsFor(db, 'pay-1')).toEqual([expect.objectContaining({ lines: null })]);
    expect(cardReceiptsFor(db, 'pay-3')[0]!.lines).toEqual(copy(3)[0]!.lines);
    expect(cardReceiptsFor(db, 'pay-open')[0]!.lines).not.toBeNull();
    expect(getRefund(db, 'rf-old')).toMatchObject({ receiptLines: null, receiptNo: 'Rrf-old', amountMinor: 500, state: 'refunded' });
    expect(db.prepare("SELECT personal_salt, personal_purged_at FROM refunds WHERE id = 'rf-old'").get()).toEqual({
      personal_salt: null,
      personal_purged_at: NOW.toISOString(),
    });
    expect(getRefund(db, 'rf-new')!.receiptLines).toEqual(['REMBOURSEMENT', 'CB ************1111']);
    expect(getRefund(db, 'rf-open')!.state).toBe('unknown');
    // The purge is recorded, so the journal still verifies with the rows it changed.
    expect(verifyJournal(db)).toMatchObject({ status: 'ok', problems: [] });
    expect(purgePersonalData(db, { olderThanDays: 30, now: NOW })).toMatchObject({ cardReceiptsPurged: 0, refundsPurged: 0 });
    db.close();
  });
});
