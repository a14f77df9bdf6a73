// What the check-in flow reads back from the journal: walk-in tickets of the day (its limits), the staff
// alerts the counters show, and a paid visit to resume after a crash (DESIGN.md "Payment safety" 3–5).
import type { Db } from './db';
import { appendEvent } from './events';
import { getPayment, type Payment } from './payments';
import { commitWithoutFsync } from './commit';
import { prepared } from './statements';

/** Walk-in tickets issued today for the consulate, for one service or all. */
export function walkInTicketsOn(db: Db, q: { consulate: string; businessDay: string; service?: string }): number {
  const row =
    q.service === undefined
      ? prepared(db, "SELECT count(*) AS n FROM queue_tickets WHERE consulate = ? AND business_day = ? AND kind = 'walk-in'").get(q.consulate, q.businessDay)
      : // A visit routed through several services (issue 18 item 8) counts for each of them, not only where it waits now.
        prepared(
          db,
          `SELECT count(*) AS n FROM queue_tickets t WHERE t.consulate = ? AND t.business_day = ? AND t.kind = 'walk-in'
             AND (t.service = ? OR EXISTS (SELECT 1 FROM queue_ticket_events e, json_each(e.detail, '$.route') r
                                           WHERE e.ticket_id = t.id AND e.kind = 'issued' AND r.value = ?))`,
        ).get(q.consulate, q.businessDay, q.service, q.service);
  return (row as { n: number }).n;
}

export interface StaffAlertEvent {
  at: string;
  kind: 'checkin.staff-alert' | 'checkin.staff-call' | 'checkin.staff-resolved';
  detail: unknown;
}

/** The latest alerts, calls and resolutions of the kiosk, newest first. */
export function recentStaffAlerts(db: Db, limit = 10): StaffAlertEvent[] {
  const rows = db
    .prepare(
      "SELECT at, kind, payload FROM events WHERE kind IN ('checkin.staff-alert', 'checkin.staff-call', 'checkin.staff-resolved') ORDER BY id DESC LIMIT ?",
    )
    .all(limit) as Array<{ at: string; kind: StaffAlertEvent['kind']; payload: string }>;
  return rows.map((r) => ({ at: r.at, kind: r.kind, detail: JSON.parse(r.payload) as unknown }));
}

/** The visit as the flow journals it when a payment starts (`checkin.paying`): no personal data in it. */
export interface PayingVisit {
  etimbreReference: string;
  /** Kept under its random token id only; the appointment system's id stays in the used-token row. */
  appointment: { tokenId: string } | null;
}

export interface PaidVisit<V extends PayingVisit> {
  paymentId: string;
  visit: V;
  attempt: number;
  idempotencyKey: string;
  payment: Payment;
  /** The appointment system's id of the visit's appointment, from the used-token row (or the eTimbre row). */
  appointmentId: string | null;
  /** The ticket issued for the visit before the crash, if any. */
  ticket: { id: string; number: string } | null;
  ticketPrinted: boolean;
}

/**
 * Journals the visit a payment is about to settle, so a crash after the payment can finish it. Without its own
 * fsync (store/commit.ts): the payment's intent, committed durably right after and before any byte goes to the
 * terminal, makes it durable too; a power cut before that loses it with a payment that never started.
 */
export function recordPayingVisit<V extends PayingVisit>(db: Db, paymentId: string, p: { visit: V; attempt: number; idempotencyKey: string }): void {
  commitWithoutFsync(db, () => appendEvent(db, { kind: 'checkin.paying', subject: paymentId, payload: p }));
}

/**
 * Ties a queue ticket to the visit that paid for it (unfinishedPaidVisit finds it there). Call it in the transaction
 * that issues the ticket, durable before the number is printed or shown: a visit resumed after a power cut then
 * reprints the same number instead of issuing a second one.
 */
export function recordTicketIssued(
  db: Db,
  ticketId: string,
  // tokenId: the appointment's (random) token, so a counter told "already checked in" can say which ticket the visit has.
  payload: { number: string | number; etimbreReference: string | null; source: string; tokenId?: string },
): void {
  appendEvent(db, { kind: 'checkin.ticket-issued', subject: ticketId, payload });
}

/**
 * Marks a visit finished (ticket given, or paid and handed to staff): it is never resumed. Only the first call
 * writes. Without its own fsync (store/commit.ts): the next visit's payment intent makes it durable. A power cut
 * before that loses it (and the last print-job steps): the visit is then resumed at start-up and its ticket, with the
 * same number, and its receipt are printed again (a spare slip, no money); nothing is lost that a visitor needs.
 */
