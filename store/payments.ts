// The payment journal. Every change of a payment row and its event in `events` are one transaction, so the
// row and the history can never disagree. Illegal moves are answered with a value (the caller's logic was
// wrong or a second actor won a race); the table's trigger refuses them too.
import type { Db } from './db';
import { appendEvent } from './events';
import { MAX_SHORT_REF_SEQ, formatShortRef, nextShortRefSeq } from './short-ref';
import { businessDay as dayAt } from '../domain/queue/business-day';
import { usableKey } from './chain-key';
import { rawPaymentRow, sealOf } from './payment-seal';
import type { Fail } from '../shared/result';
import type { PaymentOutcomeWord } from '../shared/payment-outcome';
import { prepared } from './statements';

/** The journal's payments.state: an outcome (shared/payment-outcome.ts), before one (intent, sent), or staff's settlement. */
export type PaymentState = 'intent' | 'sent' | PaymentOutcomeWord | 'settled_approved' | 'settled_not_charged';

export type Protocol = 'concert' | 'zvt';

/** Legal next states. Mirrors the trigger in migrations/002_payments.sql. */
export const TRANSITIONS: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  // From intent every outcome is possible: a driver may answer without having reported the acknowledgement
  // (a money-taking answer must still be recorded).
  intent: ['sent', 'approved', 'declined', 'aborted', 'unknown', 'not_sent'],
  // Once acknowledged the request may have been acted on: it can never become "not sent".
  sent: ['approved', 'declined', 'aborted', 'unknown'],
  // Only the terminal's own record (ZVT repeat receipt) or staff settle an unknown payment.
  unknown: ['approved', 'settled_approved', 'settled_not_charged'],
  approved: [],
  declined: [],
  aborted: [],
  not_sent: [],
  settled_approved: [],
  settled_not_charged: [],
};

/** States in which the terminal may be working on the request right now. */
export const OPEN_STATES: readonly PaymentState[] = ['intent', 'sent'];
/** States that need reconciliation or staff before the kiosk takes another payment. */
export const PENDING_STATES: readonly PaymentState[] = ['intent', 'sent', 'unknown'];

export interface Payment {
  id: string;
  kioskId: string;
  terminalId: string;
  protocol: Protocol;
  amountMinor: number;
  currency: string;
  reference: string | null;
  isTest: boolean;
  state: PaymentState;
  reason: string | null;
  authCode: string | null;
  maskedPan: string | null;
  cardBrand: string | null;
  receiptLines: string[] | null;
  traceNo: string | null;
  receiptNo: string | null;
  /** What the terminal's journal and the receipt show: "0203-0042" (store/short-ref.ts). Null before migration 008. */
  shortRef: string | null;
  /** Business day the short reference was counted in. */
  shortRefDay: string | null;
  /** What the terminal approved, as it said it; may differ from the request (amountMinor/currency). */
  approvedAmountMinor: number | null;
  approvedCurrency: string | null;
  /** Data the terminal returned for staff (Concert: the answer's private field). */
  terminalData: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  settledBy: string | null;
  settledAt: string | null;
  settleReason: string | null;
}

export interface NewPayment {
  id: string;
  kioskId: string;
  terminalId: string;
  protocol: Protocol;
  amountMinor: number;
  currency: string;
  reference?: string | null;
  isTest?: boolean;
  /** Business day (YYYY-MM-DD) the short reference is counted in; the UTC date of the intent when absent. */
  businessDay?: string;
}

/** Card data from the terminal's answer, stored with an approval. */
export interface CardData {
  authCode?: string | undefined;
  maskedPan?: string | undefined;
  cardBrand?: string | undefined;
  receiptLines?: string[] | undefined;
  traceNo?: string | undefined;
  receiptNo?: string | undefined;
  approvedAmountMinor?: number | undefined;
  approvedCurrency?: string | undefined;
  terminalData?: string | undefined;
}

export interface TransitionData extends CardData {
  reason?: string | undefined;
  settledBy?: string;
  settleReason?: string;
}

/** Who moved the payment: the live service, start-up reconciliation, or a person. */
export type Actor = 'service' | 'reconcile' | 'staff';

export type IntentResult =
  | { ok: true; payment: Payment }
  | Fail<'duplicate-id', { payment: Payment }>
  | Fail<'terminal-busy', { open: Payment }>
  | Fail<'no-short-ref', { detail: string }>;

export type TransitionResult =
  { ok: true; payment: Payment } | Fail<'not-found', { detail: string }> | Fail<'illegal-transition', { payment: Payment; detail: string }>;

interface Row {
  id: string;
  kiosk_id: string;
  terminal_id: string;
  protocol: Protocol;
  amount_minor: number;
  currency: string;
  reference: string | null;
  is_test: number;
  state: PaymentState;
  reason: string | null;
  auth_code: string | null;
  masked_pan: string | null;
  card_brand: string | null;
  receipt_lines: string | null;
  trace_no: string | null;
  receipt_no: string | null;
  short_ref: string | null;
  short_ref_day: string | null;
  approved_amount_minor: number | null;
  approved_currency: string | null;
  terminal_data: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  settled_by: string | null;
  settled_at: string | null;
  settle_reason: string | null;
}

