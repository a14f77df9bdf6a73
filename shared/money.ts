// Money, once for the whole program: amounts are integers of minor units, the digits of a currency come from
// the one ISO 4217 table (shared/currency.ts, never Intl, whose digits change with the ICU build), and text is
// made by string operations so no float ever touches an amount.
//
// Why shared/ and not domain/fees (where issue 13 first put it): the kiosk, reports and diagnostics pages
// format money too, and the layer rules (DESIGN.md, eslint.config.js) let renderer/ import only shared/.
// domain/fees re-exports it, so the fee rules and the tickets reach it where they always did.
import { minorDigits } from './currency';

export { minorDigits, isKnownCurrency } from './currency';

/**
 * The kiosk's limit: the largest amount both terminal protocols can send. Concert E+ carries 8 digits of
 * minor units (drivers/terminal/concert: CONCERT_MAX_AMOUNT_MINOR); ZVT carries 12 (ZVT_MAX_AMOUNT_MINOR).
 */
export const MAX_AMOUNT_MINOR = 99_999_999;

/**
 * Minor units as plain decimal text in the currency's own unit: 1250 EUR → "12.50", 4235 XAF → "4235",
 * -1500 TND → "-1.500". A code the table does not know gets 2 decimals (config check refuses such codes;
 * a page that has not loaded its currency yet still shows a number).
 */
export function minorToText(minor: number, code: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`minor amount ${minor} must be a safe integer: amounts are counted in whole minor units`);
  const d = minorDigits(code) ?? 2;
  const digits = String(Math.abs(minor));
  const sign = minor < 0 ? '-' : '';
  if (d === 0) return sign + digits;
  const s = digits.padStart(d + 1, '0');
  return `${sign}${s.slice(0, -d)}.${s.slice(-d)}`;
}

/** "12.50 EUR", "4235 XAF": an amount with its ISO code for messages, logs and staff documents (no locale). */
export function moneyText(minor: number, code: string): string {
  return `${minorToText(minor, code)} ${code}`;
}

export type ParsedAmount = { ok: true; minor: number } | { ok: false; reason: string };

const currencyRefused = (currency: string) => `currency "${currency}" is not an ISO 4217 code in capitals such as EUR`;

/**
 * Decimal text ("12.50", "-0,250", "4235") → minor units of `currency`, exactly, sign and zero allowed: totals
 * and lists copied from a terminal's report. No float: the digits are joined as text.
 */
export function parseMinor(text: string, currency: string): ParsedAmount {
  const exp = /^[A-Z]{3}$/.test(currency) ? minorDigits(currency) : undefined;
  if (exp === undefined) return { ok: false, reason: currencyRefused(currency) };
  const m = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(text.trim());
  if (!m) return { ok: false, reason: `amount "${text}" is not a decimal number: write it like 12.50 (digits, one dot, no thousands separator)` };
  const frac = m[3] ?? '';
  if (frac.length > exp) {
    return {
      ok: false,
      reason: `amount "${text}" has ${frac.length} decimals but ${currency} has ${exp}: round it to ${exp === 0 ? 'whole units' : `${exp} decimals`}`,
    };
  }
  const digits = (m[2]! + frac.padEnd(exp, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return { ok: false, reason: `amount "${text}" is too large to be an amount of money` };
  const minor = Number(digits);
  return { ok: true, minor: m[1] && minor !== 0 ? -minor : minor };
}

/** Decimal text typed by staff ("12.50", "12,5") → minor units, exactly; refuses what the kiosk cannot charge. */
export function parseAmount(text: string, currency: string): ParsedAmount {
  if (!/^[A-Z]{3}$/.test(currency) || minorDigits(currency) === undefined) return { ok: false, reason: currencyRefused(currency) };
  if (text.trim().startsWith('-'))
    return { ok: false, reason: `amount "${text}" is negative: give the amount to charge, e.g. 12.50 (refunds are done on the terminal)` };
  const r = parseMinor(text, currency);
  if (!r.ok) return r;
  if (r.minor > MAX_AMOUNT_MINOR) {
    return { ok: false, reason: `amount "${text}" is too large: the terminal protocols carry at most ${moneyText(MAX_AMOUNT_MINOR, currency)}` };
  }
  if (r.minor === 0) return { ok: false, reason: `amount "${text}" is zero: there is nothing to charge` };
  return r;
}

/**
 * The locale money is written in for a visitor's language. The consulate's Arabic is Morocco's (its
 * separators), and digits are Latin in every language: they match the ticket number and the board, and
 * printer code pages hold no other digits.
 */
export function moneyLocale(lang: string): string {
  return lang === 'ar' ? 'ar-MA' : lang;
}

export interface MoneyStyle {
  /** The visitor's language, e.g. "fr"; see moneyLocale. */
  lang: string;
  /** "symbol" for screens ("80,00 €"); "code" for paper ("80,00 EUR"): not every printer code page holds €. */
  show: 'symbol' | 'code';
}

// Building a NumberFormat costs far more than formatting with it (2 % of the daemon's CPU on a visit, issue 14): one per
// locale, currency and style, kept for the process (a few: the kiosk's languages × its currencies).
const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: string, currency: string, digits: number, show: MoneyStyle['show']): Intl.NumberFormat {
  const key = `${lang}|${currency}|${show}`;
  let f = formats.get(key);
  if (!f) {
    const opts: Intl.NumberFormatOptions = { numberingSystem: 'latn', minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true };
    f = new Intl.NumberFormat(moneyLocale(lang), show === 'code' ? opts : { ...opts, style: 'currency', currency });
    formats.set(key, f);
  }
  return f;
}

/** Localised money text: "1 234,56 €" (fr, symbol), "86.00 EUR" (en, code). Grouping and separators are Intl's. */
export function formatMoney(minor: number, currency: string, style: MoneyStyle): string {
  const text = minorToText(minor, currency);
  const digits = minorDigits(currency);
  if (digits === undefined) return `${text} ${currency}`;
  // Intl.NumberFormat.format takes an exact decimal string (ES2023): no float between the minor units and the text.
  const exact = text as `${number}`;
  const f = numberFormat(style.lang, currency, digits, style.show);
  return style.show === 'code' ? `${f.format(exact)} ${currency}` : f.format(exact);
}
