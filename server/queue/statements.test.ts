// The queue's statements must stay prepared once (issue 14, CPU per visit when counters call). SQLite (3.53, the one
// better-sqlite3 bundles) marks a statement for preparing again at every new binding of a parameter its planner
// looked at: a bound LIMIT (sqlite3ExprIsInteger reads the value) and a parameter compared with a partial index's
// WHERE, e.g. `kind = ?` against queue_tickets_slot's `kind = 'appointment'` (exprCompareVariable). Each such run
// compiled the statement again: 13 of them per call next, ≈ 80 µs of CPU each. Counted here on the SQL texts the
// store really prepares for issuing, calling, finishing, the board and the counter screen.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Db } from '../../store/db';
import { QueueConfig } from './config';
import { QueueService } from './service';
import { sqlWatchedJournal } from '../../test/support/journal';

let j: ReturnType<typeof sqlWatchedJournal>;
let db: Db;
let prepared: string[];
beforeEach(() => {
  j = sqlWatchedJournal('queue-statements-');
  ({ db, prepared } = j);
});
afterEach(() => j.close());

/**
 * Parameters SQLite's planner reads the value of: a bound LIMIT/OFFSET, or a ticket's kind (queue_tickets_slot's WHERE
 * names it). updateTicket's bound states are not among them: its id seek is chosen without weighing the partial indexes.
 */
const REPLANNED = [/\bLIMIT\s+\?/i, /\bOFFSET\s+\?/i, /\bkind\s*(=|IS)\s*[?@]/i];

it('issuing, calling, finishing, the board and the counter screen prepare no statement SQLite would compile again at each run', () => {
  const q = new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    services: [
      { code: 'registration', prefix: 'A', name: {} },
      { code: 'passport', prefix: 'C', name: {} },
    ],
    kioskId: 'K1',
    config: QueueConfig.parse({
      counters: [{ id: '1', services: ['registration', 'passport'] }],
      order: { priority: { rule: 'ratio', normalPerPriority: 2 } },
    }),
  });
  const slot = new Date(Date.now() - 60 * 60_000).toISOString(); // an appointment an hour late: the late-appointment read runs too
  for (const t of [
    { service: 'registration', kind: 'walk-in' as const, persons: 1, lang: 'fr' },
    { service: 'passport', kind: 'walk-in' as const, priority: 'elderly' as const, persons: 1, lang: 'fr' },
    { service: 'passport', kind: 'appointment' as const, slot, persons: 1, lang: 'fr' },
  ])
    expect(q.issueTicket(t).ok).toBe(true);
  for (let i = 0; i < 3; i++) {
    expect(q.callNext('1', { id: 'amina' })).toMatchObject({ ok: true });
    expect(q.start('1', { id: 'amina' }).ok).toBe(true);
    expect(q.finish('1', { id: 'amina' }).ok).toBe(true);
  }
  q.boardView();
  expect(q.counterView('1', { id: 'amina', name: 'Amina', role: 'staff' }).ok).toBe(true);
  expect(prepared.length).toBeGreaterThan(10);
  const replanned = [...new Set(prepared)].filter((sql) => REPLANNED.some((re) => re.test(sql)));
  expect(replanned, 'write the value into the SQL text (it is one of a few) instead of binding it').toEqual([]);
});
