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
