import { describe, expect, it } from 'vitest';
import type { Payment } from '../../store/payments';
import { reconcileDay } from './reconcile-day';

const pay = (o: Partial<Payment>): Payment => ({
  id: 'pay-1',
  kioskId: 'K1',
  terminalId: 'terminal',
  protocol: 'concert',
  amountMinor: 1250,
  currency: 'EUR',
  reference: null,
  isTest: false,
  state: 'approved',
  reason: null,
  authCode: null,
  maskedPan: null,
  cardBrand: null,
  receiptLines: null,
  traceNo: null,
  receiptNo: null,
  shortRef: null,
  shortRefDay: null,
  approvedAmountMinor: null,
  approvedCurrency: null,
  terminalData: null,
  createdAt: '2026-03-03T09:00:00.000Z',
  updatedAt: '2026-03-03T09:00:00.000Z',
  sentAt: null,
  settledBy: null,
  settledAt: null,
  settleReason: null,
  ...o,
});

describe('reconcileDay and short references', () => {
  it('matches a Concert charge by the short reference the request carried', () => {
    const r = reconcileDay(
      [pay({ shortRef: '0303-0001' }), pay({ id: 'pay-2', shortRef: '0303-0002', amountMinor: 800 })],
      {
        totalMinor: 2050,
        count: 2,
        entries: [
          { kind: 'charge', amountMinor: 800, reference: '0303-0002' },
          { kind: 'charge', amountMinor: 1250, reference: '0303-0001' },
        ],
      },
      'EUR',
    );
    expect(r).toMatchObject({ balanced: true, differences: [] });
  });

  it('counts an approval for another amount, settled by staff, at the amount the terminal took', () => {
    const r = reconcileDay(
      [pay({ state: 'settled_approved', shortRef: '0303-0001', approvedAmountMinor: 1500, approvedCurrency: 'EUR' })],
      {
        totalMinor: 1500,
        count: 1,
        entries: [{ kind: 'charge', amountMinor: 1500, reference: '0303-0001' }],
      },
      'EUR',
    );
    expect(r).toMatchObject({ balanced: true, journal: { totalMinor: 1500 } });
  });
});

describe('reconcileDay with refunds (issue 17)', () => {
  const payments = [
    pay({ id: 'p-a', amountMinor: 3000, receiptNo: '0001' }),
    pay({ id: 'p-b', amountMinor: 2000, receiptNo: '0002', shortRef: '0303-0002' }),
    pay({ id: 'p-c', amountMinor: 1000, receiptNo: '0003' }),
  ];
  const refunds = [
    { id: 'rf-1', paymentId: 'p-a', method: 'reversal' as const, state: 'refunded', amountMinor: 3000, shortRef: null, receiptNo: '0004' },
    { id: 'rf-2', paymentId: 'p-b', method: 'refund' as const, state: 'refunded', amountMinor: 500, shortRef: 'R0303-0002', receiptNo: null },
    { id: 'rf-3', paymentId: 'p-c', method: 'refund' as const, state: 'declined', amountMinor: 1000, shortRef: null, receiptNo: null },
  ];
  const entries = [
    { kind: 'charge' as const, amountMinor: 3000, receiptNumber: '0001' },
    { kind: 'charge' as const, amountMinor: 2000, receiptNumber: '0002' },
    { kind: 'charge' as const, amountMinor: 1000, receiptNumber: '0003' },
    { kind: 'reversal' as const, amountMinor: 3000, reverses: '0001', receiptNumber: '0004' },
    { kind: 'refund' as const, amountMinor: 500, reference: 'R0303-0002' },
  ];

  it('a reversed payment counts on neither side, a refund comes off the total: the day balances', () => {
    const r = reconcileDay(payments, { totalMinor: 2500, count: 2, entries }, 'EUR', refunds);
    expect(r.journal).toMatchObject({ totalMinor: 2500, count: 2, refundedMinor: 500, refundCount: 1, reversedCount: 1 });
    expect(r.differences).toEqual([]);
    expect(r.balanced).toBe(true);
  });

  it('a refund the terminal did not make, or one it made that the journal lacks, is a named difference', () => {
    const lacking = reconcileDay(payments, { totalMinor: 3000, count: 2, entries: entries.slice(0, 4) }, 'EUR', refunds);
    expect(lacking.differences.map((d) => d.text)).toEqual([expect.stringMatching(/refund rf-2 .* is in the journal but not on the terminal/)]);
    const unknown = reconcileDay(payments, { totalMinor: 2500, count: 2, entries }, 'EUR', refunds.slice(0, 1));
    expect(unknown.differences.map((d) => d.text)).toEqual([expect.stringMatching(/terminal refund of .* has no payment in the journal/)]);
    expect(unknown.balanced).toBe(false);
  });
});
