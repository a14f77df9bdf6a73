// The words of the refund desk on the reports page (issue 17), in French, Arabic and English. The rest of the
// reports page is in English only; this part is what a supervisor may do in front of the visitor, so it speaks
// the consulate's two working languages too. A language without an entry falls back to French.

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

const FR: RefundWords = {
  title: 'Remboursements',
  language: 'Langue',
  from: 'Du',
  to: 'Au',
  show: 'Afficher les paiements',
  none: 'aucun',
  cols: { time: 'Heure', payment: 'Paiement', card: 'Carte', paid: 'Payé', refunded: 'Remboursé', left: 'Remboursable', actions: 'Actions' },
  refundCols: { when: 'Quand', kind: 'Type', amount: 'Montant', state: 'Issue', by: 'Par', why: 'Motif', receipt: 'Reçu', actions: 'Actions' },
  refundsOf: (p) => `Remboursements du paiement ${p}`,
  paymentsTable: 'Paiements remboursables',
  refund: 'Rembourser',
  refundOf: (p) => `Rembourser le paiement ${p}`,
  amount: (c) => `Montant à rembourser (${c})`,
  reason: 'Motif du remboursement',
  reasonHint: 'par ex. service non rendu : bureau des passeports fermé',
  confirm: 'Confirmer le remboursement',
  cancel: 'Annuler',
  confirmQuestion: (a, p, k) => `Rembourser ${a} du paiement ${p} (${k}) ? L'argent est rendu sur la carte du visiteur.`,
  kind: { reversal: 'annulation, sans carte', refund: 'remboursement, carte présentée à nouveau' },
  badAmount: (max) => `Indiquez un montant de 0,01 à ${max}.`,
  needReason: 'Indiquez le motif (au moins 3 caractères).',
  waitingCard: 'Présentez la carte du visiteur sur le terminal et suivez ses instructions…',
  waitingReversal: "Annulation envoyée au terminal (aucune carte n'est nécessaire)…",
  outcome: {
    refunded: (a) => `Remboursé : ${a} rendus sur la carte.`,
    declined: (w) => `Refusé par le terminal : ${w}. Rien n'a été rendu.`,
    aborted: (w) => `Interrompu : ${w}. Rien n'a été rendu.`,
    not_sent: (w) => `Non envoyé au terminal : ${w}. Rien n'a été rendu.`,
    unknown: (w) =>
      `Issue inconnue : ${w}. L'argent a peut-être été rendu : vérifiez le journal du terminal et réglez ce remboursement ` +
      '(kiosk payments refund-settle) avant tout nouvel essai.',
    refused: (w) => `Remboursement refusé : ${w}`,
  },
  receiptPrinted: 'Reçu de remboursement imprimé.',
  receiptNotPrinted: (w) => `Reçu non imprimé (${w}) : réimprimez-le.`,
  reprintReceipt: 'Réimprimer le reçu',
  reprintReceiptOf: (r) => `Réimprimer le reçu du remboursement ${r}`,
  reprintCard: 'Réimprimer le reçu carte',
  reprintCardOf: (p) => `Réimprimer le reçu carte du paiement ${p}`,
  printed: 'imprimé',
  notPrinted: 'non imprimé',
  states: {
    intent: 'en préparation',
    sent: 'envoyé',
    refunded: 'remboursé',
    declined: 'refusé',
    aborted: 'interrompu',
    unknown: 'inconnue : à régler',
    not_sent: 'non envoyé',
    settled_refunded: 'réglé : remboursé',
    settled_not_refunded: 'réglé : non remboursé',
  },
};

