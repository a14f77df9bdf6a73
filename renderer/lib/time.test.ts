import { afterEach, describe, expect, it } from 'vitest';
import { dateTime, logTime, setConsulateTimeZone, timeOnly } from './time';

afterEach(() => setConsulateTimeZone('UTC'));

describe('staff times', () => {
  it('read in the consulate zone and the fr-FR convention, whatever the runtime locale', () => {
    setConsulateTimeZone('Europe/Paris');
    expect(dateTime('2026-03-03T08:05:09.123Z')).toBe('03/03/2026 09:05:09');
    expect(timeOnly('2026-07-03T22:05:09Z')).toBe('00:05:09');
    expect(logTime('2026-12-02T11:45:00.042Z')).toBe('12:45:00,042');
    setConsulateTimeZone('Africa/Casablanca');
    expect(dateTime('2026-12-31T23:30:00Z')).toBe('01/01/2027 00:30:00'); // UTC+1: the business day has turned
  });

  it('shows a value it cannot read as it is', () => {
    expect(dateTime('not a date')).toBe('not a date');
  });
});
