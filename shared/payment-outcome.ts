// What became of one payment request: one vocabulary for the drivers (PayResult.outcome), the payment service
// (PayOutcome), the check-in machine (PaymentOutcome.status) and the journal, whose payments.state column
// stores these same words (store/payments.ts PaymentState adds intent, sent and the staff settlements).
//   approved  the terminal took the money.
//   declined  the card or the bank refused: nothing was taken.
//   aborted   cancelled (visitor, kiosk or terminal) and the terminal says nothing was taken.
//   unknown   the request reached the terminal but its answer was lost or cannot be tied to it: money may
//             have been taken. Never send it again; the terminal's own record or staff settle it.
//   not_sent  the request never reached the terminal (no acknowledgement, port missing, busy): nothing was
//             taken, and the visitor may try again as a NEW payment.
// The journal's event kinds spell the last one `payment.not-sent` (store/payments.ts eventKind): persisted
// names never change, old journals must still read and verify.

export const PAYMENT_OUTCOMES = ['approved', 'declined', 'aborted', 'unknown', 'not_sent'] as const;
export type PaymentOutcomeWord = (typeof PAYMENT_OUTCOMES)[number];
/** The outcomes of a request that did not end in an approval. */
export type FailedOutcome = Exclude<PaymentOutcomeWord, 'approved'>;

/**
 * The word as texts, `kiosk pay --json` and the journal's event kinds and payloads have always spelt it
 * (`not-sent`): what people and scripts read, and what the journal holds, stays as it was.
 */
export function outcomeLabel<O extends string>(o: O): string {
  return o === 'not_sent' ? 'not-sent' : o;
}
