// The business day a ticket belongs to is the calendar date at the consulate, read from the IANA time zone
// database (shared/wall-clock.ts). Adding a fixed offset to UTC is the classic bug: it is wrong for half the
// year wherever clocks change, and wrong all year when the kiosk PC's own zone differs from the consulate's.
import { wallClock } from '../../shared/wall-clock';

export { isTimeZone } from '../../shared/wall-clock';

/**
 * The last answer per zone, by UTC minute: every ticket asks for today's date, and reading it through Intl
 * (formatToParts) was ~2–5 % of the hub's CPU per number (issue 14, bench/post.bench.ts). A date can only change
 * on a whole minute of UTC where the zone's offset is whole minutes, which holds for every zone since 1972
 * (the last offsets with seconds, such as Liberia's −0:44:30, ended then); earlier instants are not cached.
 */
const lastByZone = new Map<string, { minute: number; day: string }>();
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1972, 0, 1);

/** "2025-03-30": the date at `timeZone` at the instant `at`. Throws RangeError for an unknown zone (config bug). */
export function businessDay(at: Date, timeZone: string): string {
  const ms = at.getTime();
  const minute = Math.floor(ms / 60_000);
  const last = lastByZone.get(timeZone);
  if (last?.minute === minute) return last.day;
  const w = wallClock(at, timeZone);
  const day = `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  if (ms >= WHOLE_MINUTE_OFFSETS_SINCE) lastByZone.set(timeZone, { minute, day });
  return day;
}
