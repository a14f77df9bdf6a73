/** Money for display only (the amounts themselves are integers of minor units from the daemon). */
export function money(minor: number, currency: string, minorDigits: number, lang: string): string {
  try {
    return new Intl.NumberFormat(lang === 'ar' ? 'ar-MA-u-nu-latn' : lang, {
      style: 'currency',
      currency,
      minimumFractionDigits: minorDigits,
      maximumFractionDigits: minorDigits,
    }).format(minor / 10 ** minorDigits);
  } catch {
    return `${(minor / 10 ** minorDigits).toFixed(minorDigits)} ${currency}`;
  }
}

/** A time of day in the consulate's zone, Latin digits everywhere (digits are not mirrored). */
export function timeOfDay(iso: string, timeZone: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar-MA-u-nu-latn' : lang, { timeZone, hour: '2-digit', minute: '2-digit' }).format(d);
}
