import { describe, expect, it } from 'vitest';
import { isTimeZone } from './time-zone';

/** What the config accepted before isTimeZone: any name Intl.DateTimeFormat takes. */
function formatterTakes(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

describe('isTimeZone', () => {
  it('accepts exactly the names Intl.DateTimeFormat accepts: canonical zones, aliases, other letter cases', () => {
    const names = [
      ...Intl.supportedValuesOf('timeZone'),
      ...['UTC', 'utc', 'Etc/UTC', 'GMT', 'Etc/GMT+5', 'US/Eastern', 'Asia/Calcutta', 'europe/paris', 'EUROPE/PARIS'],
      ...['Europe/Pariss', 'Paris', '+01:00', 'CET ', '', 'Europe/Paris\n', 'Etc/Unknown'],
    ];
    const disagree = names.filter((n) => isTimeZone(n) !== formatterTakes(n));
    expect(disagree).toEqual([]);
    expect(isTimeZone('Europe/Pariss')).toBe(false);
    expect(isTimeZone('UTC')).toBe(true);
  });
});
