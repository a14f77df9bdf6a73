import { describe, expect, it } from 'vitest';
import { parseInterval, walkInIssuing, weekdayOf, type OpeningHours } from './opening-hours';

const weekdays = ['08:30-12:30', '13:30-15:30'];
const hours: OpeningHours = {
  weekly: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: ['08:30-12:30'] },
  lastTicket: '15:00',
  waitMarginMinutes: 15,
  closedDays: [
    { date: '2026-12-08', name: 'Fête de l’Indépendance (exemple)' },
    { date: '2026-12-25', name: 'Noël' },
  ],
  services: { passport: { weekly: { mon: ['09:00-11:00'], wed: ['09:00-11:00'] }, lastTicket: '10:30' } },
};
const at = (date: string, time: string) => ({ date, minutes: Number(time.slice(0, 2)) * 60 + Number(time.slice(3)) });

describe('when walk-in tickets are issued', () => {
  it('knows the weekday of a local date', () => {
    expect(['2026-12-02', '2026-12-05', '2026-12-07'].map(weekdayOf)).toEqual(['wed', 'sat', 'mon']);
  });

  it('issues inside an opening and says when the day closes', () => {
    expect(walkInIssuing(hours, 'registration', at('2026-12-02', '10:00'), 20)).toEqual({ open: true, closesAt: '15:30' });
  });

  it('over lunch, says the afternoon opening of the same day', () => {
    expect(walkInIssuing(hours, 'registration', at('2026-12-02', '12:45'), 0)).toEqual({
      open: false,
      reason: 'closed-now',
      next: { date: '2026-12-02', time: '13:30' },
    });
  });

  it('before the doors open, says this morning; after closing on Friday, Monday morning', () => {
    expect(walkInIssuing(hours, 'registration', at('2026-12-02', '07:10'), 0)).toMatchObject({
      reason: 'closed-now',
      next: { date: '2026-12-02', time: '08:30' },
    });
    expect(walkInIssuing(hours, 'registration', at('2026-12-04', '12:31'), 0)).toMatchObject({
      reason: 'closed-now',
      next: { date: '2026-12-07', time: '08:30' },
    });
    expect(walkInIssuing(hours, 'registration', at('2026-12-05', '10:00'), 0)).toMatchObject({
      reason: 'closed-now',
      next: { date: '2026-12-07', time: '08:30' },
    });
  });

  it('on a closed day, names it and skips it for the next opening', () => {
    expect(walkInIssuing(hours, 'registration', at('2026-12-08', '10:00'), 0)).toEqual({
      open: false,
      reason: 'closed-day',
      next: { date: '2026-12-09', time: '08:30' },
      closedDayName: 'Fête de l’Indépendance (exemple)',
    });
    // The day before a holiday, after the last ticket: the day after the holiday.
    expect(walkInIssuing(hours, 'registration', at('2026-12-07', '15:10'), 0)).toMatchObject({
      reason: 'last-ticket',
      next: { date: '2026-12-09', time: '08:30' },
    });
  });

  it('stops at the last ticket even while the counters are open', () => {
    expect(walkInIssuing(hours, 'registration', at('2026-12-02', '15:00'), 0)).toEqual({
      open: false,
      reason: 'last-ticket',
      next: { date: '2026-12-03', time: '08:30' },
      closesAt: '15:30',
    });
  });

  it('refuses a ticket whose expected wait runs past closing less the margin, counting the breaks still ahead', () => {
    // 14:40 + 20 min = 15:00 ≤ 15:15: issued; 14:40 + 40 = 15:20 > 15:15: told to come back.
    expect(walkInIssuing(hours, 'registration', at('2026-12-02', '14:40'), 20).open).toBe(true);
    expect(walkInIssuing(hours, 'registration', at('2026-12-02', '14:40'), 40)).toMatchObject({ open: false, reason: 'wait-past-closing', closesAt: '15:30' });
    // At 11:00 a wait of 200 min ends at 14:20 of counter time, 15:20 with the lunch hour: past 15:15.
    expect(walkInIssuing(hours, 'registration', at('2026-12-02', '11:00'), 200)).toMatchObject({ reason: 'wait-past-closing' });
    expect(walkInIssuing(hours, 'registration', at('2026-12-02', '11:00'), 170).open).toBe(true);
  });

  it("uses a service's own week and last ticket", () => {
    expect(walkInIssuing(hours, 'passport', at('2026-12-02', '10:00'), 0)).toEqual({ open: true, closesAt: '11:00' });
    expect(walkInIssuing(hours, 'passport', at('2026-12-02', '10:40'), 0)).toMatchObject({
      reason: 'last-ticket',
      next: { date: '2026-12-07', time: '09:00' },
    });
    expect(walkInIssuing(hours, 'passport', at('2026-12-03', '10:00'), 0)).toMatchObject({ reason: 'closed-now', next: { date: '2026-12-07', time: '09:00' } });
  });

  it('says no next opening when none comes within four weeks', () => {
    const never: OpeningHours = { weekly: {}, waitMarginMinutes: 0, closedDays: [], services: {} };
    expect(walkInIssuing(never, 'registration', at('2026-12-02', '10:00'), 0)).toEqual({ open: false, reason: 'closed-now', next: null });
  });

  it('refuses openings that are not HH:MM-HH:MM, with what to write', () => {
    expect(() => parseInterval('8:30-12:30')).toThrow('"8:30-12:30" is not an opening as HH:MM-HH:MM');
    expect(() => parseInterval('08:30-24:00')).toThrow('"24:00" is not a time of day as HH:MM');
    expect(() => parseInterval('12:30-08:30')).toThrow('ends before it starts');
    expect(() => parseInterval('08:30 to 12:30')).toThrow('e.g. "08:30-12:30"');
  });
});
