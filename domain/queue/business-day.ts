// The business day a ticket belongs to is the calendar date at the consulate, read from the IANA time zone
// database through Intl. Adding a fixed offset to UTC is the classic bug: it is wrong for half the year
// wherever clocks change, and wrong all year when the kiosk PC's own zone differs from the consulate's.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, calendar: 'gregory', numberingSystem: 'latn', year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** "2025-03-30": the date at `timeZone` at the instant `at`. Throws RangeError for an unknown zone (config bug). */
export function businessDay(at: Date, timeZone: string): string {
  let y = '';
  let m = '';
  let d = '';
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type === 'year') y = p.value;
    else if (p.type === 'month') m = p.value;
    else if (p.type === 'day') d = p.value;
  }
  return `${y.padStart(4, '0')}-${m}-${d}`;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}
