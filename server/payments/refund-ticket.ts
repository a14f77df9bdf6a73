// Issue 17: the queue ticket of a visit refunded in full is cancelled, so nobody calls a visitor whose fee went
// back. It runs after the refund is journaled as done (RefundService's onRefunded) and never fails the refund:
// whatever it does or does not do is journaled, with why.
//   - a partial refund leaves the ticket (the visit still happens, for fewer persons or services);
//   - a ticket already served (done), or otherwise closed, is left as it is: what happened stays what happened;
//   - on a kiosk of a post the queue is the hub's: the cancel is asked of the hub, journaled first and sent until the
//     hub answers (server/post/numbers/hub-cancels.ts).
import type { Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import { ticketOfPaidVisit } from '../../store/checkin';
import { getPayment, type Payment } from '../../store/payments';
import { prepared } from '../../store/statements';
import { DONE_STATES, getRefund, refundable, type Refund } from '../../store/refunds';
import { cancelTicket } from '../../store/queue';
import { askHubCancel } from '../post/numbers/hub-cancels';

export type TicketLeftReason = 'partial' | 'no-ticket' | 'hub-queue' | 'sent-to-hub' | 'closed' | 'failed';

export type RefundTicketOutcome = { ok: true; ticketId: string } | { ok: false; reason: TicketLeftReason; detail: string; ticketId: string | null };

/** What is asked of the queue: QueueService.cancel in the daemon (it tells the board), journalQueue in a CLI. */
export interface TicketCanceller {
  cancel(
    ticketId: string,
    actor: { id: string },
    reason: string,
    detail?: Record<string, unknown>,
  ): { ok: true } | { ok: false; reason: string; detail: string };
}

export interface RefundTicketDeps {
  db: Db;
  /** The local queue; null where the post's hub owns the queue (role kiosk). */
  queue: TicketCanceller | null;
  /** Role kiosk: where the cancel is asked of the hub (journaled, sent until answered). */
  hub?: { ask(a: { ticketId: string; refundId: string; reason: string; by: string }): void };
}

/**
 * For a command run on a journal: its own queue, and for a kiosk of a post (a ticket the journal issued but its queue
 * does not hold: the hub's) the ask journaled for the daemon to send to the hub (server/post/numbers/hub-cancels.ts).
 */
export function journalRefundTicketDeps(db: Db): RefundTicketDeps {
  return { db, queue: journalQueue(db), hub: { ask: (a) => askHubCancel(db, a) } };
}

/** The queue of the journal itself, for a command run while the daemon is stopped (no board to tell). */
export function journalQueue(db: Db): TicketCanceller {
  return {
    cancel(ticketId, actor, reason, detail) {
      const r = cancelTicket(db, { ticketId, reason, by: actor.id, at: new Date(), ...(detail ? { detail } : {}) });
      return r.ok ? { ok: true } : { ok: false, reason: r.reason, detail: r.detail };
    },
  };
}

/** Cancels the refunded visit's ticket, or journals `refund.ticket-left` with why it was left. */
export function cancelRefundedVisitTicket(
  deps: RefundTicketDeps,
  r: { refund: Refund; payment: Pick<Payment, 'id' | 'reference'>; fullyRefunded: boolean },
): RefundTicketOutcome {
  const found = ticketOfPaidVisit(deps.db, r.payment);
  const ticketId = found?.ticketId ?? null;
  const left = (reason: TicketLeftReason, detail: string): RefundTicketOutcome => {
    appendEvent(deps.db, { kind: 'refund.ticket-left', subject: r.refund.id, payload: { paymentId: r.payment.id, ticketId, reason, detail } });
    return { ok: false, reason, detail, ticketId };
  };
  if (!r.fullyRefunded) return left('partial', 'a partial refund: the visit still takes place, its ticket stays in the queue');
  if (!ticketId) return left('no-ticket', 'no queue ticket was issued for this visit');
  if (!deps.queue) {
    if (!deps.hub) return left('hub-queue', `the ticket ${ticketId} is in the post hub's queue: cancel it at the hub`);
    deps.hub.ask({ ticketId, refundId: r.refund.id, reason: `visit refunded in full: ${r.refund.why}`, by: r.refund.requestedBy });
    return left('sent-to-hub', `the ticket ${ticketId} is in the post hub's queue: its cancel is asked of the hub until it answers`);
  }
  const out = deps.queue.cancel(ticketId, { id: r.refund.requestedBy }, `visit refunded in full: ${r.refund.why}`, {
    refundId: r.refund.id,
    paymentId: r.payment.id,
  });
  if (out.ok) return { ok: true, ticketId };
  // Issued by this journal's visit but not in its queue: a kiosk of a post, whose tickets are the hub's.
  if (out.reason === 'not-found' && deps.hub) {
    deps.hub.ask({ ticketId, refundId: r.refund.id, reason: `visit refunded in full: ${r.refund.why}`, by: r.refund.requestedBy });
    return left('sent-to-hub', `the ticket ${ticketId} is not in this journal's queue (the post hub's): its cancel is asked of the hub`);
  }
  // wrong-state: served (done), no-show, expired or already cancelled; not-found: not in this queue.
  return left(out.reason === 'wrong-state' ? 'closed' : 'failed', out.detail);
}

/**
 * The same for a refund found done after its request: by start-up reconciliation (its answer lost in a crash) or by
 * staff settling an unknown refund as refunded. Whether the visit is now refunded in full is read from the journal.
 * Null when the refund is not done (nothing to follow).
 */
export function followDoneRefund(deps: RefundTicketDeps, refundId: string): RefundTicketOutcome | null {
  const refund = getRefund(deps.db, refundId);
  const payment = refund && getPayment(deps.db, refund.paymentId);
  if (!refund || !payment || !DONE_STATES.includes(refund.state)) return null;
  const left = refundable(deps.db, payment);
  return cancelRefundedVisitTicket(deps, { refund, payment, fullyRefunded: left.refundedMinor >= left.approvedMinor });
}

/**
 * Done refunds whose ticket was never followed up: neither cancelled for them (queue.ticket.cancelled with their id)
 * nor left with a reason (refund.ticket-left). A crash between a refund's outcome and its follow-up leaves one; the
 * daemon's start and the refund command follow them, so a refunded visit's ticket is never forgotten.
 */
export function unfollowedRefunds(db: Db): string[] {
  const rows = prepared(
    db,
    `SELECT id FROM refunds r WHERE state IN ('refunded', 'settled_refunded')
       AND NOT EXISTS (SELECT 1 FROM events e WHERE e.subject = r.id AND e.kind = 'refund.ticket-left')
       AND NOT EXISTS (SELECT 1 FROM events e WHERE e.kind = 'queue.ticket.cancelled' AND json_extract(e.payload, '$.refundId') = r.id)
     ORDER BY created_at, id`,
  ).all() as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Follows every done refund not followed yet (see unfollowedRefunds); what each gave. */
export function followUnfollowedRefunds(deps: RefundTicketDeps): Array<{ refundId: string; outcome: RefundTicketOutcome }> {
  return unfollowedRefunds(deps.db).flatMap((refundId) => {
    const outcome = followDoneRefund(deps, refundId);
    return outcome ? [{ refundId, outcome }] : [];
  });
}
