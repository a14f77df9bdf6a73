// What of a terminal's approval goes into the journal: card data masked (retention: masked PAN only, even when a
// misconfigured terminal sent the whole number), and its receipts by copy, committed with the outcome.
import type { Db } from '../../store/db';
import type { CardData, TransitionResult } from '../../store/payments';
import { recordCardReceipts } from '../../store/card-receipts';
import { maskLines, maskPans } from '../../domain/card-receipt';
import type { Approved } from '../devices/index';

export function cardDataOf(a: Approved): CardData {
  return {
    authCode: a.authCode,
    maskedPan: a.maskedPan === undefined ? undefined : maskPans(a.maskedPan),
    cardBrand: a.cardBrand,
    receiptLines: a.receiptLines === undefined ? undefined : maskLines(a.receiptLines),
    traceNo: a.trace,
    receiptNo: a.receiptNumber,
    approvedAmountMinor: a.amountMinor,
    approvedCurrency: a.currency,
    terminalData: a.terminalData,
  };
}

/** Runs the outcome's transition and journals the approval's receipts in the same transaction. */
export function withReceipts(db: Db, paymentId: string, a: Approved | undefined, at: Date, transition: () => TransitionResult): TransitionResult {
  return db
    .transaction(() => {
      const done = transition();
      if (done.ok && a?.receipts?.length) recordCardReceipts(db, paymentId, a.receipts, at);
      return done;
    })
    .immediate();
}
