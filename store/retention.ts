// Retention of personal data (DESIGN.md "Security": minimal, purged after a configurable number of days).
// What is removed, for rows older than the cut-off:
//   payments            masked PAN, receipt lines (they print the masked PAN), and a reference that is not an
//                       eTimbre number (it may be an appointment id); amounts, states, times, auth codes stay;
//   card_receipts       the terminal's receipt lines of those payments (masked, but they are card data), by the
//                       payment's age and state: written with its outcome, they go with its personal data;
//   refunds             a refund's receipt lines and salt, by the same rule as a payment (older than the cut-off,
//                       outcome known: intent, sent and unknown keep theirs until settled); amounts, states stay;
//   etimbre_references  the appointment id; the eTimbre number, services, persons and amount stay;
//   appointment_tokens_used  rows whose token has expired (they can never be presented again).
// Totals and reports therefore stay the same after a purge.
//
// What it can NOT remove: the payloads of the hash-chained `events` table, which are never changed
// (`kiosk journal verify` would rightly call that tampering). So personal data is kept OUT of event payloads:
// payments journal the masked PAN and receipt lines in their row only, check-ins the appointment id in the
// used-token row only, and the check-in flow records an appointment by its random token id. A payment's
// free-text `reference` (payment.intent) is an eTimbre number from the kiosk. The purge still counts events
// that hold such fields (written by an older version) and reports the number, so nobody believes they are gone.
// Payment events carry a keyed digest of the masked PAN and receipt lines salted with `personal_salt`
// (store/payment-seal.ts): the salt goes with them, so the digest left in the chain ties to nothing. The
// verifier accepts a purged row only when its `personal_purged_at` is the time of a `retention.purged` event
// whose cut-off is after the payment: that event, written by every purge that changed a row, is its proof.
import type { Db } from './db';
import { appendEvent } from './events';

export interface RetentionResult {
  cutoff: string;
  paymentsPurged: number;
  cardReceiptsPurged: number;
  refundsPurged: number;
  etimbreAppointmentIdsRemoved: number;
  appointmentUsesDeleted: number;
  /** Events older than the cut-off whose chained payload still holds a masked PAN or appointment id. */
  chainedEventsWithPersonalData: number;
}

const DAY_MS = 86_400_000;

export function purgePersonalData(db: Db, opts: { olderThanDays: number; now?: Date; by?: string }): RetentionResult {
  if (!Number.isInteger(opts.olderThanDays) || opts.olderThanDays < 1)
    throw new RangeError(`retention days must be a whole number of at least 1, not ${opts.olderThanDays}`);
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - opts.olderThanDays * DAY_MS).toISOString();
  return db
    .transaction((): RetentionResult => {
      const paymentsPurged = db
        .prepare(
          `UPDATE payments SET masked_pan = NULL, receipt_lines = NULL, personal_salt = NULL,
         reference = CASE WHEN reference IN (SELECT reference FROM etimbre_references) THEN reference ELSE NULL END,
         personal_purged_at = ?
       WHERE created_at < ? AND personal_purged_at IS NULL AND state NOT IN ('intent', 'sent', 'unknown')`,
        )
        .run(now.toISOString(), cutoff).changes;
      const cardReceiptsPurged = db
        .prepare(
          `UPDATE card_receipts SET lines = NULL, purged_at = ?
       WHERE lines IS NOT NULL AND payment_id IN (SELECT id FROM payments WHERE created_at < ? AND state NOT IN ('intent', 'sent', 'unknown'))`,
        )
        .run(now.toISOString(), cutoff).changes;
      // personal_purged_at (migration 023) ties the purge to this run's retention.purged event, as for payments.
      const refundsPurged = db
        .prepare(
          `UPDATE refunds SET receipt_lines = NULL, personal_salt = NULL, personal_purged_at = ?
       WHERE created_at < ? AND personal_purged_at IS NULL AND state NOT IN ('intent', 'sent', 'unknown')`,
        )
        .run(now.toISOString(), cutoff).changes;
      const etimbreAppointmentIdsRemoved = db
        .prepare('UPDATE etimbre_references SET appointment_id = NULL WHERE issued_at < ? AND appointment_id IS NOT NULL')
        .run(cutoff).changes;
      const appointmentUsesDeleted = db
        .prepare('DELETE FROM appointment_tokens_used WHERE used_at < ? AND expires_at IS NOT NULL AND expires_at < ?')
        .run(cutoff, now.toISOString()).changes;
      const chained = db
        .prepare(
          `SELECT count(*) AS n FROM events WHERE at < ? AND (json_extract(payload, '$.maskedPan') IS NOT NULL
         OR json_extract(payload, '$.appointmentId') IS NOT NULL OR json_extract(payload, '$.receiptLines') IS NOT NULL)`,
        )
        .get(cutoff) as { n: number };
      const result = {
        cutoff,
        paymentsPurged,
        cardReceiptsPurged,
        refundsPurged,
        etimbreAppointmentIdsRemoved,
        appointmentUsesDeleted,
        chainedEventsWithPersonalData: chained.n,
      };
      if (paymentsPurged + cardReceiptsPurged + refundsPurged + etimbreAppointmentIdsRemoved + appointmentUsesDeleted > 0) {
        appendEvent(db, { kind: 'retention.purged', subject: 'journal', at: now, payload: { ...result, days: opts.olderThanDays, by: opts.by ?? 'system' } });
      }
      return result;
    })
    .immediate();
}
