import type { IssuedAt } from './content';
import { formatMoney as localisedMoney, moneyLocale } from '../fees';
import { plainSpaces } from './script';

/** Latin digits in every language (printer code pages hold no others), as money has: see shared/money.ts. */
const locale = (lang: string): string => `${moneyLocale(lang)}-u-nu-latn`;

// Building a DateTimeFormat costs more than formatting with it (2 % of the daemon's CPU on a visit, issue 14):
// one per language and time zone, kept for the process (a handful: the kiosk's languages × its zone).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(lang: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(lang), {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f;
}

/** The language-region a country writes its dates in ("FR" → "fr-FR"), from CLDR's likely subtags; null if unknown. */
function regionLocale(region: string): string | null {
  try {
    const l = new Intl.Locale(`und-${region}`).maximize();
    return l.region ? `${l.language}-${l.region}` : null;
  } catch {
    return null;
  }
}

export function formatIssuedAt(issued: IssuedAt, lang: string): string {
  if (typeof issued === 'string') return issued;
  // Digits and separators only: the consulate's convention orders them, for every visitor alike.
  const dateLang = lang !== 'ar' && issued.region ? (regionLocale(issued.region) ?? lang) : lang;
  const f = formatterFor(dateLang, issued.timeZone);
  if (lang !== 'ar') return plainSpaces(f.format(issued.at));
  // Arabic Intl output carries right-to-left marks and an Arabic comma; digits in day/month/year order
  // read the same in both directions and stay native printer text.
  const parts = f.formatToParts(issued.at);
  const part = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

/** "55,00 EUR": the ISO code rather than the symbol, which not every printer code page holds. */
export function formatMoney(minor: number, currency: string, lang: string): string {
  return plainSpaces(localisedMoney(minor, currency, { lang, show: 'code' }));
}
