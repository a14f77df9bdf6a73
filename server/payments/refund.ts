// The journal-first refund service (DESIGN.md "Payment safety", rule 6): a supervisor gives money back for an
// approved payment. Like a payment:
//   1. the refund's `intent` is committed (store/refunds.ts checks: approved, nothing else open, never more back
//      than approved) before the driver is called, so before the first byte reaches the terminal;
//   2. `sent` is committed inside the driver's onAcknowledged; the request is never sent again;
//   3. the outcome is committed in its own transaction.
// Which command: a ZVT reversal (06 30, by the payment's receipt number, the whole amount) while the terminal's
// day is still open (the payment's business day, no ZVT end of day closed since, no reversal of it refused
// before); otherwise a refund (ZVT 06 31 / Concert type 1: an amount, the card presented again).
import type { Db } from '../../store/db';
import { getPayment, type Payment } from '../../store/payments';
import { getRefund, recordRefundIntent, refundable, refundsOf, transitionRefund, type Refund, type RefundMethod, type RefundState } from '../../store/refunds';
import type { Approved, PaymentTerminal, PayResult, ReversalResult, ZvtTerminal } from '../devices/index';
import { businessDay } from '../../domain/queue/business-day';
import { newPaymentId } from './id';
import { prepared } from '../../store/statements';
import type { Fail } from '../../shared/result';

/** Named points of a refund where the chaos test makes the process die (server/commands/pay.ts). */
export const REFUND_CHECKPOINTS = ['before-intent', 'after-intent', 'after-sent', 'after-answer', 'after-outcome'] as const;
export type RefundCheckpoint = (typeof REFUND_CHECKPOINTS)[number];

export interface RefundInput {
  paymentId: string;
  /** Why the money goes back (journaled, printed on the refund receipt). */
  why: string;
  /** The supervisor asking. */
  requestedBy: string;
  /** Minor units; the whole amount left when absent. A partial amount is always a refund, never a reversal. */
  amountMinor?: number;
  /** Idempotency key; a new one when absent. */
  id?: string;
  signal?: AbortSignal;
  /** Reverse a test payment (kiosk setup's): a ZVT reversal only, never a refund. */
  testReversal?: boolean;
}

export type RefundRefusal = 'not-found' | 'not-refundable' | 'too-much' | 'refund-open' | 'duplicate-id' | 'terminal-busy' | 'no-refund-command' | 'invalid';

export type RefundOutcome =
  | { ok: true; outcome: 'refunded'; refund: Refund; payment: Payment; fullyRefunded: boolean }
  | { ok: false; outcome: Exclude<RefundState, 'intent' | 'sent' | 'refunded' | 'settled_refunded' | 'settled_not_refunded'>; reason: string; refund: Refund }
  | Fail<RefundRefusal, { outcome: 'refused'; detail: string }>;

export interface RefundServiceOptions {
  db: Db;
  terminal: PaymentTerminal;
  kioskId: string;
  terminalId: string;
  /** The consulate's zone: a reversal is only tried on the payment's own business day there. Default UTC. */
  timeZone?: string;
  now?: () => Date;
  newId?: () => string;
  checkpoint?: (point: RefundCheckpoint, refundId: string) => void;
  /** After a refund is journaled as done: cancel the visit's ticket, print the refund receipt. Failures are logged by the caller. */
  onRefunded?: (r: { refund: Refund; payment: Payment; fullyRefunded: boolean }) => Promise<void> | void;
}

export class RefundService {
  private current: string | null = null;
  private readonly now: () => Date;

