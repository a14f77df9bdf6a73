import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quoteFee, convertToMinor } from './fee';
import { parseDecimal, divRoundHalfUp } from './decimal';
import { formatMoney, minorDigits, minorToText } from '.';

const schedule = [
  { code: 'registration', feeMad: 70 },
  { code: 'cnie', feeMad: 105 },
  { code: 'passport', feeMad: 860 },
  { code: 'information', feeMad: 0 },
  { code: 'half', feeMad: '0.5' },
];

function ok(r: ReturnType<typeof quoteFee>) {
  if (!r.ok) throw new Error(r.detail);
  return r.quote;
}

describe('quoteFee', () => {
  it('converts the Paris passport fee: 860 DH × 0.093 = 79.98 EUR', () => {
    const q = ok(quoteFee({ schedule, services: ['passport'], persons: 1, chanceryRate: 0.093, currency: 'EUR' }));
    expect(q).toEqual({
      currency: 'EUR',
      minorDigits: 2,
      rate: '0.093',
      totalMinor: 7998,
      payable: true,
      lines: [{ service: 'passport', unitFeeMad: '860', unitMinor: 7998, persons: 1, totalMinor: 7998 }],
    });
  });

  it('rounds the unit fee half up, then multiplies by persons (receipt arithmetic holds)', () => {
    // 105 × 0.093 = 9.765 → 9.77 per person; 3 persons = 29.31 (not round(29.295) = 29.30).
    const q = ok(quoteFee({ schedule, services: ['cnie'], persons: 3, chanceryRate: '0.093', currency: 'EUR' }));
    expect(q.lines[0]).toEqual({ service: 'cnie', unitFeeMad: '105', unitMinor: 977, persons: 3, totalMinor: 2931 });
    expect(q.totalMinor).toBe(2931);
  });

  it('does not suffer from binary floating point: 30 × 0.0045 is 0.135 exactly, so half up gives 14 cents', () => {
    expect(Math.round(30 * 0.0045 * 100)).toBe(13); // what a float implementation would charge
    expect(ok(quoteFee({ schedule: [{ code: 'a', feeMad: 30 }], services: ['a'], persons: 1, chanceryRate: 0.0045, currency: 'EUR' })).totalMinor).toBe(14);
  });

  it('uses 0 decimals for JPY and 3 for TND and KWD', () => {
    // 70 × 14.25 = 997.5 → 998 yen
    expect(ok(quoteFee({ schedule, services: ['registration'], persons: 1, chanceryRate: '14.25', currency: 'JPY' })).totalMinor).toBe(998);
    // 0.5 × 0.3001 = 0.15005 → 0.150 TND (150 millimes)... 0.15005 rounds half up at 3 decimals to 0.150
    expect(ok(quoteFee({ schedule, services: ['half'], persons: 1, chanceryRate: '0.3001', currency: 'TND' })).totalMinor).toBe(150);
    // 0.5 × 0.3009 = 0.15045 → 0.150; × 0.3010 = 0.1505 → 0.151 (the tie goes up)
    expect(ok(quoteFee({ schedule, services: ['half'], persons: 1, chanceryRate: '0.3010', currency: 'KWD' })).totalMinor).toBe(151);
    expect(minorDigits('kwd')).toBe(3);
    expect(minorDigits('EUR')).toBe(2);
  });

  it('refuses a currency that ISO 4217 does not know, instead of guessing 2 decimals', () => {
    const r = quoteFee({ schedule, services: ['passport'], persons: 1, chanceryRate: 1, currency: 'XXY' });
    expect(r).toMatchObject({ ok: false, reason: 'unknown-currency', detail: expect.stringMatching(/"XXY".*consulate\.currency/) });
    expect(ok(quoteFee({ schedule, services: ['registration'], persons: 1, chanceryRate: '60.5', currency: 'XAF' })).minorDigits).toBe(0);
  });

  it('sums several services, each per person', () => {
    const q = ok(quoteFee({ schedule, services: ['passport', 'cnie'], persons: 2, chanceryRate: 0.093, currency: 'EUR' }));
    expect(q.lines.map((l) => l.totalMinor)).toEqual([15996, 1954]);
    expect(q.totalMinor).toBe(17950);
  });

  it('marks a free service as not payable', () => {
    const q = ok(quoteFee({ schedule, services: ['information'], persons: 4, chanceryRate: 0.093, currency: 'EUR' }));
    expect(q.payable).toBe(false);
    expect(q.totalMinor).toBe(0);
  });

  it('returns reasons for bad input instead of throwing', () => {
    expect(quoteFee({ schedule, services: ['visa'], persons: 1, chanceryRate: 0.093, currency: 'EUR' })).toMatchObject({
      ok: false,
      reason: 'unknown-service',
      service: 'visa',
    });
    expect(quoteFee({ schedule, services: [], persons: 1, chanceryRate: 0.093, currency: 'EUR' })).toMatchObject({ ok: false, reason: 'no-service' });
    expect(quoteFee({ schedule, services: ['cnie'], persons: 0, chanceryRate: 0.093, currency: 'EUR' })).toMatchObject({ ok: false, reason: 'bad-persons' });
    expect(quoteFee({ schedule, services: ['cnie'], persons: 1.5, chanceryRate: 0.093, currency: 'EUR' })).toMatchObject({ ok: false, reason: 'bad-persons' });
    expect(quoteFee({ schedule, services: ['cnie'], persons: 1, chanceryRate: 0, currency: 'EUR' })).toMatchObject({ ok: false, reason: 'bad-rate' });
    expect(quoteFee({ schedule, services: ['cnie'], persons: 1, chanceryRate: 'abc', currency: 'EUR' })).toMatchObject({ ok: false, reason: 'bad-rate' });
    expect(quoteFee({ schedule: [{ code: 'x', feeMad: '1,5' }], services: ['x'], persons: 1, chanceryRate: 1, currency: 'EUR' })).toMatchObject({
      ok: false,
      reason: 'bad-fee',
    });
    expect(quoteFee({ schedule: [{ code: 'x', feeMad: 1e15 }], services: ['x'], persons: 100, chanceryRate: 1, currency: 'EUR' })).toMatchObject({
      ok: false,
      reason: 'too-large',
    });
  });

  it('property: matches exact rational half-up rounding, and line = unit × persons', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }), // fee in centi-dirhams
        fc.integer({ min: 1, max: 10_000_000 }), // rate in 1e-6 units
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom('EUR', 'JPY', 'TND'),
        (feeCenti, rateMicro, persons, currency) => {
          const feeMad = (feeCenti / 100).toString();
          const rate = (rateMicro / 1e6).toString();
          const q = ok(quoteFee({ schedule: [{ code: 's', feeMad }], services: ['s'], persons, chanceryRate: rate, currency }));
          const d = minorDigits(currency)!;
          // exact: feeCenti/100 × rateMicro/1e6 × 10^d minor units; half up = floor(x + 1/2)
          const num = BigInt(feeCenti) * BigInt(rateMicro) * 10n ** BigInt(d);
          const den = 100n * 1_000_000n;
          const expected = (num * 2n + den) / (2n * den);
          expect(BigInt(q.lines[0]!.unitMinor)).toBe(expected);
          expect(q.lines[0]!.totalMinor).toBe(q.lines[0]!.unitMinor * persons);
          expect(Number.isSafeInteger(q.totalMinor)).toBe(true);
        },
      ),
    );
  });
});

