import { describe, expect, it } from 'vitest';
import { money } from './format';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/[\u200e\u200f\u061c]/g, '');

describe('money on the kiosk page', () => {
  it('places the decimal point exactly, with no float division on the way', () => {
    // 2^53 − 1 cents: (2^53 − 1) / 100 has no exact double, so a float division shows …409,90.
    expect(plain(money(2 ** 53 - 1, 'EUR', 'fr'))).toBe('90 071 992 547 409,91 €');
    expect(plain(money(1_234_567, 'TND', 'fr'))).toBe('1 234,567 TND');
  });

  it('takes the digits from the ISO 4217 table, not from the caller', () => {
    // KWD has 3 decimals in ISO 4217; the page used to take a digit count handed to it (2 here printed 15,00).
    expect(plain(money(1500, 'KWD', 'en'))).toMatch(/^KWD\s?1\.500$/);
  });

  it('shows Latin digits in every language, as the ticket and the board do', () => {
    expect(plain(money(8000, 'EUR', 'fa'))).toMatch(/^(€ ?)?80[.,٫]00( ?€)?$/);
    expect(plain(money(8600, 'MAD', 'ar'))).toMatch(/86[.,]00/);
  });
});
