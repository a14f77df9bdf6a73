// The one interface every card terminal driver and simulator implements. Expected outcomes (declined,
// aborted, lost) are values; a thrown exception is a bug.

export type TerminalProtocol = 'concert' | 'zvt';

export interface PayRequest {
  /** Minor units (cents): 1250 = 12.50. Never a float. */
  amountMinor: number;
  /** ISO 4217 alphabetic, e.g. 'EUR', 'MAD'. */
  currency: string;
  /** Our idempotency key / payment id; Concert carries it in the private field when it fits. */
  reference: string;
  signal?: AbortSignal;
  /** Called as the terminal reports progress: 'insert card', 'enter PIN', 'please wait', … */
  onProgress?: (p: PayProgress) => void;
  /**
   * Called once the terminal has acknowledged the request. From this moment the request must never be
   * sent again: the payment service journals `sent` here, synchronously, before returning.
   */
  onAcknowledged?: () => void;
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
}

export type PayFailure =
  | { ok: false; outcome: 'declined'; reason: string }
  /** Nothing was charged: the visitor or the kiosk cancelled, or the terminal refused to start. */
  | { ok: false; outcome: 'aborted'; reason: string }
  /** The request reached the terminal but its answer was lost: money may have been taken. Never retry. */
  | { ok: false; outcome: 'unknown'; reason: string }
  /** The request never reached the terminal (no ACK to ENQ, port missing): safe to try again. */
  | { ok: false; outcome: 'not-sent'; reason: string };

export type PayResult = Approved | PayFailure;

export type TerminalState = 'ready' | 'busy' | 'not-registered' | 'offline' | 'out-of-order' | 'unknown';

export interface TerminalStatus {
  state: TerminalState;
  detail: string;
}

export interface PaymentTerminal {
  readonly protocol: TerminalProtocol;
  pay(req: PayRequest): Promise<PayResult>;
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
}
