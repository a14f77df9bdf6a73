import { describe, expect, it } from 'vitest';
import { opsOf } from './ops';

const stream = { postId: 'FR-PAR', origin: 'post' };
const at = new Date('2026-12-02T10:00:00Z');

describe("the central projections' reading of queue events", () => {
  it('takes a cancelled ticket off the waiting (a supervisor cancel, a visit refunded in full)', () => {
    const ops = opsOf(stream, {
      id: 7,
      at,
      kind: 'queue.ticket.cancelled',
      subject: 'FR-PAR/2026-12-02/A/7',
      payload: JSON.stringify({ service: 'passport', reason: 'refunded in full', by: 'karim' }),
    });
    expect(ops).toEqual([{ op: 'ticket-state', ticketId: 'FR-PAR/2026-12-02/A/7', at, state: 'cancelled' }]);
  });

  it('puts a no-show a supervisor reopened back among the waiting', () => {
    const ops = opsOf(stream, {
      id: 8,
      at,
      kind: 'queue.ticket.reopened',
      subject: 'FR-PAR/2026-12-02/A/8',
      payload: JSON.stringify({ service: 'passport', actor: 'sofia', from: 'no-show' }),
    });
    expect(ops).toEqual([{ op: 'ticket-state', ticketId: 'FR-PAR/2026-12-02/A/8', at, state: 'waiting' }]);
  });
});
