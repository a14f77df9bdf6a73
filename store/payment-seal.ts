// Money rows made tamper-evident: every event that writes a `payments` or `refunds` row carries a keyed seal of the row
// as written, so `kiosk journal verify` finds a row edited, rolled back, deleted or inserted behind the
// software (store/verify.ts). Personal data never enters the chain (retention purges it, store/retention.ts):
// the seal holds a keyed digest of it, salted with a random value that the purge removes too.
//
// Which column is covered how is this one table. Every column NOT named here is in the row digest, so a
// column added by a later migration is covered without a change here, on one condition: existing rows keep
// NULL in it (NULLs are left out of the digest), or the migration re-seals them (journal.sealed events).
import type Database from 'better-sqlite3';
import { mac, type ChainKey } from './chain-key';
import { prepared } from './statements';

export type Coverage =
  /** in the personal digest: purged by retention, so checked only until the recorded purge */
  | 'personal'
  /** must equal the `payment.intent` payload; retention may set it to NULL (a reference that is not an eTimbre number) */
  | 'intent-reference'
  /** must be the time of a `retention.purged` event whose cut-off is after the payment */
  | 'purge-time';

export const PAYMENT_COLUMN_COVERAGE: Readonly<Record<string, Coverage>> = {
  masked_pan: 'personal',
  receipt_lines: 'personal',
  personal_salt: 'personal',
  reference: 'intent-reference',
  personal_purged_at: 'purge-time',
};

export type PaymentRowRaw = Record<string, unknown> & { id: string };

export interface Seal {
  /** keyed digest of every column not in PAYMENT_COLUMN_COVERAGE (NULLs left out) */
  row: string;
  /** keyed digest of the salt, masked PAN and receipt lines */
  personal: string;
}

const DIGEST_HEX = 32; // 128 bits of the HMAC: enough to detect an edit, half the journal bytes

export function rowDigest(key: ChainKey, row: PaymentRowRaw): string {
  const cols = Object.keys(row)
    .filter((c) => !(c in PAYMENT_COLUMN_COVERAGE) && row[c] !== null && row[c] !== undefined)
    .sort();
  return mac(key.key, ['payments.row', ...cols.map((c) => [c, row[c]])]).slice(0, DIGEST_HEX);
}

export function personalDigest(key: ChainKey, row: PaymentRowRaw): string {
  return mac(key.key, ['payments.personal', row.id, row.personal_salt ?? null, row.masked_pan ?? null, row.receipt_lines ?? null]).slice(0, DIGEST_HEX);
}

export function sealOf(key: ChainKey, row: PaymentRowRaw): Seal {
  return { row: rowDigest(key, row), personal: personalDigest(key, row) };
}

/** The raw row, as sealed (every column). */
export function rawPaymentRow(db: Database.Database, id: string): PaymentRowRaw | undefined {
  return prepared(db, 'SELECT * FROM payments WHERE id = ?').get(id) as PaymentRowRaw | undefined;
}

// Refunds (migrations 022, 023) are sealed the same way, by the same key, with their own domain words so a payment's
// seal can never pass for a refund's. Their personal data: the terminal's receipt lines (they may print the masked
// card number), salted; retention removes both and records when (personal_purged_at).
export const REFUND_COLUMN_COVERAGE: Readonly<Record<string, Coverage>> = {
  receipt_lines: 'personal',
  personal_salt: 'personal',
  personal_purged_at: 'purge-time',
};

export function refundRowDigest(key: ChainKey, row: PaymentRowRaw): string {
  const cols = Object.keys(row)
    .filter((c) => !(c in REFUND_COLUMN_COVERAGE) && row[c] !== null && row[c] !== undefined)
    .sort();
  return mac(key.key, ['refunds.row', ...cols.map((c) => [c, row[c]])]).slice(0, DIGEST_HEX);
}

export function refundPersonalDigest(key: ChainKey, row: PaymentRowRaw): string {
  return mac(key.key, ['refunds.personal', row.id, row.personal_salt ?? null, row.receipt_lines ?? null]).slice(0, DIGEST_HEX);
}

export function refundSealOf(key: ChainKey, row: PaymentRowRaw): Seal {
  return { row: refundRowDigest(key, row), personal: refundPersonalDigest(key, row) };
}

/** The raw refund row, as sealed (every column). */
export function rawRefundRow(db: Database.Database, id: string): PaymentRowRaw | undefined {
  return prepared(db, 'SELECT * FROM refunds WHERE id = ?').get(id) as PaymentRowRaw | undefined;
}
