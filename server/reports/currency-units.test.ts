// Report money is written in each currency's own unit (ISO 4217 minor digits), not as hundredths.
import { describe, expect, it } from 'vitest';
import { decimal } from './csv';
import { money } from './day-close-doc';

describe('report amounts', () => {
  it('writes a currency without minor units (XAF) as whole francs, one with three (TND) in millimes', () => {
    expect(decimal(4235, 'XAF')).toBe(4235);
    expect(money(4235, 'XAF')).toBe('4235 XAF');
    expect(decimal(1500, 'TND')).toBe(1.5);
    expect(money(-1500, 'TND')).toBe('-1.500 TND');
    expect(money(1250, 'EUR')).toBe('12.50 EUR');
  });
});
