// ISO 4217, the one currency table of the whole program: the numeric code that both terminal protocols carry
// (Concert as 3 ASCII digits, ZVT as 2 BCD bytes) and the minor unit that every amount is counted in. It comes
// from the maintained `currency-codes` package (ISO's "list one"), not from Intl, whose digits change with the
// ICU build of the Node that runs the kiosk (CLDR gives cash digits for some codes).
import { data, publishDate } from 'currency-codes';

export interface Currency {
  /** Alphabetic code, e.g. "XAF". */
  code: string;
  /** Numeric code, 3 digits, e.g. "950". */
  numeric: string;
  /** Decimals of the minor unit: 2 for EUR, 0 for XAF, 3 for TND. */
  minorDigits: number;
  name: string;
}

/**
 * Entries whose minor unit ISO gives as "N.A.": precious metals, bond-market units, the SDR, the testing
 * code and "no currency". `currency-codes` reports them with 0 digits; nobody pays a consular fee in them.
 * (Checked against the ISO list shipped in the package by shared/currency.test.ts.)
 */
export const NOT_PAYABLE: readonly string[] = ['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX'];

/** Date of the ISO 4217 list the table comes from. */
export const ISO_4217_PUBLISHED: string = publishDate;

const BY_CODE = new Map<string, Currency>();
const BY_NUMERIC = new Map<string, Currency>();
for (const c of data) {
  if (!c.number || NOT_PAYABLE.includes(c.code)) continue;
  const entry: Currency = { code: c.code, numeric: c.number.padStart(3, '0'), minorDigits: c.digits, name: c.currency };
  BY_CODE.set(entry.code, entry);
  BY_NUMERIC.set(entry.numeric, entry);
}

/** The currency of an alphabetic code (case-insensitive), or undefined when ISO 4217 has no such currency. */
export function currency(code: string): Currency | undefined {
  return BY_CODE.get(code.toUpperCase());
}

export function isKnownCurrency(code: string): boolean {
  return BY_CODE.has(code);
}

/** "978" for EUR. */
export function currencyNumeric(code: string): string | undefined {
  return currency(code)?.numeric;
}

/** "EUR" for "978" (or 978). */
export function currencyAlpha(numeric: string): string | undefined {
  return BY_NUMERIC.get(numeric.padStart(3, '0'))?.code;
}

/** Decimals of the minor unit, or undefined for a code that is not an ISO 4217 currency. */
export function minorDigits(code: string): number | undefined {
  return currency(code)?.minorDigits;
}
