// A terminal's date and time fields (BMP 0D date MMDD, BMP 0C time HHMMSS) are its local wall clock, not
// UTC: a terminal in Paris prints and reports Paris time. Both the simulated terminal (to send them) and the
// driver (to judge how old a repeated receipt is) read the wall clock of a named IANA zone.

export interface WallClock {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  year: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The process's own zone: what a terminal set up on this machine would show. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function wallClock(at: Date, timeZone: string): WallClock {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, calendar: 'gregory', numberingSystem: 'latn', hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  const o: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') o[p.type] = Number(p.value);
  return { year: o.year!, month: o.month!, day: o.day!, hour: o.hour!, minute: o.minute!, second: o.second! };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** BMP 0D and 0C values for an instant, in the terminal's zone. */
export function terminalDateTime(at: Date, timeZone: string): { date: string; time: string } {
  const w = wallClock(at, timeZone);
  return { date: `${pad(w.month)}${pad(w.day)}`, time: `${pad(w.hour)}${pad(w.minute)}${pad(w.second)}` };
}

/**
 * How many ms the terminal's date/time (MMDD, HHMMSS; no year) lies after `at`, both read in `timeZone`;
 * the year is the one that puts it nearest to `at`. undefined when the fields are malformed.
 */
export function msAfter(date: string, time: string, at: Date, timeZone: string): number | undefined {
  if (!/^\d{4}$/.test(date) || !/^\d{6}$/.test(time)) return undefined;
  const w = wallClock(at, timeZone);
  const base = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const [mo, d, h, mi, s] = [date.slice(0, 2), date.slice(2), time.slice(0, 2), time.slice(2, 4), time.slice(4)].map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const candidates = [w.year - 1, w.year, w.year + 1].map((y) => Date.UTC(y, mo - 1, d, h, mi, s) - base);
  return candidates.reduce((best, c) => (Math.abs(c) < Math.abs(best) ? c : best));
}
