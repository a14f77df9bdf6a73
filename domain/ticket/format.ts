import type { IssuedAt } from './content';
import { formatMoney as localisedMoney, moneyLocale } from '../fees';
import { plainSpaces } from './script';

/** Latin digits in every language (printer code pages hold no others), as money has: see shared/money.ts. */
const locale = (lang: string): string => `${moneyLocale(lang)}-u-nu-latn`;

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
  return plainSpaces(localisedMoney(minor, currency, { lang, show: 'code' }));
}
