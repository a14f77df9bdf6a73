// Counting the journal's events up to one of them (the anchor at each start, a backup's check) reads a covering index,
// never the events table itself with every payload (issue 14: 110–370 ms a count for a year's 400,000 events).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { appendEvent, eventCountUpTo } from './events';
import { tempDir } from '../test/support/tmp';

let cleanup: () => void;
let db: Db;
let prepared: string[];
beforeEach(() => {
  const t = tempDir('event-count-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'j.sqlite'));
  prepared = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as Db['prepare'];
});
afterEach(() => {
  db.close();
  cleanup();
});

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
    const sql = prepared.find((s) => /count\(\*\)/i.test(s) && /FROM events/i.test(s))!;
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as Array<{ detail: string }>).map((p) => p.detail).join(' | ');
    expect(plan).toMatch(/USING COVERING INDEX/);
  });
});
