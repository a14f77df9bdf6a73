// Parking a ticket (issue 18 item 7, migration 026): an agent sends the visitor at the counter to fetch a document
// and calls the same number back to that counter later. Held is an open state: the number stays taken (numbering
// skips it), the day's end expires it like any open ticket, but it is neither waiting (no count, no estimate, the
// calling order never sees it) nor at the counter (the counter calls the next visitor meanwhile).
// Each change is one BEGIN IMMEDIATE transaction with its journal event, like every ticket transition.
import type { Db } from './db-type';
import { prepared } from './statements';
import { appendTicketEvent, counterStates, getTicket, inImmediate, ticketAtCounter, updateTicket, type TicketRow } from './queue';
import type { Fail } from '../shared/result';

export type HoldFailure =
  | Fail<'invalid', { detail: string }>
  | Fail<'idle', { detail: string }>
  | Fail<'stale', { detail: string }>
  | Fail<'not-found', { detail: string }>
  | Fail<'wrong-state', { detail: string }>
  | Fail<'not-this-counter', { detail: string }>
  | Fail<'busy', { detail: string }>
  | Fail<'paused', { detail: string }>;
export type HoldOutcome = { ok: true; ticket: TicketRow; eventId: number } | HoldFailure;

/**
 * Parks the ticket at `counter` (called or being served) with who and why. `ticketId`, when given, must still be the
 * counter's ticket (the console's view may be old).
 */
export function holdTicket(db: Db, h: { counter: string; ticketId?: string; by: string; reason: string; at: Date }): HoldOutcome {
  const reason = h.reason.trim();
  if (!reason) return { ok: false, reason: 'invalid', detail: 'say why the visitor is put on hold (e.g. "fetching the birth certificate")' };
  if (!h.by.trim()) return { ok: false, reason: 'invalid', detail: 'say who puts the ticket on hold' };
  return inImmediate(db, (): HoldOutcome => {
    const t = ticketAtCounter(db, h.counter);
    if (!t) return { ok: false, reason: 'idle', detail: 'no ticket is at this counter: only the ticket being served is put on hold' };
    if (h.ticketId !== undefined && h.ticketId !== t.id)
      return { ok: false, reason: 'stale', detail: `the ticket on your screen is no longer at this counter (it holds ${t.label}); the list was refreshed` };
    const at = h.at.toISOString();
    if (
      !updateTicket(db, t.id, ['called', 'serving'], { state: 'held', counter: null, hold_counter: h.counter, held_at: at, held_by: h.by, hold_reason: reason })
    )
      return { ok: false, reason: 'stale', detail: `${t.label} was changed meanwhile; the list was refreshed` };
    const eventId = appendTicketEvent(db, {
      ticketId: t.id,
      kind: 'held',
      at: h.at,
      service: t.service,
      counter: h.counter,
      actor: h.by,
      detail: { label: t.label, reason, from: t.state },
    });
    return { ok: true, ticket: getTicket(db, t.id)!, eventId };
  });
}

/**
 * Calls a parked ticket back to the counter that parked it: the same number, journaled as a call (`called`, detail
 * `fromHold`) so the board shows and announces it like any call. It is no call of the calling order: no lane, so the
 * N:1 priority turn does not count it. The counter must be free and not paused, as for any call.
 */
export function recallHeldTicket(db: Db, r: { counter: string; ticketId: string; by: string; at: Date }): HoldOutcome {
  return inImmediate(db, (): HoldOutcome => {
    const t = getTicket(db, r.ticketId);
    if (!t) return { ok: false, reason: 'not-found', detail: `no ticket ${r.ticketId}` };
    if (t.state !== 'held') return { ok: false, reason: 'wrong-state', detail: `${t.label} is ${t.state}, not on hold` };
    if (t.hold_counter !== r.counter)
      return { ok: false, reason: 'not-this-counter', detail: `${t.label} was put on hold at counter ${t.hold_counter}: it is called back there` };
    if (counterStates(db).some((c) => c.counter === r.counter && c.paused === 1))
      return { ok: false, reason: 'paused', detail: 'this counter is paused: resume it to call the ticket back' };
    const busy = ticketAtCounter(db, r.counter);
    if (busy) return { ok: false, reason: 'busy', detail: `${busy.label} is still at this counter: finish it or put it on hold first` };
    const at = r.at.toISOString();
    // A fresh call: its recalls start again, so "no-show" needs the configured recalls after this call too.
    if (!updateTicket(db, t.id, ['held'], { state: 'called', counter: r.counter, called_at: at, recalls: 0 }))
      return { ok: false, reason: 'stale', detail: `${t.label} was changed meanwhile; the list was refreshed` };
    const eventId = appendTicketEvent(db, {
      ticketId: t.id,
      kind: 'called',
      at: r.at,
      service: t.service,
      counter: r.counter,
      actor: r.by,
      detail: { label: t.label, fromHold: true, heldAt: t.held_at, heldBy: t.held_by, holdReason: t.hold_reason },
    });
    return { ok: true, ticket: getTicket(db, t.id)!, eventId };
  });
}

/** The tickets a counter parked and has not called back, oldest first (index queue_tickets_parked). */
export function heldAtCounter(db: Db, counter: string): TicketRow[] {
  return prepared(db, `SELECT * FROM queue_tickets WHERE hold_counter = ? AND state = 'held' ORDER BY held_at, seq`).all(counter) as TicketRow[];
}
