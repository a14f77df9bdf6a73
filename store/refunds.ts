// The refund journal (migration 022): journal first like payments. Every change of a refund row, its event and,
// with a refund done, the eTimbre reference's refunded amount are one transaction. The rules a second supervisor
// or a bug could break (one refund open per payment, never more back than was approved) are checked here inside a
// BEGIN IMMEDIATE transaction and answered with values; the table's index and triggers are the last line.
import type { Db } from './db';
import { appendEvent } from './events';
import { getPayment, type Actor, type Payment, type Protocol } from './payments';
import { prepared } from './statements';
import { usableKey } from './chain-key';
import { rawRefundRow, refundSealOf } from './payment-seal';
import type { Fail } from '../shared/result';

export type RefundMethod = 'reversal' | 'refund';
export type RefundState = 'intent' | 'sent' | 'refunded' | 'declined' | 'aborted' | 'unknown' | 'not_sent' | 'settled_refunded' | 'settled_not_refunded';

/** Mirrors the trigger of migrations/022_refunds.sql. */
export const REFUND_TRANSITIONS: Readonly<Record<RefundState, readonly RefundState[]>> = {
  intent: ['sent', 'refunded', 'declined', 'aborted', 'unknown', 'not_sent'],
  sent: ['refunded', 'declined', 'aborted', 'unknown'],
  unknown: ['refunded', 'settled_refunded', 'settled_not_refunded'],
  refunded: [],
  declined: [],
  aborted: [],
  not_sent: [],
  settled_refunded: [],
  settled_not_refunded: [],
};

/** Refunds that gave, or may have given, money back: they count against the approved amount. */
export const COUNTING_STATES: readonly RefundState[] = ['intent', 'sent', 'refunded', 'unknown', 'settled_refunded'];
/** Refunds that gave money back for sure. */
export const DONE_STATES: readonly RefundState[] = ['refunded', 'settled_refunded'];
/** Refunds the terminal may be working on, or whose fate is open: they block another refund of the payment. */
export const OPEN_REFUND_STATES: readonly RefundState[] = ['intent', 'sent', 'unknown'];

export interface Refund {
  id: string;
  paymentId: string;
  method: RefundMethod;
  kioskId: string;
  terminalId: string;
  protocol: Protocol;
  amountMinor: number;
  currency: string;
  etimbreReference: string | null;
  shortRef: string | null;
  why: string;
  requestedBy: string;
  state: RefundState;
  reason: string | null;
  receiptNo: string | null;
  traceNo: string | null;
  authCode: string | null;
  receiptLines: string[] | null;
  terminalAmountMinor: number | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  settledBy: string | null;
  settledAt: string | null;
  settleReason: string | null;
}

interface Row {
  id: string;
  payment_id: string;
  method: RefundMethod;
  kiosk_id: string;
  terminal_id: string;
  protocol: Protocol;
  amount_minor: number;
  currency: string;
  etimbre_reference: string | null;
  short_ref: string | null;
  why: string;
  requested_by: string;
  state: RefundState;
  reason: string | null;
  receipt_no: string | null;
  trace_no: string | null;
  auth_code: string | null;
  receipt_lines: string | null;
  terminal_amount_minor: number | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  settled_by: string | null;
  settled_at: string | null;
  settle_reason: string | null;
}

function fromRow(r: Row): Refund {
  return {
    id: r.id,
    paymentId: r.payment_id,
    method: r.method,
    kioskId: r.kiosk_id,
    terminalId: r.terminal_id,
    protocol: r.protocol,
    amountMinor: r.amount_minor,
    currency: r.currency,
    etimbreReference: r.etimbre_reference,
    shortRef: r.short_ref,
    why: r.why,
    requestedBy: r.requested_by,
    state: r.state,
    reason: r.reason,
    receiptNo: r.receipt_no,
    traceNo: r.trace_no,
    authCode: r.auth_code,
    receiptLines: r.receipt_lines === null ? null : (JSON.parse(r.receipt_lines) as string[]),
    terminalAmountMinor: r.terminal_amount_minor,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
    settledBy: r.settled_by,
    settledAt: r.settled_at,
    settleReason: r.settle_reason,
  };
}

export function getRefund(db: Db, id: string): Refund | undefined {
  const row = prepared(db, 'SELECT * FROM refunds WHERE id = ?').get(id) as Row | undefined;
  return row && fromRow(row);
}

