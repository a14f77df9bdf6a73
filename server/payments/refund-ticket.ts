// Issue 17: the queue ticket of a visit refunded in full is cancelled, so nobody calls a visitor whose fee went
// back. It runs after the refund is journaled as done (RefundService's onRefunded) and never fails the refund:
// whatever it does or does not do is journaled, with why.
//   - a partial refund leaves the ticket (the visit still happens, for fewer persons or services);
//   - a ticket already served (done), or otherwise closed, is left as it is: what happened stays what happened;
//   - on a kiosk of a post the queue is the hub's: the ticket is left and the journal says so (no kiosk → hub
//     cancel exists yet: the hub's /api/post/* routes issue numbers but take no ticket action from a kiosk).
import type { Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import { ticketOfPaidVisit } from '../../store/checkin';
import type { Payment } from '../../store/payments';
import type { Refund } from '../../store/refunds';
import type { QueueService } from '../queue/service';

export type TicketLeftReason = 'partial' | 'no-ticket' | 'hub-queue' | 'closed' | 'failed';

export type RefundTicketOutcome = { ok: true; ticketId: string } | { ok: false; reason: TicketLeftReason; detail: string; ticketId: string | null };

export interface RefundTicketDeps {
  db: Db;
  /** The local queue; null where the post's hub owns the queue (role kiosk). */
  queue: Pick<QueueService, 'cancel'> | null;
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
  if (!deps.queue) return left('hub-queue', `the ticket ${ticketId} is in the post hub's queue: a kiosk cannot cancel it there yet; cancel it at the hub`);
  const out = deps.queue.cancel(ticketId, { id: r.refund.requestedBy }, `visit refunded in full: ${r.refund.why}`, {
    refundId: r.refund.id,
    paymentId: r.payment.id,
  });
  if (out.ok) return { ok: true, ticketId };
  // wrong-state: served (done), no-show, expired or already cancelled; not-found: not in this queue.
  return left(out.reason === 'wrong-state' ? 'closed' : 'failed', out.detail);
}
