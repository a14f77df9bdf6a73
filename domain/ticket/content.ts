// What is printed, as plain data. The caller (check-in flow, CLI) fills it; layout.ts places it.

/** Either a ready string, or an instant plus the consulate's IANA time zone (formatted with Intl). */
/**
 * When a ticket or receipt was issued: the instant, the consulate's zone, and its country (ISO 3166, the first part of
 * the consulate's code, "FR" of "FR-PAR"), whose convention orders the date whatever the visitor's language: an English
 * ticket in Paris reads 02/12/2026, not the US 12/02/2026.
 */
export type IssuedAt = string | { at: Date; timeZone: string; region?: string };

export interface TicketContent {
  /** The consulate's name by language; `ar` and `fr` are printed, others are ignored. */
  consulateName: { ar: string; fr: string };
  /** "A-023" */
  number: string;
  /** Service name by language; `ar` and the visitor's language are printed. */
  serviceName: Record<string, string>;
  /**
   * A visit of several services (issue 18 item 8): each name by language, in the order the ticket is routed through
   * them (`serviceName` is the first). Printed as a numbered list, Arabic and the visitor's language.
   */
  services?: Array<Record<string, string>>;
  /** ISO 639-1 code of the visitor's chosen language. */
  language: string;
  issuedAt: IssuedAt;
  persons: number;
  estimatedWaitMinutes?: number;
  /** Encoded in the QR code: the ticket id, which counters scan to call or find the ticket. */
  qrPayload: string;
  /** A short line in the visitor's language ("Keep this ticket, watch the screen"); a default otherwise. */
  note?: string;
  /** Issued from the kiosk's offline block: the ticket says its number is valid all the same. */
  offline?: boolean;
}

export interface FeeLine {
  label: string;
  amountMinor: number;
}

export interface ReceiptContent extends TicketContent {
  fees: FeeLine[];
  totalMinor: number;
  /** ISO 4217, "EUR". */
  currency: string;
  eTimbreReference: string;
  authCode?: string;
  /** "**** **** **** 1234": as the terminal gave it, never a full number. */
  maskedPan?: string;
  /** The payment's short reference ("0303-0042"): what staff find in the terminal's own journal. */
  terminalRef?: string;
  /** The card terminal's own receipt text, printed as given. */
  terminalReceiptLines?: string[];
}