export function refundsOf(db: Db, paymentId: string): Refund[] {
  return (prepared(db, 'SELECT * FROM refunds WHERE payment_id = ? ORDER BY created_at, id').all(paymentId) as Row[]).map(fromRow);
}

/** Refunds in flight or unknown (start-up reconciliation, the staff lock), oldest first. */
export function pendingRefunds(db: Db, terminalId?: string): Refund[] {
  const rows = (
    terminalId === undefined
      ? prepared(db, "SELECT * FROM refunds WHERE state IN ('intent', 'sent', 'unknown') ORDER BY created_at, id").all()
      : prepared(db, "SELECT * FROM refunds WHERE terminal_id = ? AND state IN ('intent', 'sent', 'unknown') ORDER BY created_at, id").all(terminalId)
  ) as Row[];
  return rows.map(fromRow);
}

export function listRefunds(db: Db, opts: { limit?: number } = {}): Refund[] {
  return (prepared(db, 'SELECT * FROM refunds ORDER BY created_at DESC, id DESC LIMIT ?').all(opts.limit ?? 100) as Row[]).map(fromRow);
}

/** What a payment approved, what went back or may have, and what is left to refund. */
export interface Refundable {
  approvedMinor: number;
  currency: string;
  /** Refunds done or possibly done (in flight, unknown). */
  committedMinor: number;
  /** Refunds done for sure. */
  refundedMinor: number;
  leftMinor: number;
}

export function refundable(db: Db, p: Payment): Refundable {
  const approvedMinor = p.approvedAmountMinor ?? p.amountMinor;
  const sums = prepared(
    db,
    `SELECT COALESCE(sum(CASE WHEN state IN ('intent', 'sent', 'refunded', 'unknown', 'settled_refunded') THEN amount_minor END), 0) AS committed,
            COALESCE(sum(CASE WHEN state IN ('refunded', 'settled_refunded') THEN amount_minor END), 0) AS done
       FROM refunds WHERE payment_id = ?`,
  ).get(p.id) as { committed: number; done: number };
  return {
    approvedMinor,
    currency: p.approvedCurrency ?? p.currency,
    committedMinor: sums.committed,
    refundedMinor: sums.done,
    leftMinor: Math.max(0, approvedMinor - sums.committed),
  };
}

export interface NewRefund {
  id: string;
  paymentId: string;
  method: RefundMethod;
  kioskId: string;
  terminalId: string;
  /** The whole amount left when absent. */
  amountMinor?: number;
  why: string;
  requestedBy: string;
  shortRef?: string | null;
  /**
   * The reversal of a test payment (the first-run setup charges the smallest amount and takes it back at once).
   * Only a whole reversal: a test payment is never refunded (card presented again) from the kiosk.
   */
  testReversal?: boolean;
}

export type RefundIntentResult =
  | { ok: true; refund: Refund; payment: Payment }
  | Fail<'not-found', { detail: string }>
  | Fail<'not-refundable', { detail: string; payment: Payment }>
  | Fail<'too-much', { detail: string; payment: Payment; refundable: Refundable }>
  | Fail<'refund-open', { detail: string; open: Refund }>
  | Fail<'duplicate-id', { detail: string; refund: Refund }>
  | Fail<'terminal-busy', { detail: string }>;

/**
 * Writes the refund's `intent` row (and its event) before anything goes to the terminal. In one BEGIN IMMEDIATE
 * transaction: the payment is approved, no other refund of it is open, and this one with those done or in flight
 * stays within what was approved. Two supervisors at once: the second sees the first's row and is refused.
 */
