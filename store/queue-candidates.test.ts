// Call next and the counter's list read a bounded set of candidates (issue 14) instead of the whole waiting
// list. The calling order must stay exactly the same: on random queues, the first N of the order ranked from
// the candidates equal the first N ranked from every waiting ticket, the old way, whatever the rule.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import fc from 'fast-check';
import { openJournal, type Db } from './db';
import { issueTicket, toWaiting, updateTicket, waitingCandidates, waitingTickets } from './queue';
import { rankWaiting, type OrderRule, type Priority } from '../domain/queue/order';
import { tempDir } from '../test/support/tmp';

let cleanup: () => void;
let db: Db;
beforeEach(() => {
  const t = tempDir('queue-candidates-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'j.sqlite'));
  db.pragma('synchronous = OFF'); // hundreds of small queues: the order is under test, not durability
});
afterEach(() => {
  db.close();
  cleanup();
});

const DAY = '2025-05-12';
const BASE = Date.parse('2025-05-12T07:00:00Z');
const MIN = 60_000;
const SERVICES = ['a', 'b', 'c'] as const;

// Coarse minutes on purpose: many equal arrivals and slots, so every tie-break is exercised.
const ticket = fc.record({
  service: fc.constantFrom(...SERVICES),
  appointment: fc.boolean(),
  slotMin: fc.integer({ min: -60, max: 120 }).map((m) => m - (m % 5)),
  arrivedMin: fc.integer({ min: 0, max: 90 }).map((m) => m - (m % 3)),
  priority: fc.constantFrom<Priority | null>(null, null, null, 'elderly', 'disabled', 'pregnant'),
  // Not every ticket still waits; some belong to another day or consulate.
  fate: fc.constantFrom('waiting', 'waiting', 'waiting', 'waiting', 'called', 'done', 'other-day', 'other-consulate'),
});
const rule: fc.Arbitrary<OrderRule> = fc.record({
  appointments: fc.record({ lateAfterMinutes: fc.constantFrom(0, 5, 15, 30), dueBeforeMinutes: fc.constantFrom(0, 5, 10) }),
  priority: fc.oneof(
    fc.record({ rule: fc.constant('ratio' as const), normalPerPriority: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ rule: fc.constant('ageing' as const), creditMinutes: fc.constantFrom(0, 6, 15, 60) }),
  ),
});

describe('waiting candidates: the calling order from a bounded read', () => {
  it('gives the same first N tickets, lanes and reasons as ranking the whole waiting list', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(ticket, { maxLength: 80, size: 'max' }),
        rule,
        fc.integer({ min: -10, max: 150 }),
        fc.subarray([...SERVICES], { minLength: 1 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        (tickets, order, nowMin, services, normalSince, limit) => {
          const consulate = `C${run++}`;
          // One outer transaction (issueTicket's own becomes a savepoint): one commit per queue.
          db.transaction(() =>
            tickets.forEach((t, i) => {
              const out = issueTicket(db, {
                consulate: t.fate === 'other-consulate' ? `${consulate}x` : consulate,
                businessDay: t.fate === 'other-day' ? '2025-05-11' : DAY,
                prefix: 'A',
                rule: { start: 1, end: 999, wrap: false, digits: 3 },
                service: t.service,
                kind: t.appointment ? 'appointment' : 'walk-in',
                slot: t.appointment ? new Date(BASE + t.slotMin * MIN) : null,
                priority: t.priority,
                persons: 1,
                lang: 'fr',
                at: new Date(BASE + t.arrivedMin * MIN),
                actor: 'test',
              });
              if (!out.ok) throw new Error(out.detail);
              if (t.fate === 'called') updateTicket(db, out.ticket.id, ['waiting'], { state: 'called', counter: `${consulate}-${i}` });
              if (t.fate === 'done') updateTicket(db, out.ticket.id, ['waiting'], { state: 'done' });
            }),
          )();
          const ctx = { now: BASE + nowMin * MIN, services: new Set(services), normalSinceLastPriority: normalSince };
          const shown = (rows: ReturnType<typeof waitingTickets>) =>
            rankWaiting(rows.map(toWaiting), order, ctx)
              .slice(0, limit)
              .map((r) => `${r.ticket.id} ${r.lane} ${r.reason}`);
          const old = shown(waitingTickets(db, consulate, DAY));
          expect(shown(waitingCandidates(db, consulate, DAY, services, limit, order))).toEqual(old);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('reads at most N per service and lane class, however long the list', () => {
    for (let i = 0; i < 200; i++)
      issueTicket(db, {
        consulate: 'FR-PAR',
        businessDay: DAY,
        prefix: 'A',
        rule: { start: 1, end: 999, wrap: false, digits: 3 },
        service: 'a',
        kind: 'walk-in',
        slot: null,
        priority: null,
        persons: 1,
        lang: 'fr',
        at: new Date(BASE + i * MIN),
        actor: 'test',
      });
    const order: OrderRule = { appointments: { lateAfterMinutes: 15, dueBeforeMinutes: 5 }, priority: { rule: 'ratio', normalPerPriority: 2 } };
    expect(waitingCandidates(db, 'FR-PAR', DAY, ['a'], 3, order)).toHaveLength(3);
  });
});
