// Turning integer minor units into text without a float on the way: the digits are placed by string
// operations, and Intl gets an exact decimal string (Intl.NumberFormat.format accepts strings since ES2023).
import { minorDigits } from './currency';

function digitsOf(currency: string): number {
  const d = minorDigits(currency);
  // Config check refuses unknown currencies, so one here is a bug.
  if (d === undefined) throw new RangeError(`currency ${currency} is not an ISO 4217 currency`);
  return d;
}

/** 12345 EUR → "123.45"; 500 JPY → "500"; 1500 TND → "1.500". */
export function minorToDecimalString(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`minor amount ${minor} must be a non-negative safe integer`);
  const digits = digitsOf(currency);
  if (digits === 0) return String(minor);
  const s = String(minor).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Localised money text for screens and receipts, e.g. "80,00 €" in fr, "€80.00" in en. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = digitsOf(currency);
  const fmt = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  return fmt.format(minorToDecimalString(minor, currency) as `${number}`);
}