describe('decimals', () => {
  it('parses plain and exponent forms exactly', () => {
    expect(parseDecimal('0.093')).toEqual({ ok: true, value: { units: 93n, scale: 3 } });
    expect(parseDecimal(1e-7)).toEqual({ ok: true, value: { units: 1n, scale: 7 } });
    expect(parseDecimal('2.5e3')).toEqual({ ok: true, value: { units: 2500n, scale: 0 } });
    expect(parseDecimal(-1).ok).toBe(false);
    expect(parseDecimal(Number.NaN).ok).toBe(false);
    expect(parseDecimal('1.').ok).toBe(false);
  });

  it('rounds ties up and refuses negative input', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(7n, 3n)).toBe(2n);
    expect(divRoundHalfUp(0n, 3n)).toBe(0n);
    expect(() => divRoundHalfUp(-1n, 2n)).toThrow(RangeError);
    expect(convertToMinor({ units: 860n, scale: 0 }, { units: 93n, scale: 3 }, 2)).toBe(7998n);
  });
});

describe('formatting', () => {
  it('places the decimal point by string, per currency', () => {
    expect(minorToText(7998, 'EUR')).toBe('79.98');
    expect(minorToText(5, 'EUR')).toBe('0.05');
    expect(minorToText(998, 'JPY')).toBe('998');
    expect(minorToText(1500, 'TND')).toBe('1.500');
    expect(() => minorToText(1.5, 'EUR')).toThrow(RangeError);
  });

  it('formats with the locale', () => {
    expect(formatMoney(7998, 'EUR', { lang: 'en', show: 'symbol' })).toBe('€79.98');
    expect(formatMoney(7998, 'EUR', { lang: 'fr', show: 'symbol' }).replace(/\s/g, ' ')).toBe('79,98 €');
    expect(formatMoney(998, 'JPY', { lang: 'en', show: 'symbol' })).toBe('¥998');
    expect(formatMoney(7998, 'EUR', { lang: 'fr', show: 'code' }).replace(/\s/g, ' ')).toBe('79,98 EUR');
  });
});
