import { formatMoney } from '../../shared/money';

/** Money on screen, with the currency's symbol (the amounts are integers of minor units from the daemon). */
export function money(minor: number, currency: string, lang: string): string {
  return formatMoney(minor, currency, { lang, show: 'symbol' });
}

/** A time of day in the consulate's zone, Latin digits everywhere (digits are not mirrored). */
export function timeOfDay(iso: string, timeZone: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar-MA-u-nu-latn' : lang, { timeZone, hour: '2-digit', minute: '2-digit' }).format(d);
}
