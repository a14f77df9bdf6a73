// The refund receipt printed at the kiosk after a supervisor gave money back (issue 17): the consulate's header
// like the consular receipt, the original payment as the visitor's receipt showed it, what went back, why, by
// whom and when, and the terminal's own refund receipt when it sent one. Arabic lines become raster bands in the
// driver (lines.ts picks); the QR carries the refund's id so staff find it from the paper.
import { PAPERS, type PrintBlock } from '../../shared/print-blocks';
import { formatIssuedAt, formatMoney } from './format';
import type { TicketWords } from './labels';
import { pairLine, textLine } from './lines';
import { terminalLines, type PaperWidth } from './layout';
import type { RefundReceiptKind } from './refund-labels';

export type { RefundReceiptKind };

export interface RefundReceiptContent {
  consulateName: { ar: string; fr: string };
  /** The labels' language (one with i18n/<lang>/ticket.json, else French); the Arabic title is printed in every case. */
  language: string;
  /** The consulate's IANA zone: dates are printed in its local time. */
  timeZone: string;
  /** The consulate's country ("FR"): its convention orders the dates (content.ts IssuedAt). */
  region?: string;
  kind: RefundReceiptKind;
  /** A reprint says so under the title. */
  duplicate?: boolean;
  payment: {
    at: Date;
    amountMinor: number;
    currency: string;
    eTimbreReference?: string | null;
    authCode?: string | null;
    /** Masked by the terminal ("************4111"); masked again by the caller before it reaches here. */
    maskedPan?: string | null;
    receiptNo?: string | null;
    /** The payment's short reference, as the terminal's journal shows it. */
    terminalRef?: string | null;
  };
  refund: {
    id: string;
    at: Date;
    amountMinor: number;
    currency: string;
    why: string;
    by: string;
    receiptNo?: string | null;
    /** All of the approved amount went back (the eTimbre reference is void). */
    fully: boolean;
    /** What stays paid after this and earlier refunds. */
    leftMinor: number;
  };
  /** The terminal's refund receipt lines (ZVT 06 D1/06 D3), PAN-looking runs already masked. */
  terminalReceiptLines?: readonly string[];
}

export function layoutRefundReceipt(c: RefundReceiptContent, width: PaperWidth, words: TicketWords): PrintBlock[] {
  const cols = PAPERS[width].columns;
  const lang = c.language;
  const L = words.refund(lang);
  const base = words.labels(lang);
  const AR = words.refund('ar');
  const when = (at: Date) => formatIssuedAt({ at, timeZone: c.timeZone, ...(c.region ? { region: c.region } : {}) }, lang);
  const pair = (label: string, value: string | null | undefined, bold = false): PrintBlock[] => (value ? pairLine(label, value, cols, { lang, bold }) : []);
  const p = c.payment;
  const r = c.refund;
  const blocks: PrintBlock[] = [
    ...textLine(c.consulateName.ar, cols, { align: 'center', bold: true, lang: 'ar' }),
    ...textLine(c.consulateName.fr, cols, { align: 'center', bold: true, lang: 'fr' }),
    { kind: 'separator', char: '=' },
    ...textLine(AR.title[c.kind], cols, { align: 'center', bold: true, lang: 'ar' }),
    ...(lang === 'ar' ? [] : textLine(L.title[c.kind], cols, { align: 'center', bold: true, lang })),
    ...(c.duplicate ? textLine(L.duplicate, cols, { align: 'center', bold: true, lang }) : []),
    { kind: 'separator', char: '-' },
    ...textLine(L.original, cols, { align: 'left', bold: true, lang }),
    ...pair(L.paidOn, when(p.at)),
    ...pair(L.paid, formatMoney(p.amountMinor, p.currency, lang)),
    ...pair(base.eTimbre, p.eTimbreReference),
    ...pair(base.card, p.maskedPan),
    ...pair(base.authCode, p.authCode),
    ...pair(L.receiptNo, p.receiptNo),
    ...pair(base.terminalRef, p.terminalRef),
    { kind: 'separator', char: '-' },
    ...textLine(L.refund, cols, { align: 'left', bold: true, lang }),
    ...textLine(L.kind[c.kind], cols, { align: 'left', lang }),
    ...pair(L.refunded, formatMoney(r.amountMinor, r.currency, lang), true),
    ...pair(L.on, when(r.at)),
    ...pair(L.by, r.by),
    ...pair(L.receiptNo, r.receiptNo),
    ...textLine(L.why, cols, { align: 'left', lang }),
    ...textLine(r.why, cols, { align: 'left', lang }),
    { kind: 'feed', lines: 1 },
    ...(r.fully ? textLine(L.fully, cols, { align: 'center', bold: true, lang }) : pair(L.left, formatMoney(r.leftMinor, r.currency, lang))),
  ];
  if (c.terminalReceiptLines?.length) blocks.push({ kind: 'separator', char: '-' }, ...terminalLines(c.terminalReceiptLines, cols, lang));
  blocks.push(
    { kind: 'separator', char: '-' },
    ...pair(L.refundRef, r.id),
    { kind: 'qr', payload: r.id, moduleDots: width === 80 ? 5 : 4 },
    { kind: 'feed', lines: 4 },
    { kind: 'cut' },
  );
  return blocks;
}
