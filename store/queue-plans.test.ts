// The hot queue queries, as store/queue.ts prepares them, must read through their indexes: a plan that scans
// grows with the waiting list or the journal (issue 14). The SQL is captured from the store functions
// themselves, so these tests follow any change to it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { issueTicket, recentCalls, waitingCandidates, waitingCount, waitingCounts, waitingTickets, type IssueInput } from './queue';
import { DEFAULT_ORDER } from '../domain/queue/order';
import { sqlWatchedJournal } from '../test/support/journal';

let j: ReturnType<typeof sqlWatchedJournal>;
let db: Db;
let planOf: (pick: RegExp) => string;
beforeEach(() => {
  j = sqlWatchedJournal('queue-plans-');
  ({ db, planOf } = j);
});
afterEach(() => j.close());

const input = (over: Partial<IssueInput> = {}): IssueInput => ({
  consulate: 'FR-PAR',
  businessDay: '2025-05-12',
  prefix: 'A',
  rule: { start: 1, end: 2, wrap: true, digits: 3 },
  service: 'registration',
  kind: 'walk-in',
  slot: null,
  priority: null,
  persons: 1,
  lang: 'fr',
  at: new Date('2025-05-12T07:00:00Z'),
  actor: 'test',
  ...over,
});

describe('queue query plans', () => {
  it('"is this number still held?" seeks the open tickets of the prefix through queue_tickets_held', () => {
    for (let i = 0; i < 2; i++) issueTicket(db, input());
    expect(issueTicket(db, input())).toMatchObject({ ok: false, reason: 'exhausted' }); // wrapped: asked for both numbers
    expect(planOf(/SELECT 1 FROM queue_tickets/)).toMatch(
      /^SEARCH queue_tickets USING INDEX queue_tickets_held \(consulate=\? AND business_day=\? AND prefix=\? AND number=\?\)$/,
    );
  });

  it('the waiting counts of the board and of a new ticket read one row per service, not the waiting list', () => {
    waitingCounts(db, 'FR-PAR', '2025-05-12');
    waitingCount(db, 'FR-PAR', '2025-05-12', 'registration');
    expect(planOf(/FROM queue_waiting WHERE consulate = \? AND business_day = \?$/)).toMatch(
      /^SEARCH queue_waiting USING PRIMARY KEY \(consulate=\? AND business_day=\?\)$/,
    );
    expect(planOf(/FROM queue_waiting WHERE .* AND service = \?/)).toMatch(
      /^SEARCH queue_waiting USING PRIMARY KEY \(consulate=\? AND business_day=\? AND service=\?\)$/,
    );
  });

  it("the board's last calls read the history backwards, newest first, without sorting it", () => {
    recentCalls(db, 8);
    for (const kind of ['called', 'recalled']) {
      const plan = planOf(new RegExp(`FROM queue_ticket_events e JOIN queue_tickets .* e.kind = '${kind}'`, 's'));
      expect(plan).toMatch(/SEARCH e USING INDEX queue_ticket_events_kind \(kind=\?\)/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('the waiting list (call next, the counter screen) reads only waiting tickets, through the lane index (migration 020)', () => {
    waitingTickets(db, 'FR-PAR', '2025-05-12');
    expect(planOf(/state = 'waiting'/)).toMatch(/^SEARCH queue_tickets USING INDEX queue_tickets_lane \(consulate=\? AND business_day=\?\)$/);
  });

  it('call next and the counter list read their candidates in calling order through the lane indexes, without sorting', () => {
    waitingCandidates(db, 'FR-PAR', '2025-05-12', ['registration', 'passport'], 5, DEFAULT_ORDER);
    const bySlot = planOf(/ORDER BY slot/);
    expect(bySlot).toMatch(/^SEARCH queue_tickets USING INDEX queue_tickets_slot \(consulate=\? AND business_day=\? AND service=\?\)$/);
    const lane = /^SEARCH queue_tickets USING INDEX queue_tickets_lane \(consulate=\? AND business_day=\? AND service=\? AND kind=\? AND priority=\?\)$/;
    expect(planOf(/kind = 'walk-in' AND priority IS \?/)).toMatch(lane);
    expect(planOf(/kind = 'appointment' AND priority IS \?/)).toMatch(lane);
  });
});
