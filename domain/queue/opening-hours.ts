// When walk-in tickets may be issued (issue 18, item 1): a service's opening hours per weekday, the post's closed days
// (the host country's holidays and Morocco's, listed in the config), a last-ticket time, and no ticket whose expected
// wait would run past closing (less a margin). All in the consulate's wall-clock time (shared/wall-clock.ts gives it):
// a day's hours are local, and no instant arithmetic is needed. Appointments are not judged here: a visitor inside
// their booked window is always checked in.

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "08:30-12:30": one opening of a day, local time, start before end. */
export type Interval = string;

export interface DayHours {
  weekly: Partial<Record<Weekday, readonly Interval[]>>;
  /** "15:00": no walk-in ticket from this time on (local). */
  lastTicket?: string;
}

export interface OpeningHours extends DayHours {
  /** Minutes before closing by which a walk-in's expected wait must end. */
  waitMarginMinutes: number;
  closedDays: ReadonlyArray<{ date: string; name?: string }>;
  /** A service's own week and last ticket, instead of the post's. */
  services: Readonly<Record<string, Partial<DayHours>>>;
}

/** The consulate's wall clock now: its date ("2026-12-02") and minutes since midnight. */
export interface LocalNow {
  date: string;
  minutes: number;
}

export type ClosedReason = 'closed-day' | 'closed-now' | 'last-ticket' | 'wait-past-closing';

/** When issuing opens next: a local date and time, or null when nothing opens in the next four weeks. */
export type NextOpening = { date: string; time: string } | null;

export type IssuingVerdict =
  { open: true; closesAt: string } | { open: false; reason: ClosedReason; next: NextOpening; closedDayName?: string; closesAt?: string };

export function minutesOf(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`"${hhmm}" is not a time of day as HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** [start, end) in minutes, or a RangeError naming what is wrong. */
export function parseInterval(i: Interval): [number, number] {
  const m = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(i);
  if (!m) throw new RangeError(`"${i}" is not an opening as HH:MM-HH:MM, e.g. "08:30-12:30"`);
  const [start, end] = [minutesOf(m[1]!), minutesOf(m[2]!)];
  if (start >= end) throw new RangeError(`"${i}" ends before it starts`);
  return [start, end];
}

export function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function hoursFor(h: OpeningHours, service: string): DayHours {
  const own = h.services[service];
  return { weekly: own?.weekly ?? h.weekly, ...((own?.lastTicket ?? h.lastTicket) ? { lastTicket: own?.lastTicket ?? h.lastTicket } : {}) };
}

/** The day's openings for the service, sorted; none on a closed day. */
function openings(h: OpeningHours, week: DayHours, date: string): Array<[number, number]> {
  if (h.closedDays.some((c) => c.date === date)) return [];
  return (week.weekly[weekdayOf(date)] ?? []).map(parseInterval).sort((a, b) => a[0] - b[0]);
}

/** The first opening at or after `fromMinutes` on `date`, else on the following days (up to four weeks). */
function nextOpening(h: OpeningHours, week: DayHours, date: string, fromMinutes: number): NextOpening {
  for (let n = 0; n <= 28; n++) {
    const day = addDays(date, n);
    const last = week.lastTicket !== undefined ? minutesOf(week.lastTicket) : Infinity;
    const start = openings(h, week, day).find(([s, e]) => (n > 0 || s >= fromMinutes) && s < Math.min(e, last));
    if (start) return { date: day, time: hhmm(start[0]) };
  }
  return null;
}

/**
 * May a walk-in ticket for `service` be issued now, with `expectedWaitMinutes` people's worth of wait ahead? When
 * not, why, and when issuing opens next (for the kiosk to say before anyone pays).
 */
export function walkInIssuing(h: OpeningHours, service: string, now: LocalNow, expectedWaitMinutes: number): IssuingVerdict {
  const week = hoursFor(h, service);
  const closedDay = h.closedDays.find((c) => c.date === now.date);
  if (closedDay)
    return { open: false, reason: 'closed-day', next: nextOpening(h, week, now.date, 24 * 60), ...(closedDay.name ? { closedDayName: closedDay.name } : {}) };
  const today = openings(h, week, now.date);
  const current = today.find(([s, e]) => s <= now.minutes && now.minutes < e);
  if (!current) return { open: false, reason: 'closed-now', next: nextOpening(h, week, now.date, now.minutes) };
  const closes = today[today.length - 1]![1];
  const closesAt = hhmm(closes);
  if (week.lastTicket !== undefined && now.minutes >= minutesOf(week.lastTicket))
    return { open: false, reason: 'last-ticket', next: nextOpening(h, week, now.date, 24 * 60), closesAt };
  // The breaks still ahead today add to the wait: counters do not serve during them.
  const breaks = today.slice(1).reduce((sum, [s], i) => (s > now.minutes ? sum + (s - today[i]![1]) : sum), 0);
  if (now.minutes + expectedWaitMinutes + breaks > closes - h.waitMarginMinutes)
    return { open: false, reason: 'wait-past-closing', next: nextOpening(h, week, now.date, 24 * 60), closesAt };
  return { open: true, closesAt };
}