function fromRow(r: Row): Payment {
  return {
    id: r.id,
    kioskId: r.kiosk_id,
    terminalId: r.terminal_id,
    protocol: r.protocol,
    amountMinor: r.amount_minor,
    currency: r.currency,
    reference: r.reference,
    isTest: r.is_test === 1,
    state: r.state,
    reason: r.reason,
    authCode: r.auth_code,
    maskedPan: r.masked_pan,
    cardBrand: r.card_brand,
    receiptLines: r.receipt_lines === null ? null : (JSON.parse(r.receipt_lines) as string[]),
    traceNo: r.trace_no,
    receiptNo: r.receipt_no,
    shortRef: r.short_ref ?? null,
    shortRefDay: r.short_ref_day ?? null,
    approvedAmountMinor: r.approved_amount_minor ?? null,
    approvedCurrency: r.approved_currency ?? null,
    terminalData: r.terminal_data ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
    settledBy: r.settled_by,
    settledAt: r.settled_at,
    settleReason: r.settle_reason,
  };
}

export function getPayment(db: Db, id: string): Payment | undefined {
  const row = prepared(db, 'SELECT * FROM payments WHERE id = ?').get(id) as Row | undefined;
  return row && fromRow(row);
}

export function openPaymentFor(db: Db, terminalId: string): Payment | undefined {
  const row = prepared(db, "SELECT * FROM payments WHERE terminal_id = ? AND state IN ('intent', 'sent')").get(terminalId) as Row | undefined;
  return row && fromRow(row);
}

/** Payments that are open or unknown, oldest first; all terminals unless one is named. */
export function pendingPayments(db: Db, terminalId?: string): Payment[] {
  const rows = (
    terminalId === undefined
      ? prepared(db, "SELECT * FROM payments WHERE state IN ('intent', 'sent', 'unknown') ORDER BY created_at, id").all()
      : prepared(db, "SELECT * FROM payments WHERE terminal_id = ? AND state IN ('intent', 'sent', 'unknown') ORDER BY created_at, id").all(terminalId)
  ) as Row[];
  return rows.map(fromRow);
}

export function countPayments(db: Db): number {
  return (prepared(db, 'SELECT count(*) AS n FROM payments').get() as { n: number }).n;
}

/** The most recent payment on a terminal that reached it (not_sent ones never did), whatever its state. */
export function lastPaymentOn(db: Db, terminalId: string): Payment | undefined {
  const row = prepared(db, "SELECT * FROM payments WHERE terminal_id = ? AND state <> 'not_sent' ORDER BY rowid DESC LIMIT 1").get(terminalId) as
    Row | undefined;
  return row && fromRow(row);
}