  constructor(private readonly opts: RefundServiceOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Reversal while the terminal's day is open (ZVT), else refund. */
  chooseMethod(p: Payment, amountMinor: number | undefined): RefundMethod {
    const t = this.opts.terminal as Partial<ZvtTerminal>;
    if (p.protocol !== 'zvt' || typeof t.reverse !== 'function' || !p.receiptNo) return 'refund';
    const left = refundable(this.opts.db, p);
    if (left.committedMinor > 0 || (amountMinor !== undefined && amountMinor !== left.approvedMinor)) return 'refund';
    // A reversal of this payment the terminal refused (its day was closed after all): refund instead.
    if (refundsOf(this.opts.db, p.id).some((r) => r.method === 'reversal' && (r.state === 'declined' || r.state === 'aborted'))) return 'refund';
    const today = businessDay(this.now(), this.opts.timeZone ?? 'UTC');
    if (p.shortRefDay !== null && p.shortRefDay !== today) return 'refund';
    const closed = prepared(this.opts.db, "SELECT 1 FROM day_closes WHERE terminal_id = ? AND source = 'zvt-end-of-day' AND closed_at > ? LIMIT 1").get(
      p.terminalId,
      p.updatedAt,
    );
    return closed ? 'refund' : 'reversal';
  }

  async refund(input: RefundInput): Promise<RefundOutcome> {
    if (!input.why.trim()) return { ok: false, outcome: 'refused', reason: 'invalid', detail: 'give the reason for the refund (--reason / "reason")' };
    if (this.current !== null) {
      return { ok: false, outcome: 'refused', reason: 'terminal-busy', detail: `refund ${this.current} is on the terminal: wait for its outcome` };
    }
    const payment = getPayment(this.opts.db, input.paymentId);
    if (!payment) return { ok: false, outcome: 'refused', reason: 'not-found', detail: `no payment with id ${input.paymentId}` };
    const method = this.chooseMethod(payment, input.amountMinor);
    if (input.testReversal === true && method !== 'reversal') {
      const why = payment.protocol === 'zvt' ? 'no receipt number, or the terminal day is closed' : `${payment.protocol} has no reversal`;
      return {
        ok: false,
        outcome: 'refused',
        reason: 'not-refundable',
        detail: `payment ${payment.id} cannot be reversed from the kiosk (${why}): cancel it on the terminal`,
      };
    }
    if (method === 'refund' && typeof this.opts.terminal.refund !== 'function') {
      return { ok: false, outcome: 'refused', reason: 'no-refund-command', detail: `the ${this.opts.terminal.protocol} terminal driver cannot refund` };
    }
    const id = input.id ?? `rf-${(this.opts.newId ?? newPaymentId)()}`.slice(0, 64);
    this.current = id;
    try {
      return await this.run(id, method, payment, input);
    } finally {
      this.current = null;
    }
  }

  private async run(id: string, method: RefundMethod, payment: Payment, input: RefundInput): Promise<RefundOutcome> {
    const { db, terminal } = this.opts;
    this.opts.checkpoint?.('before-intent', id);
    // Concert carries it in the private field: what staff find in the terminal's journal ("R" + the payment's).
    const shortRef = payment.shortRef ? `R${payment.shortRef}`.slice(0, 10) : null;
    const intent = recordRefundIntent(
      db,
      {
        id,
        paymentId: payment.id,
        method,
        kioskId: this.opts.kioskId,
        terminalId: this.opts.terminalId,
        why: input.why.trim(),
        requestedBy: input.requestedBy,
        shortRef,
        ...(input.amountMinor !== undefined ? { amountMinor: input.amountMinor } : {}),
        ...(input.testReversal === true ? { testReversal: true } : {}),
      },
      this.now(),
    );
    if (!intent.ok) return { ok: false, outcome: 'refused', reason: intent.reason, detail: intent.detail ?? intent.reason };
    const refund = intent.refund;
    this.opts.checkpoint?.('after-intent', id);

    let acknowledged = false;
    const onAcknowledged = () => {
      if (acknowledged) return;
      acknowledged = true;
      try {
        transitionRefund(db, id, 'sent', {}, 'service', { at: this.now(), expectFrom: ['intent'] });
      } catch {
        // the outcome is legal from `intent` too: the answer is still recorded below
      }
      this.opts.checkpoint?.('after-sent', id);
    };
    let result: PayResult | ReversalResult;
    try {
      result =
        method === 'reversal'
          ? await (terminal as ZvtTerminal).reverse!(payment.receiptNo!, { onAcknowledged })
          : await terminal.refund!({
              amountMinor: refund.amountMinor,
              currency: refund.currency,
              reference: id,
              ...(shortRef ? { shortRef } : {}),
              ...(input.signal ? { signal: input.signal } : {}),
              onAcknowledged,
            });
    } catch (err) {
      result = { ok: false, outcome: 'unknown', reason: `terminal driver failed: ${(err as Error).message}` };
    }
    this.opts.checkpoint?.('after-answer', id);

    let state: RefundState;
    let reason: string | undefined;
    if (result.ok) {
      const amount = result.amountMinor;
      if (method === 'refund' && amount !== refund.amountMinor) {
        // Money went back, but not what was asked: staff settle it from the terminal's journal.
        state = 'unknown';
        reason = `the terminal refunded ${amount} minor units, the kiosk asked for ${refund.amountMinor}: settle it from the terminal's journal`;
      } else state = 'refunded';
    } else {
      state = result.outcome === 'not_sent' && acknowledged ? 'unknown' : result.outcome;
      reason = result.reason;
    }
    const data = result.ok
      ? {
          reason,
          receiptNo: result.receiptNumber,
          receiptLines: result.receiptLines,
          terminalAmountMinor: result.amountMinor,
          // a refund answers like a payment (trace, authorisation); a reversal with its receipt only
          ...('outcome' in result ? { traceNo: (result as Approved).trace, authCode: (result as Approved).authCode } : {}),
        }
      : { reason };
    const done = transitionRefund(db, id, state, data, 'service', { at: this.now() });
    if (!done.ok) throw new Error(`refund ${id}: cannot record outcome ${state}: ${done.detail}`);
    this.opts.checkpoint?.('after-outcome', id);
    const after = getRefund(db, id)!;
    if (after.state !== 'refunded')
      return { ok: false, outcome: after.state as Exclude<RefundOutcome['outcome'], 'refunded' | 'refused'>, reason: reason ?? after.state, refund: after };
    const left = refundable(db, payment);
    const fullyRefunded = left.refundedMinor >= left.approvedMinor;
    await this.opts.onRefunded?.({ refund: after, payment, fullyRefunded });
    return { ok: true, outcome: 'refunded', refund: after, payment, fullyRefunded };
  }
}
