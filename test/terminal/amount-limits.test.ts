// The kiosk's amount limit (shared/money.ts, which may not import drivers/) must be an amount both terminal
// protocols can carry: Concert 8 digits, ZVT 6 BCD bytes (shared/reference/payment-terminals.md).
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_MINOR } from '../../shared/money';
import { CONCERT_MAX_AMOUNT_MINOR, encodeRequest } from '../../drivers/terminal/concert/codec';
import { ZVT_MAX_AMOUNT_MINOR, amountToBcd } from '../../drivers/terminal/zvt/bmp';

describe('amount limits', () => {
  it('the kiosk limit is the smaller of the two protocol limits', () => {
    expect(MAX_AMOUNT_MINOR).toBe(Math.min(CONCERT_MAX_AMOUNT_MINOR, ZVT_MAX_AMOUNT_MINOR));
  });

  it('each protocol encodes its own limit and refuses one more', () => {
    expect(() => amountToBcd(ZVT_MAX_AMOUNT_MINOR)).not.toThrow();
    expect(() => amountToBcd(ZVT_MAX_AMOUNT_MINOR + 1)).toThrow(RangeError);
    const req = (amountMinor: number) =>
      encodeRequest({
        pos: '01',
        amountMinor,
        longAnswer: false,
        paymentMode: '1',
        transactionType: '0',
        currencyNumeric: '978',
        privateData: '',
        delay: 'A010',
        authorisation: 'B010',
      });
    expect(req(CONCERT_MAX_AMOUNT_MINOR).ok).toBe(true);
    expect(req(CONCERT_MAX_AMOUNT_MINOR + 1).ok).toBe(false);
  });
});