const AR: RefundWords = {
  title: 'الاسترجاع',
  language: 'اللغة',
  from: 'من',
  to: 'إلى',
  show: 'عرض الأداءات',
  none: 'لا شيء',
  cols: { time: 'الساعة', payment: 'الأداء', card: 'البطاقة', paid: 'المؤدى', refunded: 'المسترجع', left: 'القابل للاسترجاع', actions: 'الإجراءات' },
  refundCols: { when: 'التاريخ', kind: 'النوع', amount: 'المبلغ', state: 'النتيجة', by: 'بواسطة', why: 'السبب', receipt: 'الوصل', actions: 'الإجراءات' },
  refundsOf: (p) => `استرجاعات الأداء ${p}`,
  paymentsTable: 'الأداءات القابلة للاسترجاع',
  refund: 'استرجاع',
  refundOf: (p) => `استرجاع الأداء ${p}`,
  amount: (c) => `المبلغ المراد استرجاعه (${c})`,
  reason: 'سبب الاسترجاع',
  reasonHint: 'مثلا: لم تقدم الخدمة، مكتب الجوازات مغلق',
  confirm: 'تأكيد الاسترجاع',
  cancel: 'إلغاء',
  confirmQuestion: (a, p, k) => `استرجاع ${a} من الأداء ${p} (${k})؟ يرد المبلغ إلى بطاقة الزائر.`,
  kind: { reversal: 'إلغاء دون بطاقة', refund: 'استرجاع مع تقديم البطاقة من جديد' },
  badAmount: (max) => `أدخلوا مبلغا من 0.01 إلى ${max}.`,
  needReason: 'أدخلوا السبب (3 أحرف على الأقل).',
  waitingCard: 'قدموا بطاقة الزائر على جهاز الأداء واتبعوا تعليماته…',
  waitingReversal: 'أرسل الإلغاء إلى جهاز الأداء (لا حاجة إلى البطاقة)…',
  outcome: {
    refunded: (a) => `تم الاسترجاع: رد ${a} إلى البطاقة.`,
    declined: (w) => `رفض جهاز الأداء: ${w}. لم يرد أي مبلغ.`,
    aborted: (w) => `توقفت العملية: ${w}. لم يرد أي مبلغ.`,
    not_sent: (w) => `لم يرسل إلى جهاز الأداء: ${w}. لم يرد أي مبلغ.`,
    unknown: (w) => `النتيجة غير معروفة: ${w}. ربما رد المبلغ: راجعوا سجل جهاز الأداء وسووا هذا الاسترجاع قبل أي محاولة جديدة.`,
    refused: (w) => `رفض الاسترجاع: ${w}`,
  },
  receiptPrinted: 'طبع وصل الاسترجاع.',
  receiptNotPrinted: (w) => `لم يطبع الوصل (${w}): أعيدوا طبعه.`,
  reprintReceipt: 'إعادة طبع الوصل',
  reprintReceiptOf: (r) => `إعادة طبع وصل الاسترجاع ${r}`,
  reprintCard: 'إعادة طبع وصل البطاقة',
  reprintCardOf: (p) => `إعادة طبع وصل البطاقة للأداء ${p}`,
  printed: 'مطبوع',
  notPrinted: 'غير مطبوع',
  states: {
    intent: 'قيد الإعداد',
    sent: 'مرسل',
    refunded: 'مسترجع',
    declined: 'مرفوض',
    aborted: 'متوقف',
    unknown: 'غير معروفة: للتسوية',
    not_sent: 'غير مرسل',
    settled_refunded: 'سوي: مسترجع',
    settled_not_refunded: 'سوي: غير مسترجع',
  },
};

const EN: RefundWords = {
  ...FR,
  title: 'Refunds',
  language: 'Language',
  from: 'From',
  to: 'To',
  show: 'Show payments',
  none: 'none',
  cols: { time: 'Time', payment: 'Payment', card: 'Card', paid: 'Paid', refunded: 'Refunded', left: 'Refundable', actions: 'Actions' },
  refundCols: { when: 'When', kind: 'Kind', amount: 'Amount', state: 'Outcome', by: 'By', why: 'Reason', receipt: 'Receipt', actions: 'Actions' },
  refundsOf: (p) => `Refunds of payment ${p}`,
  paymentsTable: 'Refundable payments',
  refund: 'Refund',
  refundOf: (p) => `Refund payment ${p}`,
  amount: (c) => `Amount to refund (${c})`,
  reason: 'Reason for the refund',
  reasonHint: 'e.g. service not delivered: passport office closed',
  confirm: 'Confirm the refund',
  cancel: 'Cancel',
  confirmQuestion: (a, p, k) => `Refund ${a} of payment ${p} (${k})? The money goes back to the visitor's card.`,
  kind: { reversal: 'reversal, no card', refund: 'refund, card presented again' },
  badAmount: (max) => `Enter an amount from 0.01 to ${max}.`,
  needReason: 'Give the reason (at least 3 characters).',
  waitingCard: "Present the visitor's card on the terminal and follow its prompts…",
  waitingReversal: 'Reversal sent to the terminal (no card needed)…',
  outcome: {
    refunded: (a) => `Refunded: ${a} back to the card.`,
    declined: (w) => `Declined by the terminal: ${w}. Nothing went back.`,
    aborted: (w) => `Aborted: ${w}. Nothing went back.`,
    not_sent: (w) => `Not sent to the terminal: ${w}. Nothing went back.`,
    unknown: (w) =>
      `Outcome unknown: ${w}. The money may have gone back: check the terminal's journal and settle this refund ` +
      '(kiosk payments refund-settle) before any new try.',
    refused: (w) => `Refund refused: ${w}`,
  },
  receiptPrinted: 'Refund receipt printed.',
  receiptNotPrinted: (w) => `Receipt not printed (${w}): reprint it.`,
  reprintReceipt: 'Reprint receipt',
  reprintReceiptOf: (r) => `Reprint the receipt of refund ${r}`,
  reprintCard: 'Reprint card receipt',
  reprintCardOf: (p) => `Reprint the card receipt of payment ${p}`,
  printed: 'printed',
  notPrinted: 'not printed',
  states: {
    intent: 'being prepared',
    sent: 'sent',
    refunded: 'refunded',
    declined: 'declined',
    aborted: 'aborted',
    unknown: 'unknown: to settle',
    not_sent: 'not sent',
    settled_refunded: 'settled: refunded',
    settled_not_refunded: 'settled: not refunded',
  },
};

const WORDS: Record<string, RefundWords> = { fr: FR, ar: AR, en: EN };
export const REFUND_LANGUAGES = ['fr', 'ar', 'en'] as const;

export const refundWords = (lang: string): RefundWords => WORDS[lang] ?? FR;
