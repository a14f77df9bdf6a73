// The business day a ticket belongs to is the calendar date at the consulate, read from the IANA time zone
// database (shared/wall-clock.ts). Adding a fixed offset to UTC is the classic bug: it is wrong for half the
// year wherever clocks change, and wrong all year when the kiosk PC's own zone differs from the consulate's.
import { wallClock } from '../../shared/wall-clock';

export { isTimeZone } from '../../shared/wall-clock';

/** "2025-03-30": the date at `timeZone` at the instant `at`. Throws RangeError for an unknown zone (config bug). */
export function businessDay(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
