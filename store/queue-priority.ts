// A staff member's word on a ticket's priority (issue 18 item 3, migration 026): the rule is domain/queue/
// priority.ts; here the change and its journal event (`queue.ticket.priority`, with who and what was decided) are one
// BEGIN IMMEDIATE transaction. A waiting ticket's new priority places it in the calling order at once.
import type { Db } from './db-type';
import { prepared } from './statements';
import { appendTicketEvent, getTicket, inImmediate, OPEN_STATES, updateTicket, type TicketRow } from './queue';
import { decidePriority, type PriorityDecision } from '../domain/queue/priority';
import type { Fail } from '../shared/result';

export type PriorityOutcome =
  { ok: true; ticket: TicketRow; eventId: number } | Fail<'not-found' | 'wrong-state' | 'no-request' | 'no-priority' | 'stale', { detail: string }>;

export function decideTicketPriority(db: Db, p: { ticketId: string; decision: PriorityDecision; by: string; counter?: string; at: Date }): PriorityOutcome {
  return inImmediate(db, (): PriorityOutcome => {
    const t = getTicket(db, p.ticketId);
    if (!t) return { ok: false, reason: 'not-found', detail: `no ticket ${p.ticketId}` };
    const d = decidePriority({ label: t.label, state: t.state, priority: t.priority, priorityRequest: t.priority_request }, p.decision);
    if (!d.ok) return d;
    if (!updateTicket(db, t.id, OPEN_STATES, { priority: d.priority, priority_request: d.request, priority_by: d.priority ? p.by : null }))
      return { ok: false, reason: 'stale', detail: `${t.label} was changed meanwhile; the list was refreshed` };
    const eventId = appendTicketEvent(db, {
      ticketId: t.id,
      kind: 'priority',
      at: p.at,
      service: t.service,
      counter: p.counter ?? null,
      actor: p.by,
      detail: { label: t.label, decision: d.outcome, priority: d.priority, requested: t.priority_request, before: t.priority },
    });
    return { ok: true, ticket: getTicket(db, t.id)!, eventId };
  });
}

/** The day's waiting tickets of these services whose priority request waits for staff, oldest first. */
export function pendingPriorityRequests(db: Db, consulate: string, businessDay: string, services: readonly string[]): TicketRow[] {
  const q = prepared(
    db,
    `SELECT * FROM queue_tickets INDEXED BY queue_tickets_priority_requests
     WHERE consulate = ? AND business_day = ? AND service = ? AND state = 'waiting' AND priority_request IS NOT NULL ORDER BY arrived_at, seq`,
  );
  return [...new Set(services)]
    .flatMap((s) => q.all(consulate, businessDay, s) as TicketRow[])
    .sort((a, b) => a.arrived_at.localeCompare(b.arrived_at) || a.seq - b.seq);
}
