import { describe, expect, it } from 'vitest';
import { repeatMatchesPayment, type PaymentAsked } from './confirm';
import { terminalDateTime } from './clock';
import type { StatusInfo } from './messages';

const TZ = 'Europe/Paris';
const sentAt = new Date('2025-03-30T00:59:00Z'); // 01:59 in Paris, one minute before clocks go forward
const now = new Date('2025-03-30T01:01:00Z'); // 03:01 in Paris
const asked: PaymentAsked = { amountMinor: 1000, currencyNumeric: '978', sentAt, now, timeZone: TZ };
const at = (d: Date) => terminalDateTime(d, TZ);
const fresh: StatusInfo = { resultCode: 0, amountMinor: 1000, currencyNumeric: '978', trace: '000042', ...at(new Date('2025-03-30T01:00:30Z')) };

describe('repeatMatchesPayment', () => {
  it('takes the repeated receipt when it is approved, for this amount and currency, and new', () => {
    expect(repeatMatchesPayment(fresh, asked)).toEqual({ ok: true });
    expect(repeatMatchesPayment(fresh, { ...asked, previousTrace: '000041' })).toEqual({ ok: true });
    // Without a time stamp, a trace number other than the last one the driver saw proves it is new.
    const { date: _d, time: _t, ...untimed } = fresh;
    expect(repeatMatchesPayment(untimed, { ...asked, previousTrace: '000041' })).toEqual({ ok: true });
  });

  it("writes a differing amount in the payment currency's own minor unit", () => {
    // 1500 minor units of TND (788, 3 decimals) are 1.500 TND, not 15.00.
    const tnd = { ...asked, amountMinor: 1500, currencyNumeric: '788' };
    const r = repeatMatchesPayment({ ...fresh, amountMinor: 2500, currencyNumeric: '788' }, tnd);
    expect(r).toEqual({ ok: false, reason: 'the repeated receipt is for 2.500 TND, not 1.500 TND' });
  });

  it('reads the time stamp as the terminal wall clock, also in the hour that repeats when clocks go back', () => {
    // 02:59 CEST, then at 03:00 CEST the clock shows 02:00 CET again: the receipt says 02:00:30.
    const autumn = { ...asked, sentAt: new Date('2025-10-26T00:59:00Z'), now: new Date('2025-10-26T01:02:00Z') };
    expect(terminalDateTime(new Date('2025-10-26T01:00:30Z'), TZ)).toEqual({ date: '1026', time: '020030' });
    expect(repeatMatchesPayment({ ...fresh, date: '1026', time: '020030' }, autumn)).toEqual({ ok: true });
  });

  const refused: Array<[string, StatusInfo, Partial<PaymentAsked>, RegExp]> = [
    ['not approved', { ...fresh, resultCode: 0x05 }, {}, /not approved/],
    ['no result code', { ...fresh, resultCode: undefined }, {}, /not approved/],
    ['another amount', { ...fresh, amountMinor: 100 }, {}, /1\.00.*not 10\.00/],
    ['no amount', { ...fresh, amountMinor: undefined }, {}, /no amount/],
    ['another currency', { ...fresh, currencyNumeric: '840' }, {}, /currency 840, not 978/],
    ['the transaction seen before this payment', fresh, { previousTrace: '000042' }, /trace 000042.*before this payment/],
    ['an older receipt of the same amount', { ...fresh, ...at(new Date('2025-03-29T23:40:00Z')) }, {}, /before this payment was sent/],
    ['a time stamp in the future', { ...fresh, ...at(new Date('2025-03-30T01:20:00Z')) }, {}, /after now/],
    ['nothing that proves it is new', { resultCode: 0, amountMinor: 1000 }, {}, /neither a time stamp nor a trace/],
  ];
  for (const [what, info, over, reason] of refused) {
    it(`refuses ${what}`, () => {
      const r = repeatMatchesPayment(info, { ...asked, ...over });
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.reason).toMatch(reason);
    });
  }
});
