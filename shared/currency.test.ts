import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NOT_PAYABLE, currency, currencyAlpha, currencyNumeric, isKnownCurrency, minorDigits } from './currency';

describe('the ISO 4217 table', () => {
  it('knows the currencies consulates meet, with numeric code and minor unit', () => {
    expect(currency('XAF')).toMatchObject({ numeric: '950', minorDigits: 0 });
    expect(currency('mru')).toMatchObject({ code: 'MRU', numeric: '929', minorDigits: 2 });
    expect(['BRL', 'RON', 'ZAR', 'INR'].map(currencyNumeric)).toEqual(['986', '946', '710', '356']);
    expect(['EUR', 'JPY', 'TND', 'KWD', 'CLF', 'MAD'].map(minorDigits)).toEqual([2, 0, 3, 3, 4, 2]);
    expect(currencyAlpha('12')).toBe('DZD');
    expect(currencyAlpha('504')).toBe('MAD');
  });

  it('refuses codes that are not currencies', () => {
    for (const code of ['XXY', 'EURO', '', 'XXX', 'XAU', 'XTS']) expect(currency(code), code).toBeUndefined();
    expect(isKnownCurrency('eur')).toBe(false); // config values are capitals
    expect(currencyAlpha('999')).toBeUndefined();
  });

  it('leaves out exactly the entries whose minor unit ISO gives as N.A.', () => {
    const dir = createRequire(import.meta.url)
      .resolve('currency-codes/package.json')
      .replace(/package\.json$/, '');
    const xml = readFileSync(`${dir}iso-4217-list-one.xml`, 'utf8');
    const na = new Set<string>();
    for (const entry of xml.split('<CcyNtry>')) {
      const code = /<Ccy>([A-Z]{3})<\/Ccy>/.exec(entry)?.[1];
      if (code && /<CcyMnrUnts>N\.A\.<\/CcyMnrUnts>/.test(entry)) na.add(code);
    }
    expect([...na].sort()).toEqual([...NOT_PAYABLE].sort());
  });
});
