import type { IssuedAt } from './content';
import { minorDigits, minorToDecimalString } from '../fees';
import { plainSpaces } from './script';

/** Arabic tickets keep Latin digits: they match the ticket number and the board. */
const locale = (lang: string): string => (lang === 'ar' ? 'ar-MA-u-nu-latn' : lang);

export function formatIssuedAt(issued: IssuedAt, lang: string): string {
  if (typeof issued === 'string') return issued;
  const f = new Intl.DateTimeFormat(locale(lang), {
    timeZone: issued.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  if (lang !== 'ar') return plainSpaces(f.format(issued.at));
  // Arabic Intl output carries right-to-left marks and an Arabic comma; digits in day/month/year order
  // read the same in both directions and stay native printer text.
  const part = (t: Intl.DateTimeFormatPartTypes) => f.formatToParts(issued.at).find((p) => p.type === t)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

/** "55,00 EUR": the ISO code rather than the symbol, which not every printer code page holds. */
export function formatMoney(minor: number, currency: string, lang: string): string {
  // The ISO table's digits, not Intl's (which vary with the ICU build); the decimal goes to Intl as exact text.
  const decimal = minorToDecimalString(minor, currency); // throws on a code that config check refuses
  const digits = minorDigits(currency)!;
  const n = new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true });
  return `${plainSpaces(n.format(decimal as `${number}`))} ${currency}`;
}
