import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { recentEvents } from './events';
import {
  TRANSITIONS,
  approvalMatching,
  getPayment,
  isLegal,
  openPaymentFor,
  pendingPayments,
  recordIntent,
  transition,
  type NewPayment,
  type PaymentState,
} from './payments';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'payments-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const base: NewPayment = { id: 'pay-0001', kioskId: 'K1', terminalId: 'T1', protocol: 'zvt', amountMinor: 1250, currency: 'EUR', reference: 'apt-42' };
const ALL: PaymentState[] = Object.keys(TRANSITIONS) as PaymentState[];

/** Drives a fresh payment along a legal path to `state`. */
function reach(id: string, state: PaymentState): void {
  expect(recordIntent(db, { ...base, id }).ok).toBe(true);
  const path: Record<PaymentState, PaymentState[]> = {
    intent: [],
    sent: ['sent'],
    approved: ['sent', 'approved'],
    declined: ['sent', 'declined'],
    aborted: ['sent', 'aborted'],
    unknown: ['sent', 'unknown'],
    not_sent: ['not_sent'],
    settled_approved: ['sent', 'unknown', 'settled_approved'],
    settled_not_charged: ['sent', 'unknown', 'settled_not_charged'],
  };
  for (const s of path[state]) {
    const r = transition(db, id, s, { authCode: '0042', settledBy: 'amina', settleReason: 'terminal journal' }, 'service');
    expect(r.ok, `${id} → ${s}`).toBe(true);
  }
}

describe('recordIntent', () => {
  it('writes the row and its event together', () => {
    const r = recordIntent(db, base, new Date('2025-05-12T08:30:00Z'));
    expect(r.ok).toBe(true);
    const p = getPayment(db, 'pay-0001')!;
    expect(p).toMatchObject({
      state: 'intent',
      amountMinor: 1250,
      currency: 'EUR',
      reference: 'apt-42',
      isTest: false,
      sentAt: null,
      createdAt: '2025-05-12T08:30:00.000Z',
    });
    const ev = recentEvents(db, { subject: 'pay-0001' });
    expect(ev.map((e) => e.kind)).toEqual(['payment.intent']);
    expect(ev[0]!.payload).toMatchObject({ amountMinor: 1250, terminalId: 'T1' });
  });

  it('refuses a reused id with the journaled payment, writing nothing', () => {
    reach('pay-0001', 'approved');
    const r = recordIntent(db, { ...base, amountMinor: 999 });
    expect(r).toMatchObject({ ok: false, reason: 'duplicate-id', payment: { state: 'approved', amountMinor: 1250 } });
    expect(recentEvents(db, { subject: 'pay-0001' })).toHaveLength(3);
  });

  it('refuses a second open payment on the same terminal, not on another', () => {
    reach('pay-0001', 'sent');
    expect(recordIntent(db, { ...base, id: 'pay-0002' })).toMatchObject({ ok: false, reason: 'terminal-busy', open: { id: 'pay-0001' } });
    expect(recordIntent(db, { ...base, id: 'pay-0003', terminalId: 'T2' }).ok).toBe(true);
    expect(openPaymentFor(db, 'T1')?.id).toBe('pay-0001');
    expect(transition(db, 'pay-0001', 'declined', { reason: 'refused' }, 'service').ok).toBe(true);
    expect(recordIntent(db, { ...base, id: 'pay-0002' }).ok).toBe(true);
  });
});

