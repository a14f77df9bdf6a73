import { describe, expect, it, vi } from 'vitest';
import { businessDay, isTimeZone } from './business-day';
import { wallClock } from '../../shared/wall-clock';

describe('businessDay (consulate time zone, via Intl)', () => {
  it('Paris: a minute either side of local midnight in winter (UTC+1)', () => {
    expect(businessDay(new Date('2025-01-14T22:59:00Z'), 'Europe/Paris')).toBe('2025-01-14');
    expect(businessDay(new Date('2025-01-14T23:00:00Z'), 'Europe/Paris')).toBe('2025-01-15');
  });
  it('Paris: local midnight in summer is 22:00 UTC (UTC+2)', () => {
    expect(businessDay(new Date('2025-07-14T21:59:59Z'), 'Europe/Paris')).toBe('2025-07-14');
    expect(businessDay(new Date('2025-07-14T22:00:00Z'), 'Europe/Paris')).toBe('2025-07-15');
  });
  it('Paris: the spring-forward night (30 March 2025, 02:00 → 03:00) stays one day', () => {
    expect(businessDay(new Date('2025-03-29T23:30:00Z'), 'Europe/Paris')).toBe('2025-03-30'); // 00:30 CET
    expect(businessDay(new Date('2025-03-30T00:59:00Z'), 'Europe/Paris')).toBe('2025-03-30'); // 01:59 CET
    expect(businessDay(new Date('2025-03-30T01:00:00Z'), 'Europe/Paris')).toBe('2025-03-30'); // 03:00 CEST
    expect(businessDay(new Date('2025-03-30T21:59:00Z'), 'Europe/Paris')).toBe('2025-03-30'); // 23:59 CEST
    expect(businessDay(new Date('2025-03-30T22:00:00Z'), 'Europe/Paris')).toBe('2025-03-31');
  });
  it('Paris: the fall-back night (26 October 2025) — the repeated hour is still the same day', () => {
    expect(businessDay(new Date('2025-10-26T00:30:00Z'), 'Europe/Paris')).toBe('2025-10-26'); // 02:30 CEST
    expect(businessDay(new Date('2025-10-26T01:30:00Z'), 'Europe/Paris')).toBe('2025-10-26'); // 02:30 CET again
    expect(businessDay(new Date('2025-10-26T22:59:00Z'), 'Europe/Paris')).toBe('2025-10-26');
    expect(businessDay(new Date('2025-10-26T23:00:00Z'), 'Europe/Paris')).toBe('2025-10-27');
  });
  it('New York: 8 PM local is already the next day in UTC, not in the consulate', () => {
    expect(businessDay(new Date('2025-03-10T00:30:00Z'), 'America/New_York')).toBe('2025-03-09'); // 20:30 EDT
    expect(businessDay(new Date('2025-03-09T04:59:00Z'), 'America/New_York')).toBe('2025-03-08'); // 23:59 EST
    expect(businessDay(new Date('2025-03-09T05:00:00Z'), 'America/New_York')).toBe('2025-03-09');
    // DST ends 2 Nov 2025: midnight is 04:00Z before, 05:00Z after
    expect(businessDay(new Date('2025-11-02T03:59:00Z'), 'America/New_York')).toBe('2025-11-01');
    expect(businessDay(new Date('2025-11-02T04:00:00Z'), 'America/New_York')).toBe('2025-11-02');
    expect(businessDay(new Date('2025-11-03T04:59:00Z'), 'America/New_York')).toBe('2025-11-02');
    expect(businessDay(new Date('2025-11-03T05:00:00Z'), 'America/New_York')).toBe('2025-11-03');
  });
  it('Dubai: no DST, UTC+4 all year; local midnight is 20:00 UTC the day before', () => {
    expect(businessDay(new Date('2025-06-30T19:59:00Z'), 'Asia/Dubai')).toBe('2025-06-30');
    expect(businessDay(new Date('2025-06-30T20:00:00Z'), 'Asia/Dubai')).toBe('2025-07-01');
    expect(businessDay(new Date('2025-12-31T20:00:00Z'), 'Asia/Dubai')).toBe('2026-01-01');
  });
  it('does not depend on the process time zone', () => {
    const at = new Date('2025-01-14T23:30:00Z');
    expect(businessDay(at, 'Europe/Paris')).toBe('2025-01-15');
    expect(businessDay(at, 'America/New_York')).toBe('2025-01-14');
  });
  it('recognises zone names', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('reads Intl once per minute of a zone, not once per ticket', () => {
    const parts = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const t0 = Date.UTC(2026, 5, 1, 9, 30, 0);
      for (let i = 0; i < 100; i++) businessDay(new Date(t0 + i * 1_000), 'Africa/Casablanca');
      expect(parts).toHaveBeenCalledTimes(2); // 09:30 and 09:31
    } finally {
      parts.mockRestore();
    }
  });

  it('gives the date Intl gives, every 5 s across local midnight and DST changes, in every zone', () => {
    const direct = (at: Date, zone: string) => {
      const w = wallClock(at, zone);
      return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
    };
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      // The instant of local midnight on two days either side of the northern and southern DST changes.
      for (const utcNoon of [Date.UTC(2026, 2, 29, 12), Date.UTC(2026, 9, 4, 12), Date.UTC(2026, 9, 25, 12), Date.UTC(2027, 3, 4, 12)]) {
        const local = wallClock(new Date(utcNoon), zone);
        const offsetMs = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - utcNoon;
        const midnight = Date.UTC(local.year, local.month - 1, local.day + 1) - offsetMs;
        for (let ms = midnight - 60_000; ms <= midnight + 60_000; ms += 5_000) {
          const at = new Date(ms);
          expect(businessDay(at, zone), `${zone} ${at.toISOString()}`).toBe(direct(at, zone));
        }
      }
    }
  });
});
