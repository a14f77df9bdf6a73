// Decimal amount text → integer minor units, exactly: no floating point ever touches money.

/** ISO 4217 minor-unit exponents that are not 2. */
const EXPONENT: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** Concert E+ carries 8 digits of minor units: the largest amount both protocols can send. */
export const MAX_AMOUNT_MINOR = 99_999_999;

export function currencyExponent(currency: string): number {
  return EXPONENT[currency] ?? 2;
}

export type ParsedAmount = { ok: true; minor: number } | { ok: false; reason: string };

export function parseAmount(text: string, currency: string): ParsedAmount {
  if (!/^[A-Z]{3}$/.test(currency)) return { ok: false, reason: `currency "${currency}" is not an ISO 4217 code in capitals such as EUR` };
  const exp = currencyExponent(currency);
  const t = text.trim();
  if (t.startsWith('-')) return { ok: false, reason: `amount "${text}" is negative: give the amount to charge, e.g. 12.50 (refunds are done on the terminal)` };
  const m = /^(\d+)(?:[.,](\d+))?$/.exec(t);
  if (!m) return { ok: false, reason: `amount "${text}" is not a decimal number: write it like 12.50 (digits, one dot, no thousands separator)` };
  const whole = m[1]!;
  const frac = m[2] ?? '';
  if (frac.length > exp) {
    return { ok: false, reason: `amount "${text}" has ${frac.length} decimals but ${currency} has ${exp}: round it to ${exp === 0 ? 'whole units' : `${exp} decimals`}` };
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
  const exp = currencyExponent(currency);
  if (exp === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(exp + 1, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}