describe('short references', () => {
  const at = new Date('2026-03-02T23:30:00Z');
  it('gives each payment a short reference, counted per terminal and business day, in its intent event', () => {
    const refs = ['pay-1', 'pay-2'].map((id) => {
      const r = recordIntent(db, { ...base, id, businessDay: '2026-03-03' }, at);
      transition(db, id, 'declined', {}, 'service');
      return r.ok ? r.payment.shortRef : r.reason;
    });
    expect(refs).toEqual(['0303-0001', '0303-0002']);
    expect(getPayment(db, 'pay-1')).toMatchObject({ shortRef: '0303-0001', shortRefDay: '2026-03-03' });
    expect(recentEvents(db, { subject: 'pay-2' }).at(-1)!.payload).toMatchObject({ shortRef: '0303-0002' });
    expect(recordIntent(db, { ...base, id: 'pay-3', terminalId: 'T2', businessDay: '2026-03-03' }, at)).toMatchObject({ payment: { shortRef: '0303-0001' } });
    // Without a business day the UTC date of the intent is used.
    expect(recordIntent(db, { ...base, id: 'pay-4' }, at)).toMatchObject({ payment: { shortRef: '0203-0001', shortRefDay: '2026-03-02' } });
  });

  it('never hands out a number twice, even after a finished row was deleted', () => {
    recordIntent(db, { ...base, id: 'pay-1', businessDay: '2026-03-03' }, at);
    transition(db, 'pay-1', 'not_sent', {}, 'service');
    db.prepare("DELETE FROM payments WHERE id = 'pay-1'").run();
    expect(recordIntent(db, { ...base, id: 'pay-2', businessDay: '2026-03-03' }, at)).toMatchObject({ payment: { shortRef: '0303-0002' } });
  });

  it('widens the counter past 9999 and refuses, as a value, past 99999 a day', () => {
    db.prepare("INSERT INTO payment_short_refs (terminal_id, business_day, last) VALUES ('T1', '2026-03-03', 9999)").run();
    expect(recordIntent(db, { ...base, id: 'pay-1', businessDay: '2026-03-03' }, at)).toMatchObject({ payment: { shortRef: '0303-10000' } });
    transition(db, 'pay-1', 'declined', {}, 'service');
    db.prepare('UPDATE payment_short_refs SET last = 99999').run();
    expect(recordIntent(db, { ...base, id: 'pay-2', businessDay: '2026-03-03' }, at)).toMatchObject({
      ok: false,
      reason: 'no-short-ref',
      detail: expect.stringMatching(/99999/),
    });
    expect(getPayment(db, 'pay-2')).toBeUndefined();
  });

  it('stores what the terminal approved and its private data with the outcome', () => {
    recordIntent(db, base);
    const r = transition(db, 'pay-0001', 'approved', { approvedAmountMinor: 1250, approvedCurrency: 'EUR', terminalData: 'A1B2C3    ' }, 'service');
    expect(r.ok && r.payment).toMatchObject({ approvedAmountMinor: 1250, approvedCurrency: 'EUR', terminalData: 'A1B2C3    ' });
    expect(recentEvents(db, { subject: 'pay-0001', limit: 1 })[0]!.payload).toMatchObject({
      approvedAmountMinor: 1250,
      approvedCurrency: 'EUR',
      terminalData: 'A1B2C3    ',
    });
  });
});

