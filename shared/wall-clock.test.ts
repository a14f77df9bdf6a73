import { describe, expect, it } from 'vitest';
import { isTimeZone, wallClock } from './wall-clock';

describe('wallClock', () => {
  it('reads the zone, daylight saving time included, with midnight as hour 0', () => {
    expect(wallClock(new Date('2025-07-14T22:00:00Z'), 'Europe/Paris')).toEqual({ year: 2025, month: 7, day: 15, hour: 0, minute: 0, second: 0 });
    expect(wallClock(new Date('2025-01-14T22:59:30Z'), 'Europe/Paris')).toEqual({ year: 2025, month: 1, day: 14, hour: 23, minute: 59, second: 30 });
    expect(wallClock(new Date('2025-12-31T20:00:00Z'), 'Asia/Dubai')).toMatchObject({ year: 2026, month: 1, day: 1, hour: 0 });
  });

  it('knows real zones only', () => {
    expect(isTimeZone('Africa/Casablanca')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(() => wallClock(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});
