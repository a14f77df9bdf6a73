// Counting the journal's events up to one of them (the anchor at each start, a backup's check) reads a covering index,
// never the events table itself with every payload (issue 14: 96 ms a count for a year's 400,000 events, 9.6 ms on the index: npm run bench journal).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { appendEvent, eventCountUpTo } from './events';
import { sqlWatchedJournal } from '../test/support/journal';

let j: ReturnType<typeof sqlWatchedJournal>;
let db: Db;
beforeEach(() => {
  j = sqlWatchedJournal('event-count-');
  db = j.db;
});
afterEach(() => j.close());

describe('counting the events up to one of them', () => {
  it('gives the count for every id, the ones past the head included', () => {
    const ids = Array.from({ length: 30 }, (_, i) =>
      appendEvent(db, { kind: i % 3 ? 'print.sent' : 'device.status', subject: i % 2 ? `job-${i}` : null, payload: { i } }),
    );
    const first = ids[0]!;
    expect(eventCountUpTo(db, first - 1)).toBe(0);
    for (const [k, id] of ids.entries()) expect(eventCountUpTo(db, id)).toBe(k + 1);
    expect(eventCountUpTo(db, ids.at(-1)! + 100)).toBe(30);
  });

  it('reads a covering index, not the table', () => {
    eventCountUpTo(db, 1);
    expect(j.planOf(/count\(\*\).* FROM events/i)).toMatch(/USING COVERING INDEX/);
  });
});
