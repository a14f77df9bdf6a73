// Fixed words printed on tickets and receipts. Their texts are in the message catalogues (i18n/<lang>/ticket.json,
// issue 19 item 7); the daemon builds these from them (server/i18n/ticket-words.ts) and hands them to the layouts, so
// the domain stays free of I/O and a language is added by a file.
import type { RefundLabels } from './refund-labels';

export interface Labels {
  yourNumber: string;
  persons: (n: number) => string;
  wait: (minutes: number) => string;
  note: string;
  /** Under the number of a ticket from the kiosk's offline block. */
  offline: string;
  receipt: string;
  total: string;
  eTimbre: string;
  authCode: string;
  card: string;
  ticket: string;
  /** The payment's short reference, as the card terminal's journal shows it. */
  terminalRef: string;
}

/** The printed words in a language: each layout asks for the visitor's and for Arabic, printed on every slip. */
export interface TicketWords {
  labels(lang: string): Labels;
  refund(lang: string): RefundLabels;
}
