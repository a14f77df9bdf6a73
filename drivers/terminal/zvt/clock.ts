// A terminal's date and time fields (BMP 0D date MMDD, BMP 0C time HHMMSS) are its local wall clock, not
// UTC: a terminal in Paris prints and reports Paris time. Both the simulated terminal (to send them) and the
// driver (to judge how old a repeated receipt is) read the wall clock of a named IANA zone.

import { wallClock, type WallClock } from '../../../shared/wall-clock';

/** The process's own zone: what a terminal set up on this machine would show. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const pad = (n: number) => String(n).padStart(2, '0');

/** BMP 0D and 0C values for an instant, in the terminal's zone. */
export function terminalDateTime(at: Date, timeZone: string): { date: string; time: string } {
  const w = wallClock(at, timeZone);
  return { date: `${pad(w.month)}${pad(w.day)}`, time: `${pad(w.hour)}${pad(w.minute)}${pad(w.second)}` };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/**
 * The instants a terminal's date and time fields (MMDD, HHMMSS; no year) can stand for in `timeZone`,
 * for the years around `near`: none in the hour skipped when clocks go forward, two in the hour that
 * repeats when they go back. Empty when the fields are malformed or name no such day (0230).
 */
export function instantsOf(date: string, time: string, near: Date, timeZone: string): Date[] {
  if (!/^\d{4}$/.test(date) || !/^\d{6}$/.test(time)) return [];
  const [month, day, hour, minute, second] = [date.slice(0, 2), date.slice(2), time.slice(0, 2), time.slice(2, 4), time.slice(4)].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const nearWall = wallClock(near, timeZone);
  // No year in the fields: the year that puts them nearest `near` (a receipt from 31/12 read on 01/01).
  const y = [nearWall.year - 1, nearWall.year, nearWall.year + 1].reduce((best, c) =>
    Math.abs(asUtc({ ...nearWall, year: c, month, day, hour, minute, second }) - asUtc(nearWall)) <
    Math.abs(asUtc({ ...nearWall, year: best, month, day, hour, minute, second }) - asUtc(nearWall))
      ? c
      : best,
  );
  const wall = asUtc({ year: y, month, day, hour, minute, second });
  const out: Date[] = [];
  // The zone's offsets a day either side cover any transition near this wall time.
  for (const off of new Set([wall - 86_400_000, wall + 86_400_000].map((t) => asUtc(wallClock(new Date(t), timeZone)) - t))) {
    const t = new Date(wall - off);
    const w = wallClock(t, timeZone);
    const same = w.year === y && w.month === month && w.day === day && w.hour === hour && w.minute === minute && w.second === second;
    if (same) out.push(t);
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}
