// What the supervisor's refund list reads (issue 17): the approved payments of a period that could be refunded,
// whether the terminal's card receipt is still on file, and the last print of each refund's receipt.
import type { Db } from './db';
import { getPayment, type Payment } from './payments';
import { prepared } from './statements';

/** Approved (or settled as approved) payments made in [fromIso, toIso), test payments left out, oldest first. */
export function approvedPaymentsBetween(db: Db, fromIso: string, toIso: string, limit = 500): Payment[] {
  const ids = prepared(
    db,
    `SELECT id FROM payments WHERE state IN ('approved', 'settled_approved') AND is_test = 0 AND created_at >= ? AND created_at < ?
      ORDER BY created_at, id LIMIT ?`,
  ).all(fromIso, toIso, limit) as Array<{ id: string }>;
  return ids.map((r) => getPayment(db, r.id)!);
}

/** The payment has card receipt text left to print (not purged by retention). */
export function hasCardReceipt(db: Db, paymentId: string): boolean {
  return prepared(db, 'SELECT 1 FROM card_receipts WHERE payment_id = ? AND lines IS NOT NULL LIMIT 1').get(paymentId) !== undefined;
}

/** The newest print job of a refund's receipt (print_jobs.subject is the refund id), if it was ever sent to print. */
export function lastReceiptPrint(db: Db, refundId: string): { printed: boolean; at: string } | null {
  const row = prepared(db, "SELECT state, updated_at FROM print_jobs WHERE subject = ? AND kind = 'receipt' ORDER BY created_at DESC, rowid DESC LIMIT 1").get(
    refundId,
  ) as { state: string; updated_at: string } | undefined;
  return row ? { printed: row.state === 'confirmed', at: row.updated_at } : null;
}

/** A receipt of this refund came out of the printer before: the next one is a duplicate. */
export function receiptEverPrinted(db: Db, refundId: string): boolean {
  return prepared(db, "SELECT 1 FROM print_jobs WHERE subject = ? AND kind = 'receipt' AND state = 'confirmed' LIMIT 1").get(refundId) !== undefined;
}