export function listPayments(db: Db, opts: { limit?: number; state?: PaymentState } = {}): Payment[] {
  const rows = (
    opts.state === undefined
      ? prepared(db, 'SELECT * FROM payments ORDER BY created_at DESC, id DESC LIMIT ?').all(opts.limit ?? 100)
      : prepared(db, 'SELECT * FROM payments WHERE state = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(opts.state, opts.limit ?? 100)
  ) as Row[];
  return rows.map(fromRow);
}

/**
 * An approval already journaled on this terminal with the same receipt number, trace number or
 * authorisation code: a repeated receipt matching it is the receipt of that older payment.
 */
export function approvalMatching(
  db: Db,
  terminalId: string,
  m: { receiptNo?: string | undefined; traceNo?: string | undefined; authCode?: string | undefined },
): Payment | undefined {
  const row = prepared(
    db,
    `SELECT * FROM payments WHERE terminal_id = ? AND state IN ('approved', 'settled_approved')
         AND ((? IS NOT NULL AND receipt_no = ?) OR (? IS NOT NULL AND trace_no = ?) OR (? IS NOT NULL AND auth_code = ?)) LIMIT 1`,
  ).get(terminalId, m.receiptNo ?? null, m.receiptNo ?? null, m.traceNo ?? null, m.traceNo ?? null, m.authCode ?? null, m.authCode ?? null) as Row | undefined;
  return row && fromRow(row);
}

/**
 * Writes the `intent` row (and its event) before anything goes to the terminal. Refuses, as values, an id
 * that was used before (idempotency: the caller gets the journaled payment, nothing is sent again) and a
 * terminal that already has an open payment.
 */
export function recordIntent(db: Db, p: NewPayment, at = new Date()): IntentResult {
  const run = db.transaction((): IntentResult => {
    const prior = getPayment(db, p.id);
    if (prior) return { ok: false, reason: 'duplicate-id', payment: prior };
    const open = openPaymentFor(db, p.terminalId);
    if (open) return { ok: false, reason: 'terminal-busy', open };
    const iso = at.toISOString();
    const day = p.businessDay ?? dayAt(at, 'UTC');
    const seq = nextShortRefSeq(db, p.terminalId, day);
    if (seq > MAX_SHORT_REF_SEQ) {
      // Thrown to roll the counter back with the transaction; answered as a value below.
      throw new ShortRefsExhausted(
        `terminal ${p.terminalId} has used all ${MAX_SHORT_REF_SEQ} short references of ${day}: use another terminal id or wait for the next day`,
      );
    }
    const shortRef = formatShortRef(day, seq);
    prepared(
      db,
      `INSERT INTO payments (id, kiosk_id, terminal_id, protocol, amount_minor, currency, reference, is_test, state,
                             created_at, updated_at, short_ref, short_ref_day)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'intent', ?, ?, ?, ?)`,
    ).run(p.id, p.kioskId, p.terminalId, p.protocol, p.amountMinor, p.currency, p.reference ?? null, p.isTest ? 1 : 0, iso, iso, shortRef, day);
    const row = rawPaymentRow(db, p.id)!;
    appendEvent(db, {
      kind: 'payment.intent',
      subject: p.id,
      at,
      payload: {
        kioskId: p.kioskId,
        terminalId: p.terminalId,
        protocol: p.protocol,
        amountMinor: p.amountMinor,
        currency: p.currency,
        reference: p.reference ?? null,
        isTest: p.isTest ?? false,
        shortRef,
        shortRefDay: day,
        ...sealed(db, row),
      },
    });
    return { ok: true, payment: fromRow(row as unknown as Row) };
  });
  // IMMEDIATE: the write lock is taken before the checks, so a second process sees our row or we see its.
  try {
    return run.immediate();
  } catch (err) {
    if (err instanceof ShortRefsExhausted) return { ok: false, reason: 'no-short-ref', detail: err.message };
    throw err;
  }
}

class ShortRefsExhausted extends Error {}

/** The seal of the row as just written (store/payment-seal.ts); none in a journal without a key. */
function sealed(db: Db, row: Parameters<typeof sealOf>[1]): { seal?: ReturnType<typeof sealOf> } {
  const key = usableKey(db);
  return key ? { seal: sealOf(key, row) } : {};
}

export function isLegal(from: PaymentState, to: PaymentState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Event kind for a state: `payment.sent`, `payment.not-sent`, `payment.settled-approved`, … */
export function eventKind(state: PaymentState): string {
  return `payment.${state.replace(/_/g, '-')}`;
}

/**
 * Moves a payment to `to`, storing the data that comes with it, and appends `payment.<state>` in the same
 * transaction. `expectFrom` guards against acting on a stale read (the row moved meanwhile).
 */
export function transition(
  db: Db,
  id: string,
  to: PaymentState,
  data: TransitionData,
  by: Actor,
  opts: { at?: Date; expectFrom?: readonly PaymentState[] } = {},
): TransitionResult {
  const at = opts.at ?? new Date();
  const run = db.transaction((): TransitionResult => {
    const cur = getPayment(db, id);
    if (!cur) return { ok: false, reason: 'not-found', detail: `no payment with id ${id}: check the id against GET /payments/pending` };
    if (!isLegal(cur.state, to) || (opts.expectFrom && !opts.expectFrom.includes(cur.state))) {
      return { ok: false, reason: 'illegal-transition', payment: cur, detail: `payment ${id} is ${cur.state}; it cannot become ${to}` };
    }
    const iso = at.toISOString();
    const settled = to === 'settled_approved' || to === 'settled_not_charged';
    prepared(
      db,
      `UPDATE payments SET state = ?, updated_at = ?,
         reason = COALESCE(?, reason), auth_code = COALESCE(?, auth_code), masked_pan = COALESCE(?, masked_pan),
         card_brand = COALESCE(?, card_brand), receipt_lines = COALESCE(?, receipt_lines), trace_no = COALESCE(?, trace_no),
         receipt_no = COALESCE(?, receipt_no), approved_amount_minor = COALESCE(?, approved_amount_minor),
         approved_currency = COALESCE(?, approved_currency), terminal_data = COALESCE(?, terminal_data), sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END,
         settled_by = ?, settled_at = ?, settle_reason = ?
       WHERE id = ?`,
    ).run(
      to,
      iso,
      data.reason ?? null,
      data.authCode ?? null,
      data.maskedPan ?? null,
      data.cardBrand ?? null,
      data.receiptLines ? JSON.stringify(data.receiptLines) : null,
      data.traceNo ?? null,
      data.receiptNo ?? null,
      data.approvedAmountMinor ?? null,
      data.approvedCurrency ?? null,
      data.terminalData ?? null,
      to,
      iso,
      settled ? (data.settledBy ?? null) : null,
      settled ? iso : null,
      settled ? (data.settleReason ?? null) : null,
      id,
    );
    // The hash-chained events can never be edited, so personal data (masked card number, the terminal's
    // receipt text) stays in the payments row only, where retention can remove it.
    const payload: Record<string, unknown> = { from: cur.state, to, by };
    for (const [k, v] of Object.entries(data)) if (v !== undefined && k !== 'maskedPan' && k !== 'receiptLines') payload[k] = v;
    const row = rawPaymentRow(db, id)!;
    appendEvent(db, { kind: eventKind(to), subject: id, at, payload: { ...payload, ...sealed(db, row) } });
    return { ok: true, payment: fromRow(row as unknown as Row) };
  });
  return run.immediate();
}
