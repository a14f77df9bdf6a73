// Business days are calendar dates at the consulate (its IANA zone), so their bounds in UTC move with
// daylight saving time: 23, 24 or 25 hours. Never add a fixed offset.

import { wallClock } from '../../shared/wall-clock';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The UTC instant of local midnight starting `day` at `timeZone`. */
export function startOfDay(day: string, timeZone: string): Date {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`"${day}" is not a date YYYY-MM-DD`);
  const target = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Two corrections converge for every real zone (the offset at the guess, then at the corrected instant).
  let t = target;
  for (let i = 0; i < 3; i++) {
    const w = wallClock(new Date(t), timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    const next = t + (target - shown);
    if (next === t) break;
    t = next;
  }
  return new Date(t);
}

/** [from, to) in UTC ISO strings covering the business days `first`..`last` inclusive. */
export function periodBounds(first: string, last: string, timeZone: string): { from: string; to: string } {
  const after = new Date(Date.UTC(Number(last.slice(0, 4)), Number(last.slice(5, 7)) - 1, Number(last.slice(8, 10)) + 1)).toISOString().slice(0, 10);
  return { from: startOfDay(first, timeZone).toISOString(), to: startOfDay(after, timeZone).toISOString() };
}
