// Everything that crosses the check-in machine's boundary: its input, context, events and the contracts of
// the injected device actors. Plain data only (strings, numbers, booleans, arrays, plain objects) so the
// daemon can log the context, send it to the kiosk page as JSON and rebuild a visit from the journal.
import type { Appointment } from '../../domain/appointment/types';
import type { FeeQuote } from '../../domain/fees/fee';
import type { ETimbreRequest } from '../../domain/etimbre/issuer';

/** What the machine needs from the config (server/config/schema.ts), copied in as plain data. */
export interface CheckinSettings {
  consulate: string;
  kioskId: string;
  /** ISO 4217 code of the local currency. */
  currency: string;
  /** Local currency units per dirham; a number from the config or an exact decimal string. */
  chanceryRate: number | string;
  services: Array<{ code: string; prefix: string; feeMad: number | string }>;
  /** Offered languages; the first is used when a visitor scans before choosing. */
  languages: string[];
  /** Most persons a walk-in may declare for one ticket. */
  maxPersons: number;
  /** Most times the terminal is asked to pay in one visit (resends and new cards together). */
  maxPaymentAttempts: number;
}

// ---- device actor contracts ----

export type Identification = { kind: 'qr'; payload: string } | { kind: 'code'; code: string };

/** Why an appointment was refused: the verifier's reasons (domain/appointment) plus an unknown typed code. */
export type AppointmentRefusal =
  'malformed' | 'unknown-key' | 'bad-signature' | 'other-consulate' | 'revoked' | 'unknown-service' | 'too-early' | 'too-late' | 'already-used' | 'not-found';

export type VerifyOutput =
  | { ok: true; appointment: Appointment }
  /** detail: plain facts for the screen, e.g. { usedAt: '09:12' } or { opensAt: '…' }. */
  | { ok: false; reason: AppointmentRefusal; detail?: Record<string, string | number> };

/** Every service of the walk-in visit, checked before anything is paid (issue 18 item 8: one closed service is named). */
export interface WalkInInput {
  services: string[];
}
/**
 * Why no walk-in ticket: limits, walk-ins switched off, or the opening hours (domain/queue/opening-hours.ts), whose
 * detail says when issuing opens next (nextDate, nextTime, local) and when the service closes (closesAt).
 */
export type WalkInOutput =
  | { ok: true }
  | {
      ok: false;
      reason: 'day-limit' | 'service-limit' | 'closed' | 'closed-day' | 'closed-now' | 'last-ticket' | 'wait-past-closing';
      detail?: Record<string, string | number>;
      /** The service refused, when the visit has several: the others stay chosen. */
      service?: string;
    };

export type PrinterOutput = { ok: true } | { ok: false; reason: string };

/**
 * Whether the kiosk may give ticket numbers now, asked before the visitor commits to anything (an appointment
 * claimed, a payment). `clock`: the kiosk's clock is more than the post allows off its hub's (server/post/clock.ts):
 * numbers, business days and the order of tickets would be wrong, so a technician must set the time.
 * skewSeconds > 0: the hub is ahead of the kiosk.
 */
export type NumbersOutput = { ok: true } | { ok: false; reason: 'clock'; skewSeconds: number; maxSkewSeconds: number };

/** What the flow asks the eTimbre issuer; the daemon adds the time of the request. */
export type ETimbreInput = Omit<ETimbreRequest, 'at'>;
export type ETimbreOutput = { ok: true; reference: string } | { ok: false; reason: string };

export interface PayInput {
  amountMinor: number;
  currency: string;
  /** The eTimbre reference this payment settles. */
  reference: string;
  /** 1 for the first card, 2 after a decline… A resend of an unacknowledged request keeps its attempt. */
  attempt: number;
  /** `${reference}/${attempt}`: the journal's payment(intent) key; one key is charged at most once. */
  idempotencyKey: string;
  kioskId: string;
}

/** What the terminal says while a payment runs; the kiosk page shows the prompt and a countdown. */
export type PaymentProgress =
  /** The terminal acknowledged the request: from now on it is never re-sent. */
  { kind: 'acknowledged' } | { kind: 'prompt'; prompt: 'insert-card' | 'present-card' | 'enter-pin' | 'processing' | 'remove-card' | 'other'; text?: string };

