import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_AMOUNT_MINOR, formatMoney, minorToText, parseAmount, parseMinor } from './money';

describe('minorToText', () => {
  it("writes minor units as decimal text in the currency's own unit", () => {
    expect([minorToText(1250, 'EUR'), minorToText(4235, 'XAF'), minorToText(-1500, 'TND'), minorToText(5, 'MRU'), minorToText(7, 'CLF')]).toEqual([
      '12.50',
      '4235',
      '-1.500',
      '0.05',
      '0.0007',
    ]);
  });

  it('refuses a fraction of a minor unit rather than print a wrong amount', () => {
    expect(() => minorToText(1.5, 'EUR')).toThrow(RangeError);
  });
});

describe('parseMinor', () => {
  it("reads totals in the currency's own unit, sign and zero allowed, exactly", () => {
    expect(['4235', '-0,250', '1.500', '0', '-0', ' 12.5 '].map((t, i) => parseMinor(t, ['XAF', 'TND', 'TND', 'EUR', 'EUR', 'EUR'][i]!))).toEqual([
      { ok: true, minor: 4235 },
      { ok: true, minor: -250 },
      { ok: true, minor: 1500 },
      { ok: true, minor: 0 },
      { ok: true, minor: 0 },
      { ok: true, minor: 1250 },
    ]);
    // 0.29 × 100 is 28.999999999999996 in floating point; text joins no float.
    expect(parseMinor('0.29', 'EUR')).toEqual({ ok: true, minor: 29 });
  });

  it('refuses what is not an amount of that currency', () => {
    expect(parseMinor('12.5', 'XAF')).toMatchObject({ ok: false, reason: expect.stringMatching(/XAF has 0/) });
    expect(parseMinor('1e3', 'EUR')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a decimal/) });
    expect(parseMinor('9999999999999999', 'EUR')).toMatchObject({ ok: false, reason: expect.stringMatching(/too large/) });
    expect(parseMinor('1', 'XXY')).toMatchObject({ ok: false, reason: expect.stringMatching(/ISO 4217/) });
  });
});

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

  it('round-trips every amount through minorToText exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_AMOUNT_MINOR }), fc.constantFrom('EUR', 'MAD', 'JPY', 'KWD'), (minor, cur) => {
        expect(parseAmount(minorToText(minor, cur), cur)).toEqual({ ok: true, minor });
      }),
    );
  });
});

describe('formatMoney', () => {
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/[\u200e\u200f\u061c]/g, '');
  it("writes the currency's ISO digits with the language's separators", () => {
    expect(plain(formatMoney(123456, 'EUR', { lang: 'fr', show: 'code' }))).toBe('1 234,56 EUR');
    expect(plain(formatMoney(123456, 'EUR', { lang: 'fr', show: 'symbol' }))).toBe('1 234,56 €');
    expect(formatMoney(4235, 'XAF', { lang: 'en', show: 'code' })).toBe('4,235 XAF');
    expect(formatMoney(1500, 'TND', { lang: 'en', show: 'code' })).toBe('1.500 TND');
    expect(formatMoney(7, 'CLF', { lang: 'en', show: 'code' })).toBe('0.0007 CLF');
  });

  it('keeps every digit of the largest safe amount: no float between minor units and text', () => {
    expect(formatMoney(2 ** 53 - 1, 'EUR', { lang: 'en', show: 'code' })).toBe('90,071,992,547,409.91 EUR');
  });

  it('writes Latin digits in every language', () => {
    for (const lang of ['ar', 'fa', 'bn', 'hi', 'ur']) {
      expect(plain(formatMoney(8600, 'MAD', { lang, show: 'code' })), lang).toMatch(/^86[.,]00 MAD$/);
    }
  });

  it('falls back to plain text for a code the ISO table does not know, rather than throw on a page', () => {
    expect(formatMoney(1250, '', { lang: 'fr', show: 'symbol' })).toBe('12.50 ');
  });
});