export function recordRefundIntent(db: Db, r: NewRefund, at = new Date()): RefundIntentResult {
  const run = db.transaction((): RefundIntentResult => {
    const prior = getRefund(db, r.id);
    if (prior) return { ok: false, reason: 'duplicate-id', refund: prior, detail: `refund ${r.id} was already made (${prior.state}): it is never sent twice` };
    const payment = getPayment(db, r.paymentId);
    if (!payment) return { ok: false, reason: 'not-found', detail: `no payment with id ${r.paymentId}: check the id in the supervisor's payment list` };
    if (payment.state !== 'approved' && payment.state !== 'settled_approved') {
      return {
        ok: false,
        reason: 'not-refundable',
        payment,
        detail: `payment ${payment.id} is ${payment.state}: only an approved payment took money to give back`,
      };
    }
    if (payment.isTest && !(r.testReversal === true && r.method === 'reversal'))
      return { ok: false, reason: 'not-refundable', payment, detail: `payment ${payment.id} is a test payment: it is not refunded from the kiosk` };
    const open = prepared(db, "SELECT * FROM refunds WHERE payment_id = ? AND state IN ('intent', 'sent', 'unknown') LIMIT 1").get(payment.id) as
      Row | undefined;
    if (open) {
      const o = fromRow(open);
      return {
        ok: false,
        reason: 'refund-open',
        open: o,
        detail: `refund ${o.id} of payment ${payment.id} is ${o.state} (asked by ${o.requestedBy}): wait for it, or settle it if it is unknown`,
      };
    }
    const busy = prepared(db, "SELECT id FROM refunds WHERE terminal_id = ? AND state IN ('intent', 'sent') LIMIT 1").get(r.terminalId) as
      { id: string } | undefined;
    if (busy) return { ok: false, reason: 'terminal-busy', detail: `terminal ${r.terminalId} is working on refund ${busy.id}: wait for its outcome` };
    const left = refundable(db, payment);
    const amount = r.amountMinor ?? left.leftMinor;
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > left.leftMinor) {
      return {
        ok: false,
        reason: 'too-much',
        payment,
        refundable: left,
        detail:
          left.leftMinor === 0
            ? `payment ${payment.id} has nothing left to refund (${left.committedMinor} of ${left.approvedMinor} minor units refunded or in flight)`
            : `amount ${amount} must be a whole number of minor units from 1 to ${left.leftMinor} (what is left of the ${left.approvedMinor} approved)`,
      };
    }
    const iso = at.toISOString();
    prepared(
      db,
      `INSERT INTO refunds (id, payment_id, method, kiosk_id, terminal_id, protocol, amount_minor, currency, etimbre_reference, short_ref,
                            why, requested_by, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'intent', ?, ?)`,
    ).run(
      r.id,
      payment.id,
      r.method,
      r.kioskId,
      r.terminalId,
      payment.protocol,
      amount,
      left.currency,
      payment.reference,
      r.shortRef ?? null,
      r.why,
      r.requestedBy,
      iso,
      iso,
    );
    appendEvent(db, {
      kind: 'refund.intent',
      subject: r.id,
      at,
      payload: {
        paymentId: payment.id,
        method: r.method,
        kioskId: r.kioskId,
        terminalId: r.terminalId,
        amountMinor: amount,
        currency: left.currency,
        etimbreReference: payment.reference,
        why: r.why,
        requestedBy: r.requestedBy,
        ...sealed(db, r.id),
      },
    });
    return { ok: true, refund: getRefund(db, r.id)!, payment };
  });
  return run.immediate();
}

export interface RefundData {
  reason?: string | undefined;
  receiptNo?: string | undefined;
  traceNo?: string | undefined;
  authCode?: string | undefined;
  receiptLines?: string[] | undefined;
  terminalAmountMinor?: number | undefined;
  settledBy?: string;
  settleReason?: string;
}

export type RefundTransitionResult =
  { ok: true; refund: Refund } | Fail<'not-found', { detail: string }> | Fail<'illegal-transition', { refund: Refund; detail: string }>;

/**
 * Moves a refund to `to` and appends `refund.<state>` in the same transaction. A refund done (refunded or
 * settled as refunded) adds its amount to the eTimbre reference's refunded amount, and voids the reference when
 * the whole approved amount went back.
 */
