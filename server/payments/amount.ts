// Decimal amount text → integer minor units, exactly: no floating point ever touches money. Minor units come
// from the program's one ISO 4217 table (shared/currency.ts).
import { minorDigits, minorToText } from '../../shared/currency';

/** Concert E+ carries 8 digits of minor units: the largest amount both protocols can send. */
export const MAX_AMOUNT_MINOR = 99_999_999;

/** Decimals of the currency's minor unit; 2 for a code the ISO table does not know (parseAmount refuses those). */
export function currencyExponent(currency: string): number {
  return minorDigits(currency) ?? 2;
}

export type ParsedAmount = { ok: true; minor: number } | { ok: false; reason: string };

export function parseAmount(text: string, currency: string): ParsedAmount {
  if (!/^[A-Z]{3}$/.test(currency) || minorDigits(currency) === undefined)
    return { ok: false, reason: `currency "${currency}" is not an ISO 4217 code in capitals such as EUR` };
  const exp = currencyExponent(currency);
  const t = text.trim();
  if (t.startsWith('-')) return { ok: false, reason: `amount "${text}" is negative: give the amount to charge, e.g. 12.50 (refunds are done on the terminal)` };
  const m = /^(\d+)(?:[.,](\d+))?$/.exec(t);
  if (!m) return { ok: false, reason: `amount "${text}" is not a decimal number: write it like 12.50 (digits, one dot, no thousands separator)` };
  const whole = m[1]!;
  const frac = m[2] ?? '';
  if (frac.length > exp) {
    return {
      ok: false,
      reason: `amount "${text}" has ${frac.length} decimals but ${currency} has ${exp}: round it to ${exp === 0 ? 'whole units' : `${exp} decimals`}`,
    };
  }
  const digits = (whole + frac.padEnd(exp, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > String(MAX_AMOUNT_MINOR).length || Number(digits) > MAX_AMOUNT_MINOR) {
    return { ok: false, reason: `amount "${text}" is too large: the terminal protocols carry at most ${formatMinor(MAX_AMOUNT_MINOR, currency)} ${currency}` };
  }
  const minor = Number(digits);
  if (minor === 0) return { ok: false, reason: `amount "${text}" is zero: there is nothing to charge` };
  return { ok: true, minor };
}

export function formatMinor(minor: number, currency: string): string {
  return minorToText(minor, currency);
}
