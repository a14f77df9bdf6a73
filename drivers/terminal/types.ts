// The one interface every card terminal driver and simulator implements. Expected outcomes (declined,
// aborted, lost) are values; a thrown exception is a bug. The outcome words are shared/payment-outcome.ts's.
import type { FailedOutcome } from '../../shared/payment-outcome';

import type { TerminalProtocol } from '../../shared/terminal-config';

export type { TerminalProtocol };

export interface PayRequest {
  /** Minor units (cents): 1250 = 12.50. Never a float. */
  amountMinor: number;
  /** ISO 4217 alphabetic, e.g. 'EUR', 'MAD'. */
  currency: string;
  /** Our idempotency key / payment id; Concert carries it in the private field when it fits and no shortRef is given. */
  reference: string;
  /**
   * The payment's short reference (at most 10 printable characters, unique per terminal and day) that a person
   * finds in the terminal's own journal: Concert sends it in the request's private field. ZVT has no field for it.
   */
  shortRef?: string;
  signal?: AbortSignal;
  /** Called as the terminal reports progress: 'insert card', 'enter PIN', 'please wait', … */
  onProgress?: (p: PayProgress) => void;
  /**
   * Called once the terminal has acknowledged the request. From this moment the request must never be
   * sent again: the payment service journals `sent` here, synchronously, before returning.
   */
  onAcknowledged?: () => void;
  /**
   * ZVT "ECR controls payment": called once with the terminal's positive status information, before the
   * kiosk books it. Return false (e.g. the ticket printer just failed) and the driver answers 84 66 00 so
   * the terminal reverses the payment; the result is then `aborted`. Answer within a few seconds: the
   * terminal is waiting. Concert E+ has no such step and ignores it.
   */
  confirmBooking?: (approved: Approved) => boolean | Promise<boolean>;
}

export interface PayProgress {
  code: 'insert-card' | 'enter-pin' | 'please-wait' | 'remove-card' | 'processing' | 'other';
  text: string;
  /** When the driver restarted its completion timer (ZVT restarts it on every intermediate status). */
  deadline?: number;
}

export interface Approved {
  ok: true;
  outcome: 'approved';
  amountMinor: number;
  currency: string;
  authCode?: string;
  maskedPan?: string;
  cardBrand?: string;
  receiptNumber?: string;
  trace?: string;
  terminalId?: string;
  receiptLines?: string[];
  /** The terminal's receipts by copy (ZVT print lines / text blocks), when the kiosk prints them. */
  receipts?: TerminalReceipt[];
  /**
   * Data the terminal returned for the cash register, as it sent it (Concert: the answer's private field,
   * where some terminals put their own data such as the authorisation id). Kept in the journal for staff.
   */
  terminalData?: string;
  /**
   * When the terminal made this receipt (ZVT BMP 0D/0C, its local wall clock read in its zone): the instants it
   * can stand for, ISO 8601 UTC (two in the autumn's repeated hour). Tells an old repeated receipt from a new one.
   */
  madeAt?: string[];
}

/** Which copy a terminal receipt is (ZVT 06 D3 tag 1F07); print lines carry no marker: 'unspecified'. */
export type ReceiptCopy = 'customer' | 'merchant' | 'administration' | 'unspecified';

export interface TerminalReceipt {
  copy: ReceiptCopy;
  lines: string[];
  /** While collecting: a text block without its end mark (tag 09) that the next block may continue. */
  continues?: boolean;
}

export type PayFailure =
  | { ok: false; outcome: 'declined'; reason: string }
  /** Nothing was charged: the visitor or the kiosk cancelled, or the terminal refused to start. */
  | { ok: false; outcome: 'aborted'; reason: string }
  /**
   * The request reached the terminal but its answer was lost or cannot be tied to it: money may have been
   * taken. Never retry. `approval` is set when the terminal approved something other than what was asked
   * (another amount or currency): money was taken, staff decide.
   */
  | { ok: false; outcome: 'unknown'; reason: string; approval?: Approved }
  /** The request never reached the terminal (no ACK to ENQ, port missing): safe to try again. */
  | { ok: false; outcome: 'not_sent'; reason: string };

export type PayResult = Approved | PayFailure;

export type TerminalState = 'ready' | 'busy' | 'not-registered' | 'offline' | 'out-of-order' | 'unknown';

export interface TerminalStatus {
  state: TerminalState;
  detail: string;
}

/**
 * Money given back to a card for an earlier payment (ZVT 06 31 refund, Concert transaction type `1` credit). The
 * visitor presents the card again. Journal first like a payment: `onAcknowledged` marks the request as never to be
 * sent again.
 */
export interface RefundRequest {
  /** Minor units to give back; the caller has checked it against what was approved. */
  amountMinor: number;
  currency: string;
  /** Our refund id. */
  reference: string;
  /** Concert: what the terminal's journal shows (private field), at most 10 printable characters. */
  shortRef?: string;
  signal?: AbortSignal;
  onProgress?: (p: PayProgress) => void;
  onAcknowledged?: () => void;
}

/** `approved`: the terminal gave the money back (amount as it said it); failures as for a payment. */
export type RefundResult = PayResult;

export interface ReverseOptions {
  /** Called once the terminal has taken the reversal command: from then on it is never sent again. */
  onAcknowledged?: () => void;
}

export interface PaymentTerminal {
  readonly protocol: TerminalProtocol;
  pay(req: PayRequest): Promise<PayResult>;
  /** Gives money back to a card (see RefundRequest). Optional: a terminal without it cannot refund. */
  refund?(req: RefundRequest): Promise<RefundResult>;
  status(): Promise<TerminalStatus>;
  close(): Promise<void>;
}

/** ZVT can ask the terminal what happened; Concert E+ cannot. */
export interface ZvtTerminal extends PaymentTerminal {
  readonly protocol: 'zvt';
  register(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Recovers the last transaction's result (lost answer): approved, or nothing to repeat. */
  repeatLastReceipt(): Promise<PayResult | { ok: false; outcome: 'nothing'; reason: string }>;
  endOfDay(): Promise<{ ok: true; totalMinor: number; count: number; lines: string[] } | { ok: false; reason: string }>;
  /** Reverses (cancels) a booked payment of the current day by its receipt number (ZVT 06 30). Optional. */
  reverse?(receiptNumber: string, opts?: ReverseOptions): Promise<ReversalResult>;
}

export type ReversalResult =
  { ok: true; amountMinor: number; receiptNumber?: string; receiptLines?: string[] } | { ok: false; outcome: FailedOutcome; reason: string };
