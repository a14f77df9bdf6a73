import { describe, expect, it } from 'vitest';
import { instantsOf, terminalDateTime } from './clock';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('terminal clock fields', () => {
  it('writes the wall clock of the zone, not UTC', () => {
    const at = new Date('2025-01-15T23:30:05Z');
    expect(terminalDateTime(at, 'UTC')).toEqual({ date: '0115', time: '233005' });
    expect(terminalDateTime(at, 'Europe/Paris')).toEqual({ date: '0116', time: '003005' });
    expect(terminalDateTime(new Date('2025-06-01T00:00:00Z'), 'Africa/Casablanca')).toEqual({ date: '0601', time: '010000' });
  });

  it('reads them back to the instants they can stand for', () => {
    const near = new Date('2025-03-30T12:00:00Z');
    expect(iso(instantsOf('0330', '013000', near, 'Europe/Paris'))).toEqual(['2025-03-30T00:30:00.000Z']);
    expect(instantsOf('0330', '023000', near, 'Europe/Paris')).toEqual([]); // skipped when clocks go forward
    expect(iso(instantsOf('1026', '023000', new Date('2025-10-26T12:00:00Z'), 'Europe/Paris'))).toEqual([
      '2025-10-26T00:30:00.000Z',
      '2025-10-26T01:30:00.000Z',
    ]);
    // No year in the fields: 31 December read on 1 January is last year.
    expect(iso(instantsOf('1231', '235959', new Date('2026-01-01T00:00:10Z'), 'UTC'))).toEqual(['2025-12-31T23:59:59.000Z']);
    expect(instantsOf('0230', '120000', near, 'UTC')).toEqual([]);
    expect(instantsOf('1301', '120000', near, 'UTC')).toEqual([]);
    expect(instantsOf('01x1', '120000', near, 'UTC')).toEqual([]);
  });
});
