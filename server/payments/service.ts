// The journal-first payment service (DESIGN.md "Payment safety", rules 1-3):
//   1. `intent` is committed before the driver is called, so before the first byte reaches the terminal;
//   2. `sent` is committed synchronously inside onAcknowledged; the request is never sent again;
//   3. the outcome is committed in its own transaction once the driver answers.
// One payment at a time per terminal; a second one is refused with a value, never queued.
import type { Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import { getPayment, recordIntent, transition, type Payment, type PaymentState } from '../../store/payments';
import type { PayProgress, PayRequest, PayResult, PaymentTerminal, ZvtTerminal } from '../devices/index';
import { askZvtTerminal, isZvt, recordRecovered, type LockState, type ZvtVerdict } from './reconcile';
import { newPaymentId } from './id';
import { MAX_AMOUNT_MINOR } from '../../shared/money';
import { mismatchText, terminalApproval } from './approval';
import { cardDataOf, withReceipts } from './card-data';
import { businessDay } from '../../domain/queue/business-day';
import { isKnownCurrency } from '../../shared/currency';
import type { Fail } from '../../shared/result';
import { outcomeLabel, type FailedOutcome } from '../../shared/payment-outcome';

/** Named points of a payment where the chaos test makes the process die (see server/commands/pay.ts). */
export const CHECKPOINTS = ['before-intent', 'after-intent', 'after-sent', 'after-answer', 'after-outcome'] as const;
export type Checkpoint = (typeof CHECKPOINTS)[number];

export type PaymentEvent =
  | { type: 'state'; paymentId: string; state: PaymentState }
  | { type: 'progress'; paymentId: string; code: PayProgress['code']; text: string; deadline?: number };

export interface PayInput {
  amountMinor: number;
  currency: string;
  /** Appointment id or purpose, journaled with the payment. */
  reference?: string | null;
  isTest?: boolean;
  /** Idempotency key; a new one is made when absent. Reusing one returns the journaled payment. */
  id?: string;
  signal?: AbortSignal;
  /** ZVT "ECR controls payment": return false to make the terminal reverse an approval (see PayRequest). */
  confirmBooking?: PayRequest['confirmBooking'];
}

export type RefusalCode = 'busy' | 'locked' | 'duplicate-id' | 'invalid-request' | 'no-short-ref';

export type PayOutcome =
  | { ok: true; outcome: 'approved'; payment: Payment }
  | {
      ok: false;
      outcome: FailedOutcome;
      reason: string;
      payment: Payment;
      /** True when nothing was charged, so the visitor may try again as a NEW payment (new id). */
      retryAsNewPayment: boolean;
    }
  | Fail<RefusalCode, { outcome: 'refused'; detail: string; payment?: Payment; lock?: LockState }>;

export interface PaymentServiceOptions {
  db: Db;
  terminal: PaymentTerminal;
  kioskId: string;
  terminalId: string;
  /** The kiosk's lock (reconciler.lockState()): payments are refused unless it is ready. */
  lockState?: () => LockState;
  now?: () => Date;
  /** The consulate's IANA time zone: short references are counted per business day there. Default UTC. */
  timeZone?: string;
  newId?: () => string;
  /** Test seam: called at each named point of a payment, with the payment id. */
  checkpoint?: (point: Checkpoint, paymentId: string) => void;
  /**
   * A ZVT answer lost in flight is handed to the reconciler (PaymentReconciler.recoverLost), which asks the
   * terminal and keeps asking while it is silent. Without it the terminal is asked once (unit tests, CLI).
   */
  recoverLost?: (terminal: ZvtTerminal, p: Payment) => Promise<ZvtVerdict>;
}

type Listener = (e: PaymentEvent) => void;

export class PaymentService {
  private current: string | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly now: () => Date;

  constructor(private readonly opts: PaymentServiceOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  /** The payment being worked on right now, if any (the reconciler does not count it as pending). */
  inFlight(): string | null {
    return this.current;
  }

  /** Progress and state events of every payment (UI countdown, prompts). Returns the unsubscribe. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async pay(input: PayInput, onEvent?: Listener): Promise<PayOutcome> {
    const invalid = validate(input);
    if (invalid) return { ok: false, outcome: 'refused', reason: 'invalid-request', detail: invalid };
    if (this.current !== null) {
      return {
        ok: false,
        outcome: 'refused',
        reason: 'busy',
        detail: `terminal ${this.opts.terminalId} is taking payment ${this.current}: wait for its outcome`,
      };
    }
    const lock = this.opts.lockState?.() ?? { state: 'ready' };
    if (lock.state !== 'ready') {
      return {
        ok: false,
        outcome: 'refused',
        reason: 'locked',
        lock,
        detail:
          lock.state === 'reconciling'
            ? 'payments are being reconciled after a restart: try again in a moment'
            : `payments ${lock.paymentIds.join(', ')} may have taken money and wait for staff: settle them on the diagnostics page first`,
      };
    }
    const id = input.id ?? (this.opts.newId ?? newPaymentId)();
    // Claimed synchronously, before any await: a second call in the same tick is already refused.
    this.current = id;
    try {
      return await this.run(id, input, onEvent);
    } finally {
      this.current = null;
    }
  }

  private async run(id: string, input: PayInput, onEvent?: Listener): Promise<PayOutcome> {
    const { db, terminal } = this.opts;
    const emit = (e: PaymentEvent) => {
      onEvent?.(e);
      for (const l of this.listeners) l(e);
    };
    this.opts.checkpoint?.('before-intent', id);
    const at = this.now();
    const intent = recordIntent(
      db,
      {
        id,
        kioskId: this.opts.kioskId,
        terminalId: this.opts.terminalId,
        protocol: terminal.protocol,
        amountMinor: input.amountMinor,
        currency: input.currency,
        reference: input.reference ?? null,
        isTest: input.isTest ?? false,
        businessDay: businessDay(at, this.opts.timeZone ?? 'UTC'),
      },
      at,
    );
    if (!intent.ok) {
      switch (intent.reason) {
        case 'duplicate-id':
          return {
            ok: false,
            outcome: 'refused',
            reason: 'duplicate-id',
            payment: intent.payment,
            detail: `payment ${id} was already made (${intent.payment.state}): it is never sent twice; use a new id for a new payment`,
          };
        case 'terminal-busy':
          return {
            ok: false,
            outcome: 'refused',
            reason: 'busy',
            payment: intent.open,
            detail: `terminal ${this.opts.terminalId} already has open payment ${intent.open.id} (another process?): reconcile it first`,
          };
        case 'no-short-ref':
          return { ok: false, outcome: 'refused', reason: 'no-short-ref', detail: intent.detail };
      }
    }
    const shortRef = intent.payment.shortRef;
    emit({ type: 'state', paymentId: id, state: 'intent' });
    this.opts.checkpoint?.('after-intent', id);

    let acknowledged = false;
    let sentJournaled = false;
    let result: PayResult;
    try {
      result = await terminal.pay({
        amountMinor: input.amountMinor,
        currency: input.currency,
        reference: id,
        ...(shortRef ? { shortRef } : {}),
        ...(input.signal ? { signal: input.signal } : {}),
        ...(input.confirmBooking ? { confirmBooking: input.confirmBooking } : {}),
        onProgress: (p) => emit({ type: 'progress', paymentId: id, code: p.code, text: p.text, ...(p.deadline !== undefined ? { deadline: p.deadline } : {}) }),
        onAcknowledged: () => {
          if (acknowledged) return;
          acknowledged = true;
          // A failed commit here must not break the driver mid-transaction: the outcome write below is
          // legal from `intent` too, so the answer is still recorded.
          try {
            sentJournaled = transition(db, id, 'sent', {}, 'service', { at: this.now(), expectFrom: ['intent'] }).ok;
          } catch {
            sentJournaled = false;
          }
          if (sentJournaled) emit({ type: 'state', paymentId: id, state: 'sent' });
          this.opts.checkpoint?.('after-sent', id);
        },
      });
    } catch (err) {
      // A throwing driver is a bug; whether bytes went out is unknown, so money may have been taken.
      result = { ok: false, outcome: 'unknown', reason: `terminal driver failed: ${(err as Error).message}` };
    }
    this.opts.checkpoint?.('after-answer', id);

    let state: PaymentState = result.outcome;
    let reason = result.ok ? undefined : result.reason;
    if (state === 'not_sent' && acknowledged) {
      // The terminal acknowledged the request, so "not sent" is a driver contradiction: assume the worst.
      state = 'unknown';
      reason = `driver reported not-sent after the terminal acknowledged the request (${reason})`;
    }
    const approved = terminalApproval(result, input);
    if (approved && !approved.matches) {
      // Money was taken, but not the fee: never booked as the fee, so no ticket and receipt are printed as if
      // paid in full. The payment becomes `unknown` with the terminal's figures beside the request (which
      // never changes): that locks the kiosk and alerts the counters like a lost answer, and staff settle it
      // from the terminal's journal (refund on the terminal, or collect the difference, then settle).
      state = 'unknown';
      reason = `${mismatchText(approved.approval, input)}: money was taken but it is not the fee; staff settle it from the terminal's journal`;
    }
    const a = approved?.approval;
    const outcomeAt = this.now();
    const done = withReceipts(db, id, a, outcomeAt, () =>
      transition(db, id, state, a ? { reason, ...cardDataOf(a) } : { reason }, 'service', { at: outcomeAt }),
    );
    if (!done.ok) {
      // Only a second writer (a reconciliation run in another process) can cause this. Keep the answer.
      appendEvent(db, { kind: 'payment.outcome-unrecorded', subject: id, payload: { state, result: { ...result, outcome: outcomeLabel(result.outcome) } } });
      throw new Error(`payment ${id}: cannot record outcome ${state}: ${done.detail}; the answer is kept as event payment.outcome-unrecorded`);
    }
    let payment = done.payment;
    emit({ type: 'state', paymentId: id, state });
    this.opts.checkpoint?.('after-outcome', id);

    if (state === 'unknown' && !approved && isZvt(terminal)) {
      // ZVT can repeat the receipt of its last transaction, which is this one: recover it now if it was approved.
      // (Not when the terminal already said what it approved: its repeated receipt would say the same.)
      const v = this.opts.recoverLost
        ? await this.opts.recoverLost(terminal, payment)
        : await askZvtTerminal(db, terminal, payment).then((v) => (v.kind === 'approved' && recordRecovered(db, id, v.result, this.now()), v));
      payment = getPayment(db, id)!;
      if (payment.state === 'approved') emit({ type: 'state', paymentId: id, state: 'approved' });
      else reason = `${reason ?? 'answer lost'}; ${v.detail}: ${v.kind === 'no-answer' ? 'the kiosk keeps asking the terminal' : 'left unknown for staff'}`;
    }
    if (payment.state === 'approved') return { ok: true, outcome: 'approved', payment };
    const outcome = payment.state as FailedOutcome;
    return { ok: false, outcome, reason: reason ?? outcome, payment, retryAsNewPayment: outcome !== 'unknown' };
  }
}

function validate(i: PayInput): string | null {
  if (!Number.isSafeInteger(i.amountMinor) || i.amountMinor <= 0 || i.amountMinor > MAX_AMOUNT_MINOR) {
    return `amountMinor ${i.amountMinor} must be a whole number of minor units between 1 and ${MAX_AMOUNT_MINOR}`;
  }
  if (!isKnownCurrency(i.currency)) return `currency "${i.currency}" must be an ISO 4217 currency code in capitals such as EUR`;
  if (i.id !== undefined && !/^[0-9A-Za-z_-]{4,64}$/.test(i.id)) return `payment id "${i.id}" must be 4-64 letters, digits, "-" or "_"`;
  return null;
}
