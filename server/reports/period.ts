// Business days are calendar dates at the consulate (its IANA zone), so their bounds in UTC move with
// daylight saving time: 23, 24 or 25 hours. Never add a fixed offset.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const parts = new Map<string, Intl.DateTimeFormat>();

function fmt(timeZone: string): Intl.DateTimeFormat {
  let f = parts.get(timeZone);
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
    parts.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields at `timeZone` for an instant. */
export function wallClock(at: Date, timeZone: string): { y: number; m: number; d: number; hour: number; minute: number; second: number } {
  const o: Record<string, number> = {};
  for (const p of fmt(timeZone).formatToParts(at)) if (p.type !== 'literal') o[p.type] = Number(p.value);
  return { y: o.year!, m: o.month!, d: o.day!, hour: o.hour! % 24, minute: o.minute!, second: o.second! };
}

/** "2025-03-30" at `timeZone` for an instant. */
export function dayAt(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${String(w.y).padStart(4, '0')}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

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
    const shown = Date.UTC(w.y, w.m - 1, w.d, w.hour, w.minute, w.second);
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
