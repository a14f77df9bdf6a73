// The journal reads behind the supervisor's period report (server/reports/stats.ts derives the figures).
// Periods are half-open ISO instants [from, to).
import type { Db } from './db';

/** One event of a queue ticket, with the ticket's party size. */
export interface ReportTicketEvent {
  ticket_id: string;
  at: string;
  kind: string;
  service: string;
  counter: string | null;
  /** Staff user id, 'kiosk:<id>' or 'system' (migration 005). */
  actor: string;
  persons: number;
  /** `issued` of a visit of several services: its route as JSON text ('["passport","cnie"]'), else null (issue 18). */
  route: string | null;
  /** 1 for the `transferred` that moved a routed ticket to its next service (not a staff transfer). */
  routed: number;
}

/** Fees taken, by the service(s) of their eTimbre reference ("passport+cnie" when one payment covered several). */
export interface ReportFeeRow {
  service: string;
  currency: string;
  payments: number;
  totalMinor: number;
}

export interface ReportTestPayments {
  payments: number;
  totalMinor: number;
}

/** Every event of the tickets issued in the period (later events included), in journal order. */
export function ticketEventsIssuedBetween(db: Db, from: string, to: string): ReportTicketEvent[] {
  return db
    .prepare(
      `SELECT e.ticket_id, e.at, e.kind, e.service, e.counter, e.actor, t.persons,
            CASE WHEN e.kind = 'issued' THEN json_extract(e.detail, '$.route') END AS route,
            CASE WHEN e.kind = 'transferred' AND json_extract(e.detail, '$.route') = 1 THEN 1 ELSE 0 END AS routed
     FROM queue_ticket_events e JOIN queue_tickets t ON t.id = e.ticket_id
     WHERE e.ticket_id IN (SELECT ticket_id FROM queue_ticket_events WHERE kind = 'issued' AND at >= ? AND at < ?) ORDER BY e.id`,
    )
    .all(from, to) as ReportTicketEvent[];
}

/** Approved and staff-settled-approved payments that are not tests, created in the period. */
export function feesBetween(db: Db, from: string, to: string): ReportFeeRow[] {
  return db
    .prepare(
      `SELECT COALESCE((SELECT group_concat(value, '+') FROM json_each(r.services)), '(no eTimbre reference)') AS service,
            p.currency, count(*) AS payments, sum(p.amount_minor) AS totalMinor
     FROM payments p LEFT JOIN etimbre_references r ON r.reference = p.reference
     WHERE p.created_at >= ? AND p.created_at < ? AND p.state IN ('approved', 'settled_approved') AND p.is_test = 0
     GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all(from, to) as ReportFeeRow[];
}

/** Money given back in a period, by the service(s) of the refunded payment's eTimbre reference. */
export interface ReportRefundRow {
  service: string;
  currency: string;
  /** Refunds and reversals done (refunded, or settled as refunded by staff). */
  refunds: number;
  /** Of which ZVT reversals (the whole payment cancelled the same day). */
  reversals: number;
  refundedMinor: number;
}

/**
 * Refunds asked in [from, to) that gave money back, counted in the period they were made (as the day close counts
 * them), whatever the period of the payment: the period's takings are what came in less what went out. Declined,
 * aborted, not sent and settled-as-not-refunded refunds moved nothing; unknown ones are not counted until settled.
 * The reversal of a test payment (kiosk setup's) is left out, as the test payment is left out of the fees.
 */
export function refundsDoneBetween(db: Db, from: string, to: string): ReportRefundRow[] {
  return db
    .prepare(
      `SELECT COALESCE((SELECT group_concat(value, '+') FROM json_each(r.services)), '(no eTimbre reference)') AS service,
            f.currency, count(*) AS refunds, sum(f.method = 'reversal') AS reversals, sum(f.amount_minor) AS refundedMinor
     FROM refunds f LEFT JOIN etimbre_references r ON r.reference = f.etimbre_reference
     WHERE f.created_at >= ? AND f.created_at < ? AND f.state IN ('refunded', 'settled_refunded')
       AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = f.payment_id AND p.is_test = 1)
     GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all(from, to) as ReportRefundRow[];
}

/** Approved test payments created in the period, counted apart from the fees. */
export function testPaymentsBetween(db: Db, from: string, to: string): ReportTestPayments {
  return db
    .prepare(
      `SELECT count(*) AS payments, COALESCE(sum(amount_minor), 0) AS totalMinor FROM payments
       WHERE created_at >= ? AND created_at < ? AND state IN ('approved', 'settled_approved') AND is_test = 1`,
    )
    .get(from, to) as ReportTestPayments;
}

/** The service label of each eTimbre reference the journal knows ("passport+cnie"); unknown references are left out. */
export function etimbreServiceLabels(db: Db, references: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const stmt = db.prepare(`SELECT (SELECT group_concat(value, '+') FROM json_each(services)) AS service FROM etimbre_references WHERE reference = ?`);
  for (const ref of new Set(references)) {
    const r = stmt.get(ref) as { service: string | null } | undefined;
    if (r?.service) out.set(ref, r.service);
  }
  return out;
}
