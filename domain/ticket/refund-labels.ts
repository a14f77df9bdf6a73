// Fixed words of the refund receipt (issue 17). The receipt always carries the Arabic title beside the one in its
// own language, like the consular receipt's header; a language without an entry falls back to French, the
// consulate's other working language.
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

const LABELS: Record<string, RefundLabels> = {
  fr: {
    title: { reversal: "REÇU D'ANNULATION", refund: 'REÇU DE REMBOURSEMENT' },
    duplicate: 'DUPLICATA',
    original: 'Paiement initial',
    paidOn: 'Payé le',
    paid: 'Montant payé',
    receiptNo: 'N° reçu terminal',
    refund: 'Remboursement',
    kind: { reversal: 'Annulation (même jour)', refund: 'Remboursement sur carte' },
    refunded: 'Montant remboursé',
    why: 'Motif :',
    by: 'Par',
    on: 'Le',
    refundRef: 'Réf. remboursement',
    fully: 'Paiement entièrement remboursé : eTimbre annulé',
    left: 'Reste acquis',
  },
  ar: {
    title: { reversal: 'وصل إلغاء الأداء', refund: 'وصل استرجاع المبلغ' },
    duplicate: 'نسخة مكررة',
    original: 'الأداء الأصلي',
    paidOn: 'تاريخ الأداء',
    paid: 'المبلغ المؤدى',
    receiptNo: 'رقم وصل الجهاز',
    refund: 'الاسترجاع',
    kind: { reversal: 'إلغاء في نفس اليوم', refund: 'استرجاع إلى البطاقة' },
    refunded: 'المبلغ المسترجع',
    why: 'السبب:',
    by: 'بواسطة',
    on: 'التاريخ',
    refundRef: 'مرجع الاسترجاع',
    fully: 'تم استرجاع المبلغ كاملا: التنبر الإلكتروني ملغى',
    left: 'المبلغ المتبقي',
  },
  en: {
    title: { reversal: 'REVERSAL RECEIPT', refund: 'REFUND RECEIPT' },
    duplicate: 'DUPLICATE',
    original: 'Original payment',
    paidOn: 'Paid on',
    paid: 'Amount paid',
    receiptNo: 'Terminal receipt no.',
    refund: 'Refund',
    kind: { reversal: 'Reversal (same day)', refund: 'Refund to the card' },
    refunded: 'Amount refunded',
    why: 'Reason:',
    by: 'By',
    on: 'On',
    refundRef: 'Refund ref.',
    fully: 'Payment fully refunded: eTimbre void',
    left: 'Still paid',
  },
};

export const refundLabelsFor = (lang: string): RefundLabels => LABELS[lang] ?? (LABELS.fr as RefundLabels);