export function transitionRefund(
  db: Db,
  id: string,
  to: RefundState,
  data: RefundData,
  by: Actor,
  opts: { at?: Date; expectFrom?: readonly RefundState[] } = {},
): RefundTransitionResult {
  const at = opts.at ?? new Date();
  const run = db.transaction((): RefundTransitionResult => {
    const cur = getRefund(db, id);
    if (!cur) return { ok: false, reason: 'not-found', detail: `no refund with id ${id}` };
    if (!REFUND_TRANSITIONS[cur.state].includes(to) || (opts.expectFrom && !opts.expectFrom.includes(cur.state))) {
      return { ok: false, reason: 'illegal-transition', refund: cur, detail: `refund ${id} is ${cur.state}; it cannot become ${to}` };
    }
    const iso = at.toISOString();
    const settled = to === 'settled_refunded' || to === 'settled_not_refunded';
    prepared(
      db,
      `UPDATE refunds SET state = ?, updated_at = ?, reason = COALESCE(?, reason), receipt_no = COALESCE(?, receipt_no),
         trace_no = COALESCE(?, trace_no), auth_code = COALESCE(?, auth_code), receipt_lines = COALESCE(?, receipt_lines),
         terminal_amount_minor = COALESCE(?, terminal_amount_minor), sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END,
         settled_by = ?, settled_at = ?, settle_reason = ?
       WHERE id = ?`,
    ).run(
      to,
      iso,
      data.reason ?? null,
      data.receiptNo ?? null,
      data.traceNo ?? null,
      data.authCode ?? null,
      data.receiptLines ? JSON.stringify(data.receiptLines) : null,
      data.terminalAmountMinor ?? null,
      to,
      iso,
      settled ? (data.settledBy ?? null) : null,
      settled ? iso : null,
      settled ? (data.settleReason ?? null) : null,
      id,
    );
    const payload: Record<string, unknown> = { paymentId: cur.paymentId, from: cur.state, to, by };
    // The receipt text may print the card number: it stays in the row, out of the hash-chained events.
    for (const [k, v] of Object.entries(data)) if (v !== undefined && k !== 'receiptLines') payload[k] = v;
    appendEvent(db, { kind: refundEventKind(to), subject: id, at, payload: { ...payload, ...sealed(db, id) } });
    if (DONE_STATES.includes(to) && cur.etimbreReference) markETimbreRefunded(db, cur, at);
    return { ok: true, refund: getRefund(db, id)! };
  });
  return run.immediate();
}

/** The event that records a refund reaching `state`: refund.intent, refund.settled-refunded, … */
export function refundEventKind(state: RefundState): string {
  return `refund.${state.replace(/_/g, '-')}`;
}

/** The seal of the refund row as just written (store/payment-seal.ts); none in a journal without a key. */
function sealed(db: Db, id: string): { seal?: ReturnType<typeof refundSealOf> } {
  const key = usableKey(db);
  return key ? { seal: refundSealOf(key, rawRefundRow(db, id)!) } : {};
}

/** Inside transitionRefund's transaction: the eTimbre reference's refunded amount, voided when all went back. */
function markETimbreRefunded(db: Db, r: Refund, at: Date): void {
  const ref = r.etimbreReference!;
  const payment = getPayment(db, r.paymentId)!;
  const left = refundable(db, payment);
  const changed = prepared(db, 'UPDATE etimbre_references SET refunded_minor = refunded_minor + ? WHERE reference = ?').run(r.amountMinor, ref).changes;
  if (changed === 0) return; // a reference issued elsewhere (the hub, an older kiosk): the refund row keeps it
  const voided = left.refundedMinor >= left.approvedMinor;
  if (voided) prepared(db, 'UPDATE etimbre_references SET voided_at = COALESCE(voided_at, ?) WHERE reference = ?').run(at.toISOString(), ref);
  appendEvent(db, {
    kind: voided ? 'etimbre.voided' : 'etimbre.refunded',
    subject: ref,
    at,
    payload: { refundId: r.id, paymentId: r.paymentId, amountMinor: r.amountMinor, refundedMinor: left.refundedMinor, approvedMinor: left.approvedMinor },
  });
}

/** The eTimbre reference's refund marks (migration 022). */
export function etimbreRefundState(db: Db, reference: string): { refundedMinor: number; voidedAt: string | null } | undefined {
  const row = prepared(db, 'SELECT refunded_minor, voided_at FROM etimbre_references WHERE reference = ?').get(reference) as
    { refunded_minor: number; voided_at: string | null } | undefined;
  return row && { refundedMinor: row.refunded_minor, voidedAt: row.voided_at };
}

/** A terminal's refunds asked in [from, to) (the day close counts them in the day they were made). */
export function refundsBetween(db: Db, fromIso: string, toIso: string, terminalId?: string): Refund[] {
  const rows = (
    terminalId === undefined
      ? prepared(db, 'SELECT * FROM refunds WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id').all(fromIso, toIso)
      : prepared(db, 'SELECT * FROM refunds WHERE created_at >= ? AND created_at < ? AND terminal_id = ? ORDER BY created_at, id').all(
          fromIso,
          toIso,
          terminalId,
        )
  ) as Row[];
  return rows.map(fromRow);
}
