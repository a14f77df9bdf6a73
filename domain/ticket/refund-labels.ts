// Fixed words of the refund receipt (issue 17). The receipt always carries the Arabic title beside the one in its
// own language, like the consular receipt's header. The texts are the `refund.*` keys of i18n/<lang>/ticket.json; a
// language without that file falls back to French, the consulate's other working language (server/i18n/ticket-words.ts).
/** What went to the terminal: a reversal cancels the payment of the day, a refund gives money back to the card. */
export type RefundReceiptKind = 'reversal' | 'refund';

export interface RefundLabels {
  title: Record<RefundReceiptKind, string>;
  duplicate: string;
  original: string;
  paidOn: string;
  paid: string;
  receiptNo: string;
  refund: string;
  kind: Record<RefundReceiptKind, string>;
  refunded: string;
  why: string;
  by: string;
  on: string;
  refundRef: string;
  /** The whole payment went back: the eTimbre reference is void. */
  fully: string;
  /** Part of it went back. */
  left: string;
}
