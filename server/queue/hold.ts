// The counter's "Hold" and "Recall" of a parked ticket (issue 18 item 7): the rules are the store's
// (store/queue-hold.ts); here the counter is checked, the answer shaped for the console and the pages poked.
import * as holds from '../../store/queue-hold';
import type { Db } from '../../store/db';
import type { TicketRow } from '../../store/queue';
import type { CounterInfo, HeldEntry, Ticket } from '../../shared/queue-api';
import type { Fail } from '../../shared/result';

/** What the hold actions need of the queue service. */
export interface HoldContext {
  db: Db;
  now: () => Date;
  counter: (id: string) => CounterInfo | undefined;
  toTicket: (r: TicketRow) => Ticket;
  /** The day roll (tickets of earlier days expire) before any action, as every counter action does. */
  rollDay: (at: Date) => void;
  changed: () => void;
}

type Answer = { ok: true; ticket: Ticket } | Fail<holds.HoldFailure['reason'] | 'unknown-counter', { detail: string }>;

function run(c: HoldContext, counterId: string, act: (at: Date) => holds.HoldOutcome): Answer {
  if (!c.counter(counterId)) return { ok: false, reason: 'unknown-counter', detail: `there is no counter "${counterId}"` };
  const at = c.now();
  c.rollDay(at);
  const out = act(at);
  if (!out.ok) return { ok: false, reason: out.reason, detail: out.detail ?? out.reason };
  c.changed();
  return { ok: true, ticket: c.toTicket(out.ticket) };
}

export function holdAtCounter(c: HoldContext, counterId: string, actor: { id: string }, reason: string, ticketId?: string): Answer {
  return run(c, counterId, (at) => holds.holdTicket(c.db, { counter: counterId, by: actor.id, reason, at, ...(ticketId !== undefined ? { ticketId } : {}) }));
}

export function recallHeld(c: HoldContext, counterId: string, actor: { id: string }, ticketId: string): Answer {
  return run(c, counterId, (at) => holds.recallHeldTicket(c.db, { counter: counterId, ticketId, by: actor.id, at }));
}

/** The counter's parked tickets for its console, oldest first, with how long each has been away. */
export function heldList(c: Pick<HoldContext, 'db' | 'toTicket'>, counterId: string, at: Date): HeldEntry[] {
  return holds.heldAtCounter(c.db, counterId).map((r) => ({
    ticket: c.toTicket(r),
    heldAt: r.held_at!,
    heldBy: r.held_by!,
    reason: r.hold_reason!,
    heldMinutes: Math.max(0, Math.floor((at.getTime() - Date.parse(r.held_at!)) / 60_000)),
  }));
}
