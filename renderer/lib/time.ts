// Times a person reads on the staff pages (issue 19, item 16): in the consulate's time zone and its convention
// (fr-FR: 24-hour clock, dd/mm/yyyy), whatever the browser's own locale and zone, so a technician's log tail, the
// journal and the printed tickets agree. The page sets the zone once it knows it (GET /api/kiosk); until then UTC.
let zone = 'UTC';
const LOCALE = 'fr-FR';

export function setConsulateTimeZone(timeZone: string): void {
  zone = timeZone;
}

export function consulateTimeZone(): string {
  return zone;
}

const format = (iso: string | number | Date, o: Intl.DateTimeFormatOptions): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(LOCALE, { timeZone: zone, hourCycle: 'h23', ...o }).format(d);
};

/** "03/03/2026 09:05:09" */
export function dateTime(iso: string | number | Date): string {
  return format(iso, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).replace(',', '');
}

/** "09:05:09" */
export function timeOnly(iso: string | number | Date): string {
  return format(iso, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "09:05:09.123": log lines. */
export function logTime(iso: string | number | Date): string {
  return format(iso, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 });
}