describe('transition', () => {
  // Every (from, to) pair: legal ones succeed with one event, illegal ones are refused as values and change nothing.
  for (const from of ALL) {
    for (const to of ALL) {
      if (from === to) continue;
      const legal = isLegal(from, to);
      it(`${from} → ${to} is ${legal ? 'allowed' : 'refused'}`, () => {
        reach('pay-x', from);
        const before = recentEvents(db, { subject: 'pay-x' }).length;
        const r = transition(db, 'pay-x', to, { authCode: '0042', settledBy: 'amina', settleReason: 'terminal journal', reason: 'r' }, 'service');
        expect(r.ok).toBe(legal);
        const after = recentEvents(db, { subject: 'pay-x' });
        if (legal) {
          expect(getPayment(db, 'pay-x')!.state).toBe(to);
          expect(after).toHaveLength(before + 1);
          expect(after[0]).toMatchObject({ kind: `payment.${to.replace(/_/g, '-')}`, payload: { from, to, by: 'service' } });
        } else {
          expect(r).toMatchObject({ ok: false, reason: 'illegal-transition' });
          expect(getPayment(db, 'pay-x')!.state).toBe(from);
          expect(after).toHaveLength(before);
        }
      });
    }
  }

  it('stores card data with an approval and the send time with sent', () => {
    reach('pay-0001', 'intent');
    transition(db, 'pay-0001', 'sent', {}, 'service', { at: new Date('2025-05-12T08:30:01Z') });
    const r = transition(
      db,
      'pay-0001',
      'approved',
      {
        authCode: 'A1B2C3',
        maskedPan: '4111********1111',
        cardBrand: 'VISA',
        receiptLines: ['MERCI', 'TOTAL 12,50 EUR'],
        traceNo: '000123',
        receiptNo: '0042',
      },
      'service',
    );
    expect(r.ok && r.payment).toMatchObject({
      state: 'approved',
      sentAt: '2025-05-12T08:30:01.000Z',
      authCode: 'A1B2C3',
      maskedPan: '4111********1111',
      cardBrand: 'VISA',
      receiptLines: ['MERCI', 'TOTAL 12,50 EUR'],
      traceNo: '000123',
      receiptNo: '0042',
      settledBy: null,
    });
    expect(approvalMatching(db, 'T1', { receiptNo: '0042' })?.id).toBe('pay-0001');
    expect(approvalMatching(db, 'T1', { traceNo: '000123' })?.id).toBe('pay-0001');
    expect(approvalMatching(db, 'T1', { authCode: 'A1B2C3', receiptNo: '9999' })?.id).toBe('pay-0001');
    expect(approvalMatching(db, 'T1', { receiptNo: '0043', traceNo: '000124' })).toBeUndefined();
    expect(approvalMatching(db, 'T1', {})).toBeUndefined();
    expect(approvalMatching(db, 'T2', { receiptNo: '0042' })).toBeUndefined();
  });

  it('records who settled, when and why', () => {
    reach('pay-0001', 'unknown');
    const r = transition(db, 'pay-0001', 'settled_not_charged', { settledBy: 'amina', settleReason: 'no entry in the terminal journal' }, 'staff', {
      at: new Date('2025-05-12T09:00:00Z'),
    });
    expect(r.ok && r.payment).toMatchObject({
      state: 'settled_not_charged',
      settledBy: 'amina',
      settledAt: '2025-05-12T09:00:00.000Z',
      settleReason: 'no entry in the terminal journal',
    });
    expect(recentEvents(db, { subject: 'pay-0001', limit: 1 })[0]).toMatchObject({
      kind: 'payment.settled-not-charged',
      payload: { by: 'staff', settledBy: 'amina' },
    });
  });

  it('refuses a stale expectation and an unknown id', () => {
    reach('pay-0001', 'sent');
    expect(transition(db, 'pay-0001', 'unknown', {}, 'reconcile', { expectFrom: ['intent'] })).toMatchObject({ ok: false, reason: 'illegal-transition' });
    expect(transition(db, 'nope-0001', 'sent', {}, 'service')).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('rolls the event back with the row when the update fails', () => {
    recordIntent(db, base);
    transition(db, 'pay-0001', 'sent', {}, 'service');
    transition(db, 'pay-0001', 'unknown', { reason: 'answer lost' }, 'service');
    // settled_approved without an auth code breaks a CHECK: neither the row nor an event may change.
    expect(() => transition(db, 'pay-0001', 'settled_approved', { settledBy: 'amina', settleReason: 'x' }, 'staff')).toThrow(/CHECK/);
    expect(getPayment(db, 'pay-0001')!.state).toBe('unknown');
    expect(recentEvents(db, { subject: 'pay-0001' })).toHaveLength(3);
  });

  it('lists pending payments per terminal', () => {
    reach('pay-0001', 'unknown');
    reach('pay-0002', 'approved');
    recordIntent(db, { ...base, id: 'pay-0003' });
    recordIntent(db, { ...base, id: 'pay-0004', terminalId: 'T2' });
    expect(pendingPayments(db, 'T1').map((p) => p.id)).toEqual(['pay-0001', 'pay-0003']);
    expect(
      pendingPayments(db)
        .map((p) => p.id)
        .sort(),
    ).toEqual(['pay-0001', 'pay-0003', 'pay-0004']);
  });
});
