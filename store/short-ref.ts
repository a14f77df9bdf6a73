// Short payment references: what a person finds on the terminal's journal and on the receipt. The payment id
// is too long for the Concert private field (10 characters), so each payment also gets "DDMM-NNNN": day and
// month of its business day, then a per-terminal daily counter (5 digits past 9999, still 10 characters).
import type { Db } from './db';
import { prepared } from './statements';

export const MAX_SHORT_REF_SEQ = 99_999;

export function formatShortRef(businessDay: string, seq: number): string {
  const [, month, day] = businessDay.split('-');
  return `${day}${month}-${String(seq).padStart(4, '0')}`;
}

/**
 * The next number of (terminal, business day). Call it inside the intent's transaction: the counter and the
 * row commit together, and a number once handed out is never handed out again.
 */
export function nextShortRefSeq(db: Db, terminalId: string, businessDay: string): number {
  const row = prepared(
    db,
    `INSERT INTO payment_short_refs (terminal_id, business_day, last) VALUES (?, ?, 1)
       ON CONFLICT(terminal_id, business_day) DO UPDATE SET last = last + 1 RETURNING last`,
  ).get(terminalId, businessDay) as { last: number };
  return row.last;
}
