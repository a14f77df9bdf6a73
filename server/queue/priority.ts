// The counter's word on priority (issue 18 item 3): confirm or decline a visitor's request made at the kiosk, flag a
// ticket as priority or take it off. The rules are domain/queue/priority.ts, the change store/queue-priority.ts.
import * as prio from '../../store/queue-priority';
import type { Db } from '../../store/db';
import type { TicketRow } from '../../store/queue';
import type { PriorityDecision } from '../../domain/queue/priority';
import type { CounterInfo, PriorityRequestEntry, Ticket } from '../../shared/queue-api';
import type { Fail } from '../../shared/result';

export interface PriorityContext {
  db: Db;
  now: () => Date;
  consulate: string;
  day: (at: Date) => string;
  counter: (id: string) => CounterInfo | undefined;
  toTicket: (r: TicketRow) => Ticket;
  changed: () => void;
}

type Answer = { ok: true; ticket: Ticket } | Fail<'unknown-counter' | 'not-found' | 'wrong-state' | 'stale' | 'invalid', { detail: string }>;

export function decidePriorityAt(c: PriorityContext, counterId: string, actor: { id: string }, ticketId: string, decision: PriorityDecision): Answer {
  if (!c.counter(counterId)) return { ok: false, reason: 'unknown-counter', detail: `there is no counter "${counterId}"` };
  const at = c.now();
  c.day(at);
  const out = prio.decideTicketPriority(c.db, { ticketId, decision, by: actor.id, counter: counterId, at });
  if (!out.ok) {
    // Nothing to decide is a refusal of the request as sent (400); a closed or vanished ticket, the queue's usual ones.
    const reason = out.reason === 'no-request' || out.reason === 'no-priority' ? 'invalid' : out.reason;
    return { ok: false, reason, detail: out.detail ?? out.reason };
  }
  c.changed();
  return { ok: true, ticket: c.toTicket(out.ticket) };
}

/** The requests waiting for a staff member's word among the counter's services, for its console. */
export function priorityRequestList(c: PriorityContext, counter: CounterInfo, at: Date): PriorityRequestEntry[] {
  return prio.pendingPriorityRequests(c.db, c.consulate, c.day(at), counter.services).map((r) => ({
    ticket: c.toTicket(r),
    waitingMinutes: Math.max(0, Math.floor((at.getTime() - Date.parse(r.arrived_at)) / 60_000)),
  }));
}