/** `status` is one of the words of shared/payment-outcome.ts (their meaning is written there). */
export type PaymentOutcome =
  /** terminalRef: the payment's short reference, as the card terminal's journal shows it (printed on the receipt). */
  /** paymentId: the journal's payment, whose card receipt (ZVT) is printed with the consular receipt. */
  | { status: 'approved'; authCode: string; maskedPan?: string; terminalRef?: string; paymentId?: string }
  | { status: 'declined'; reason: string }
  /** Ended by an abort (ours or the terminal's) with the terminal confirming nothing was charged. */
  | { status: 'aborted' }
  /** Nobody knows whether money was taken: staff settle it from the terminal's journal. */
  | { status: 'unknown'; detail: string }
  /** The request never reached the terminal (no acknowledgement): safe to send again. */
  | { status: 'not_sent'; detail: string };

/** Events the pay actor receives from the machine. */
export type PayControlEvent = { type: 'CANCEL' };

export interface Ticket {
  id: string;
  /** As printed and called, e.g. "C042". */
  number: string;
  estimatedWaitMinutes: number;
  /** Text of the ticket's QR code; the screen shows it when the ticket could not be printed. */
  qrPayload?: string;
  /** Issued from the kiosk's offline block (the hub did not answer in time): valid, and the visitor is told so. */
  offline?: boolean;
}

export interface IssueTicketInput {
  services: string[];
  persons: number;
  source: 'appointment' | 'walk-in';
  /** The queue orders an appointment's ticket by its booked slot; the token id ties the ticket to it (a counter asks). */
  appointment: Pick<Appointment, 'appointmentId' | 'slotStart' | 'tokenId'> | null;
  language: string;
  etimbreReference: string | null;
  /** The walk-in visitor's priority request, for the queue to confirm with staff or grant (queue.priorityRequests). */
  priorityRequest?: string | null;
  /** The visitor has paid: a number must be given whatever the hub or the clock say (from the offline block if need be). */
  paid: boolean;
}

export interface PrintTicketInput {
  ticket: Ticket;
  services: string[];
  persons: number;
  language: string;
}
export interface PrintReceiptInput {
  ticket: Ticket;
  quote: FeeQuote;
  etimbreReference: string;
  authCode: string;
  maskedPan: string | null;
  /** The payment's short reference ("0303-0042"), printed so staff can find it in the terminal's journal. */
  terminalRef: string | null;
  /** The journal's payment: its card receipt is printed after the consular receipt when the kiosk prints it. */
  paymentId: string | null;
  language: string;
}

// ---- context ----

/** Codes for the error screens; the kiosk page turns each into "what happened" and "what to do". */
export type ProblemCode =
  | `appointment-${AppointmentRefusal}`
  | 'walk-in-day-limit'
  | 'walk-in-service-limit'
  | 'walk-in-closed'
  /** The opening hours (issue 18): a closed day, outside the day's openings, after the last ticket, a wait past closing. */
  | 'walk-in-closed-day'
  | 'walk-in-closed-now'
  | 'walk-in-last-ticket'
  | 'walk-in-wait-past-closing'
  | 'fee-unavailable'
  | 'printer-unavailable'
  | 'etimbre-unavailable'
  | 'payment-cancelled'
  | 'payment-declined'
  | 'payment-not-sent'
  | 'payment-timeout'
  | 'payment-aborted'
  /** Staff settled the payment the kiosk could not know as not charged: the visitor is told, nothing was taken. */
  | 'payment-not-taken'
  | 'ticket-unavailable'
  /** No ticket numbers while the kiosk's clock is off the hub's: the visitor is sent to staff before anything is taken. */
  | 'numbers-clock'
  | 'ticket-print-failed'
  | 'receipt-print-failed'
  /** The printer stopped (paper out, cover open, not answering) with the job still queued: it prints when the printer is back. */
  | 'ticket-print-waiting'
  | 'receipt-print-waiting'
  | 'device-fault';

/** Why the kiosk waits for staff: shown to the visitor as "please wait, staff are coming". */
export type LockReason = 'payment-unknown' | 'paid-no-ticket' | 'staff-lock';

export interface Problem {
  code: ProblemCode;
  detail: Record<string, string | number>;
}

export interface PaymentState {
  attempt: number;
  idempotencyKey: string;
  /** Times the terminal was asked in this visit (first sends and resends). */
  tries: number;
  acknowledged: boolean;
  prompt: Extract<PaymentProgress, { kind: 'prompt' }> | null;
  cancelReason: 'visitor' | 'timeout' | null;
  outcome: PaymentOutcome | null;
}

