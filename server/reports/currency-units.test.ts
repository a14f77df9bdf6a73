// Report money is written in each currency's own unit (ISO 4217 minor digits), not as hundredths.
import { describe, expect, it } from 'vitest';
import { decimal } from './csv';
import { parseEntryLines } from './day-close';
import { moneyText } from '../../shared/money';

describe('report amounts', () => {
  it('writes a currency without minor units (XAF) as whole francs, one with three (TND) in millimes', () => {
    expect(decimal(4235, 'XAF')).toBe(4235);
    expect(moneyText(4235, 'XAF')).toBe('4235 XAF');
    expect(decimal(1500, 'TND')).toBe(1.5);
    expect(moneyText(-1500, 'TND')).toBe('-1.500 TND');
    expect(moneyText(1250, 'EUR')).toBe('12.50 EUR');
  });
});

describe("the terminal's list typed by the supervisor", () => {
  it("reads each amount in the consulate currency's own unit, exactly", () => {
    expect(parseEntryLines('4235 A1B2', 'XAF')).toEqual({ ok: true, entries: [{ kind: 'charge', amountMinor: 4235, key: 'A1B2' }] });
    expect(parseEntryLines('1.500 R1\n-0,250', 'TND')).toEqual({
      ok: true,
      entries: [
        { kind: 'charge', amountMinor: 1500, key: 'R1' },
        { kind: 'reversal', amountMinor: 250 },
      ],
    });
    expect(parseEntryLines('12.50 A1\n\n8', 'EUR')).toEqual({
      ok: true,
      entries: [
        { kind: 'charge', amountMinor: 1250, key: 'A1' },
        { kind: 'charge', amountMinor: 800 },
      ],
    });
  });

  it('refuses more decimals than the currency has, naming the line', () => {
    const r = parseEntryLines('12.50\n12.345 X', 'EUR');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/line 2 "12\.345 X".*EUR has 2/);
  });
});
