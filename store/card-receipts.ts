// The terminal's card receipts of a payment (migration card_receipts): written once with the payment's outcome,
// masked (retention: masked PAN only), read for the visitor's printout and for staff's reprint.
import type { Db } from './db';
import { appendEvent } from './events';
import { maskLines, type ReceiptCopy, type StoredReceipt } from '../domain/card-receipt';
import { prepared } from './statements';

export interface CardReceiptRow {
  seq: number;
  copy: ReceiptCopy;
  /** Null once the retention purge removed them. */
  lines: string[] | null;
  createdAt: string;
}

/**
 * Journals the receipts the terminal sent for a payment, PAN-looking digits masked. Idempotent: a payment whose
 * receipts are already there (a recovered answer repeated) keeps its first ones. Call inside the outcome's
 * transaction when there is one, so the outcome and its receipt commit together.
 */
export function recordCardReceipts(db: Db, paymentId: string, receipts: readonly StoredReceipt[], at: Date = new Date()): number {
  const usable = receipts.filter((r) => r.lines.length > 0);
  if (!usable.length) return 0;
  const write = () => {
    const exists = prepared(db, 'SELECT 1 FROM card_receipts WHERE payment_id = ? LIMIT 1').get(paymentId);
    if (exists) return 0;
    const insert = prepared(db, 'INSERT INTO card_receipts (payment_id, seq, copy, lines, created_at) VALUES (?, ?, ?, ?, ?)');
    usable.forEach((r, seq) => insert.run(paymentId, seq, r.copy, JSON.stringify(maskLines(r.lines)), at.toISOString()));
    // The chained journal says that and which copies came, never their text (personal data stays out of events).
    appendEvent(db, { kind: 'payment.card-receipts', subject: paymentId, at, payload: { copies: usable.map((r) => r.copy) } });
    return usable.length;
  };
  return db.inTransaction ? write() : db.transaction(write).immediate();
}

export function cardReceiptsFor(db: Db, paymentId: string): CardReceiptRow[] {
  const rows = prepared(db, 'SELECT seq, copy, lines, created_at FROM card_receipts WHERE payment_id = ? ORDER BY seq').all(paymentId) as Array<{
    seq: number;
    copy: ReceiptCopy;
    lines: string | null;
    created_at: string;
  }>;
  return rows.map((r) => ({ seq: r.seq, copy: r.copy, lines: r.lines === null ? null : (JSON.parse(r.lines) as string[]), createdAt: r.created_at }));
}

/** The receipts still holding their text, for printing. */
export function printableReceipts(db: Db, paymentId: string): StoredReceipt[] {
  return cardReceiptsFor(db, paymentId).flatMap((r) => (r.lines ? [{ copy: r.copy, lines: r.lines }] : []));
}
