import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_AMOUNT_MINOR, formatMinor, parseAmount } from './amount';

describe('parseAmount', () => {
  it.each([
    ['12.50', 'EUR', 1250],
    ['12.5', 'EUR', 1250],
    ['12', 'EUR', 1200],
    ['0.01', 'EUR', 1],
    ['150,00', 'MAD', 15000],
    ['1500', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
    ['0.10', 'EUR', 10],
    ['999999.99', 'EUR', MAX_AMOUNT_MINOR],
    [' 7.00 ', 'EUR', 700],
  ])('%s %s → %d', (text, cur, minor) => {
    expect(parseAmount(text, cur)).toEqual({ ok: true, minor });
  });

  it.each([
    ['12.345', 'EUR', /3 decimals but EUR has 2/],
    ['12.5', 'JPY', /JPY has 0/],
    ['-12.50', 'EUR', /negative/],
    ['0', 'EUR', /zero/],
    ['0.00', 'EUR', /zero/],
    ['1e3', 'EUR', /not a decimal/],
    ['12.50.1', 'EUR', /not a decimal/],
    ['1 000', 'EUR', /not a decimal/],
    ['', 'EUR', /not a decimal/],
    ['.5', 'EUR', /not a decimal/],
    ['Infinity', 'EUR', /not a decimal/],
    ['0x10', 'EUR', /not a decimal/],
    ['1000000.00', 'EUR', /too large/],
    ['99999999999999999999', 'EUR', /too large/],
    ['12.50', 'eur', /ISO 4217/],
  ])('refuses %s %s', (text, cur, why) => {
    const r = parseAmount(text, cur);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(why);
  });

  it('round-trips every amount through formatMinor exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_AMOUNT_MINOR }), fc.constantFrom('EUR', 'MAD', 'JPY', 'KWD'), (minor, cur) => {
        expect(parseAmount(formatMinor(minor, cur), cur)).toEqual({ ok: true, minor });
      }),
    );
  });
});