export function recordVisitCompleted(db: Db, etimbreReference: string, payload: { ticket: string | null; printed: boolean; receipt: boolean }): boolean {
  return commitWithoutFsync(db, () => {
    if (visitCompleted(db, etimbreReference)) return false;
    appendEvent(db, { kind: 'checkin.completed', subject: etimbreReference, payload });
    return true;
  });
}

/**
 * The queue ticket of the visit a payment paid for: the payment's eTimbre reference (its own, else the one its
 * `checkin.paying` journaled) and the `checkin.ticket-issued` that tied a ticket to it. Null when the visit got no
 * ticket (or the payment was not a visit's). The ticket id is the queue's: the hub's on a kiosk of a post.
 */
export function ticketOfPaidVisit(db: Db, payment: Pick<Payment, 'id' | 'reference'>): { ticketId: string; etimbreReference: string } | null {
  let ref = payment.reference;
  if (ref === null) {
    const paying = prepared(db, "SELECT payload FROM events WHERE kind = 'checkin.paying' AND subject = ? ORDER BY id DESC LIMIT 1").get(payment.id) as
      { payload: string } | undefined;
    ref = paying ? (((JSON.parse(paying.payload) as { visit?: { etimbreReference?: unknown } }).visit?.etimbreReference as string | undefined) ?? null) : null;
  }
  if (typeof ref !== 'string' || !ref) return null;
  const issued = prepared(
    db,
    "SELECT subject FROM events WHERE kind = 'checkin.ticket-issued' AND json_extract(payload, '$.etimbreReference') = ? ORDER BY id DESC LIMIT 1",
  ).get(ref) as { subject: string | null } | undefined;
  return issued?.subject ? { ticketId: issued.subject, etimbreReference: ref } : null;
}

export function visitCompleted(db: Db, etimbreReference: string): boolean {
  return prepared(db, "SELECT 1 FROM events WHERE kind = 'checkin.completed' AND subject = ?").get(etimbreReference) !== undefined;
}

/**
 * The latest visit whose payment was approved (by the terminal or by staff) and which never completed:
 * its ticket or receipt still has to be printed. Only the last 20 payments started are looked at.
 */
export function unfinishedPaidVisit<V extends PayingVisit>(db: Db): PaidVisit<V> | undefined {
  const rows = db.prepare("SELECT subject, payload FROM events WHERE kind = 'checkin.paying' ORDER BY id DESC LIMIT 20").all() as Array<{
    subject: string;
    payload: string;
  }>;
  for (const row of rows) {
    const payment = getPayment(db, row.subject);
    if (!payment || (payment.state !== 'approved' && payment.state !== 'settled_approved')) continue;
    const saved = JSON.parse(row.payload) as { visit: V; attempt: number; idempotencyKey: string };
    const ref = saved.visit.etimbreReference;
    if (visitCompleted(db, ref)) return undefined;
    const issued = db
      .prepare(
        "SELECT subject, payload FROM events WHERE kind = 'checkin.ticket-issued' AND json_extract(payload, '$.etimbreReference') = ? ORDER BY id DESC LIMIT 1",
      )
      .get(ref) as { subject: string; payload: string } | undefined;
    const number = issued ? (JSON.parse(issued.payload) as { number?: unknown }).number : undefined;
    const ticket = issued && (typeof number === 'string' || typeof number === 'number') ? { id: issued.subject, number: String(number) } : null;
    const printed = ticket ? db.prepare("SELECT 1 FROM print_jobs WHERE kind = 'ticket' AND subject = ? AND state = 'confirmed'").get(ticket.id) : undefined;
    return {
      paymentId: row.subject,
      visit: saved.visit,
      attempt: saved.attempt,
      idempotencyKey: saved.idempotencyKey,
      payment,
      appointmentId: saved.visit.appointment ? appointmentIdOf(db, saved.visit.appointment.tokenId, ref) : null,
      ticket,
      ticketPrinted: printed !== undefined,
    };
  }
  return undefined;
}

/** Where check-in recorded the appointment system's id: the used-token row, else the eTimbre row (both purgeable). */
function appointmentIdOf(db: Db, tokenId: string, etimbreReference: string): string | null {
  const used = db.prepare('SELECT appointment_id AS id FROM appointment_tokens_used WHERE token_id = ?').get(tokenId) as { id: string | null } | undefined;
  if (used?.id) return used.id;
  const issued = db.prepare('SELECT appointment_id AS id FROM etimbre_references WHERE reference = ?').get(etimbreReference) as
    { id: string | null } | undefined;
  return issued?.id ?? null;
}