/** One visitor's data: replaced by a fresh one on every return to the attract screen. */
export interface Visit {
  language: string;
  source: 'appointment' | 'walk-in' | null;
  identification: Identification | null;
  appointment: Appointment | null;
  services: string[];
  persons: number;
  /** A walk-in visitor's request to be called first (issue 18): 'elderly', 'disabled', 'pregnant', 'children'. */
  priorityRequest: string | null;
  quote: FeeQuote | null;
  /** The scan screen has waited SCAN_TIMEOUT without a scan: show help (type the code, walk-in). */
  scanHelp: boolean;
  etimbreReference: string | null;
  payment: PaymentState | null;
  ticket: Ticket | null;
  ticketPrinted: boolean;
  receiptPrinted: boolean;
  problem: Problem | null;
  lockReason: LockReason | null;
}

/**
 * The card terminal's answer to its last status check (ZVT status enquiry 05 01; Concert: the link answers
 * ENQ), kept across visitors. A fee is offered for payment only while `ready` is true, so a terminal that is
 * off is found before the visitor is asked for a card. null: not asked yet since the kiosk started.
 */
export interface TerminalReadiness {
  ready: boolean | null;
  /** The terminal's state word (ready, offline, busy, out-of-order, not-registered, unknown), null before the first check. */
  state: string | null;
}

export interface CheckinContext {
  settings: CheckinSettings;
  visit: Visit;
  /** Last scanner fault (device state, kept across visitors); null when the scanner works. */
  scannerFault: string | null;
  terminal: TerminalReadiness;
}

/**
 * Resuming a visit from the journal (not from an XState snapshot, see DESIGN.md): the daemon rebuilds the
 * visit of a payment that was approved but whose ticket or receipt was not printed, starts the machine
 * with it and sends RESUME_PRINTING.
 */
export interface ResumeVisit {
  language: string;
  source: 'appointment' | 'walk-in';
  appointment: Appointment | null;
  services: string[];
  persons: number;
  quote: FeeQuote;
  etimbreReference: string | null;
  /** Must be approved: nothing else is resumed by printing. */
  payment: { attempt: number; idempotencyKey: string; outcome: PaymentOutcome } | null;
  ticket: Ticket | null;
  ticketPrinted: boolean;
}

export interface CheckinInput {
  settings: CheckinSettings;
  resume?: ResumeVisit;
  /** The terminal's last status when the machine starts; not asked yet when absent. */
  terminal?: TerminalReadiness;
}

// ---- events ----

export type CheckinEvent =
  | { type: 'TOUCH' }
  | { type: 'SELECT_LANGUAGE'; language: string }
  | { type: 'SCANNED'; payload: string }
  | { type: 'SCANNER_FAULT'; reason: string }
  | { type: 'SCANNER_OK' }
  /** From the daemon: the terminal answered a status check (or did not). Never from a page. */
  | { type: 'TERMINAL_STATUS'; ready: boolean; state: string }
  | { type: 'TYPE_CODE' }
  | { type: 'SUBMIT_CODE'; code: string }
  | { type: 'WALK_IN' }
  | { type: 'SELECT_SERVICE'; service: string }
  /** On the summary, a walk-in adds a service to the visit (checked like the first) or takes one back (issue 18 item 8). */
  | { type: 'ADD_SERVICE'; service: string }
  | { type: 'REMOVE_SERVICE'; service: string }
  | { type: 'SET_PERSONS'; persons: number }
  | { type: 'SET_PRIORITY'; priority: string | null }
  | { type: 'BACK' }
  | { type: 'CONFIRM' }
  | { type: 'CANCEL' }
  | { type: 'RETRY' }
  | { type: 'CONTINUE' }
  | { type: 'CALL_STAFF' }
  | { type: 'ACKNOWLEDGE' }
  | { type: 'PAYMENT_PROGRESS'; progress: PaymentProgress }
  | { type: 'PAYMENT_RESULT'; outcome: PaymentOutcome }
  | { type: 'RESUME_PRINTING' }
  /** From the daemon: the ticket or receipt being printed waits for the printer (paper out…), or prints again. */
  | { type: 'PRINTER_WAITING'; printer: string; reason: string }
  | { type: 'PRINTER_RESUMED' }
  | { type: 'LOCK_FOR_STAFF' }
  | { type: 'STAFF_RESOLVED' }
  /** From the daemon: the payment the kiosk was locked for was settled as not charged. */
  | { type: 'PAYMENT_NOT_TAKEN' };

/** Emitted to the daemon (actor.on(type, …)): it journals them and alerts the counters. */
export type CheckinEmitted =
  | {
      type: 'staff.alert';
      reason: LockReason | ProblemCode;
      ticketNumber: string | null;
      etimbreReference: string | null;
      idempotencyKey: string | null;
      /** Facts for staff, e.g. the clock difference of a `numbers-clock` refusal. */
      detail?: Record<string, string | number>;
    }
  | { type: 'staff.call'; screen: string };
