// The words of the refund desk on the reports page (issue 17), from i18n/<lang>/refunds.json (French, Arabic,
// English): what a supervisor may do in front of the visitor speaks the consulate's two working languages too.
// A message missing in a language falls back to French.
import { languagesOf } from '../../shared/i18n/catalogue';
import { CATALOGUES, pageTranslator } from '../lib/catalogues';

export interface RefundWords {
  title: string;
  language: string;
  from: string;
  to: string;
  show: string;
  none: string;
  cols: { time: string; payment: string; card: string; paid: string; refunded: string; left: string; actions: string };
  refundCols: { when: string; kind: string; amount: string; state: string; by: string; why: string; receipt: string; actions: string };
  refundsOf: (payment: string) => string;
  paymentsTable: string;
  refund: string;
  refundOf: (payment: string) => string;
  amount: (currency: string) => string;
  reason: string;
  reasonHint: string;
  confirm: string;
  cancel: string;
  confirmQuestion: (amount: string, payment: string, kind: string) => string;
  kind: { reversal: string; refund: string };
  badAmount: (max: string) => string;
  needReason: string;
  waitingCard: string;
  waitingReversal: string;
  outcome: {
    refunded: (amount: string) => string;
    declined: (why: string) => string;
    aborted: (why: string) => string;
    not_sent: (why: string) => string;
    unknown: (why: string) => string;
    refused: (why: string) => string;
  };
  receiptPrinted: string;
  receiptNotPrinted: (why: string) => string;
  reprintReceipt: string;
  reprintReceiptOf: (refund: string) => string;
  reprintCard: string;
  reprintCardOf: (payment: string) => string;
  printed: string;
  notPrinted: string;
  states: Record<string, string>;
}

/** The languages with a refunds catalogue (i18n/<lang>/refunds.json), French first. */
export const REFUND_LANGUAGES = languagesOf(CATALOGUES, 'refunds');

const cache = new Map<string, RefundWords>();

/** The refund desk's words in this language, each a message of i18n/<lang>/refunds.json. */
export function refundWords(lang: string): RefundWords {
  const hit = cache.get(lang);
  if (hit) return hit;
  const { t } = pageTranslator('refunds', lang);
  const w: RefundWords = {
    title: t('title'),
    language: t('language'),
    from: t('from'),
    to: t('to'),
    show: t('show'),
    none: t('none'),
    cols: {
      time: t('cols.time'),
      payment: t('cols.payment'),
      card: t('cols.card'),
      paid: t('cols.paid'),
      refunded: t('cols.refunded'),
      left: t('cols.left'),
      actions: t('cols.actions'),
    },
    refundCols: {
      when: t('refundCols.when'),
      kind: t('refundCols.kind'),
      amount: t('refundCols.amount'),
      state: t('refundCols.state'),
      by: t('refundCols.by'),
      why: t('refundCols.why'),
      receipt: t('refundCols.receipt'),
      actions: t('refundCols.actions'),
    },
    refundsOf: (payment) => t('refundsOf', { payment }),
    paymentsTable: t('paymentsTable'),
    refund: t('refund'),
    refundOf: (payment) => t('refundOf', { payment }),
    amount: (currency) => t('amount', { currency }),
    reason: t('reason'),
    reasonHint: t('reasonHint'),
    confirm: t('confirm'),
    cancel: t('cancel'),
    confirmQuestion: (amount, payment, kind) => t('confirmQuestion', { amount, payment, kind }),
    kind: {
      reversal: t('kind.reversal'),
      refund: t('kind.refund'),
    },
    badAmount: (max) => t('badAmount', { max }),
    needReason: t('needReason'),
    waitingCard: t('waitingCard'),
    waitingReversal: t('waitingReversal'),
    outcome: {
      refunded: (amount) => t('outcome.refunded', { amount }),
      declined: (why) => t('outcome.declined', { why }),
      aborted: (why) => t('outcome.aborted', { why }),
      not_sent: (why) => t('outcome.not_sent', { why }),
      unknown: (why) => t('outcome.unknown', { why }),
      refused: (why) => t('outcome.refused', { why }),
    },
    receiptPrinted: t('receiptPrinted'),
    receiptNotPrinted: (why) => t('receiptNotPrinted', { why }),
    reprintReceipt: t('reprintReceipt'),
    reprintReceiptOf: (refund) => t('reprintReceiptOf', { refund }),
    reprintCard: t('reprintCard'),
    reprintCardOf: (payment) => t('reprintCardOf', { payment }),
    printed: t('printed'),
    notPrinted: t('notPrinted'),
    states: {
      intent: t('states.intent'),
      sent: t('states.sent'),
      refunded: t('states.refunded'),
      declined: t('states.declined'),
      aborted: t('states.aborted'),
      unknown: t('states.unknown'),
      not_sent: t('states.not_sent'),
      settled_refunded: t('states.settled_refunded'),
      settled_not_refunded: t('states.settled_not_refunded'),
    },
  };
  cache.set(lang, w);
  return w;
}
