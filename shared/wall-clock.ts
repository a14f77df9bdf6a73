// The wall clock of a named IANA zone at an instant, read through Intl (the time zone database), never
// by adding a fixed offset to UTC: offsets move with daylight saving time, and the kiosk PC's own zone may
// not be the consulate's. Business days (domain/queue), report periods (server/reports) and a ZVT
// terminal's date and time fields (drivers/terminal/zvt) all read it here.

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields at `timeZone` for an instant. Throws RangeError for an unknown zone (config check refuses those). */
export function wallClock(at: Date, timeZone: string): WallClock {
  const o: Record<string, number> = {};
  for (const p of format(timeZone).formatToParts(at)) if (p.type !== 'literal') o[p.type] = Number(p.value);
  // `% 24`: some ICU builds wrote midnight as 24 even with h23.
  return { year: o.year!, month: o.month!, day: o.day!, hour: o.hour! % 24, minute: o.minute!, second: o.second! };
}

export function isTimeZone(name: string): boolean {
  try {
    format(name);
    return true;
  } catch {
    return false;
  }
}
