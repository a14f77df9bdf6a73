// Where everything goes on a queue ticket and a payment receipt, for 80 mm and 58 mm paper.
import { PAPERS, type Paper, type PrintBlock } from '../../shared/print-blocks';
import type { ReceiptContent, TicketContent } from './content';
import { formatIssuedAt, formatMoney } from './format';
import type { TicketWords } from './labels';
import { pairLine, textLine, wrap } from './lines';
import { plainSpaces } from './script';

export type PaperWidth = 80 | 58;

/** The largest magnification (≤ max) at which the number fits the paper in font A (12 dots a character). */
export function bigNumberScale(text: string, paper: Paper, max = 6): number {
  let scale = Math.min(8, max);
  while (scale > 1 && text.length * 12 * scale > paper.dots) scale--;
  return scale;
}

function header(c: TicketContent, paper: Paper): PrintBlock[] {
  return [
    ...textLine(c.consulateName.ar, paper.columns, { align: 'center', bold: true, lang: 'ar' }),
    ...textLine(c.consulateName.fr, paper.columns, { align: 'center', bold: true, lang: 'fr' }),
  ];
}

/**
 * Service name in Arabic, then in the visitor's language when that is another one. A visit of several services lists
 * each, numbered in the order the visitor is called for them ("1. Passeport", "2. CNIE").
 */
function serviceLines(c: TicketContent, paper: Paper): PrintBlock[] {
  const list = c.services && c.services.length > 1 ? c.services : [c.serviceName];
  const out: PrintBlock[] = [];
  list.forEach((name, i) => {
    const n = list.length > 1 ? `${i + 1}. ` : '';
    const ar = name.ar;
    if (ar) out.push(...textLine(`${n}${ar}`, paper.columns, { align: 'center', bold: true, lang: 'ar' }));
    const own = c.language === 'ar' ? undefined : (name[c.language] ?? name.fr ?? name.en);
    if (own) out.push(...textLine(`${n}${own}`, paper.columns, { align: 'center', bold: true, lang: c.language }));
  });
  return out;
}

export function layoutTicket(c: TicketContent, width: PaperWidth, words: TicketWords): PrintBlock[] {
  const paper = PAPERS[width];
  const L = words.labels(c.language);
  const A = words.labels('ar');
  const lang = c.language;
  const big = width === 80 ? 5 : 4;
  // The ticket's words in Arabic and in the visitor's language, as its consulate and service names are: staff and
  // visitor read the same paper (issue 19, item 10). An Arabic visitor's ticket says them once.
  const both = (label: (l: typeof L) => string, o: { bold?: boolean } = {}): PrintBlock[] => [
    ...textLine(label(A), paper.columns, { align: 'center', lang: 'ar', ...o }),
    ...(lang === 'ar' ? [] : textLine(label(L), paper.columns, { align: 'center', lang, ...o })),
  ];
  const blocks: PrintBlock[] = [
    ...header(c, paper),
    { kind: 'separator', char: '=' },
    ...both((l) => l.yourNumber),
    { kind: 'big-number', text: c.number, scale: bigNumberScale(c.number, paper, big) },
    ...(c.offline ? both((l) => l.offline, { bold: true }) : []),
    { kind: 'feed', lines: 1 },
    ...serviceLines(c, paper),
    ...textLine(formatIssuedAt(c.issuedAt, lang), paper.columns, { align: 'center', lang }),
    ...both((l) => l.persons(c.persons)),
  ];
  const wait = c.estimatedWaitMinutes;
  if (wait !== undefined) blocks.push(...both((l) => l.wait(wait)));
  blocks.push(
    { kind: 'feed', lines: 1 },
    { kind: 'qr', payload: c.qrPayload, moduleDots: width === 80 ? 6 : 5 },
    ...(c.note !== undefined ? textLine(c.note, paper.columns, { align: 'center', lang }) : both((l) => l.note)),
    { kind: 'feed', lines: 4 },
    { kind: 'cut' },
  );
  return blocks;
}

export function layoutReceipt(c: ReceiptContent, width: PaperWidth, words: TicketWords): PrintBlock[] {
  const paper = PAPERS[width];
  const L = words.labels(c.language);
  const lang = c.language;
  const cols = paper.columns;
  const money = (minor: number) => formatMoney(minor, c.currency, lang);
  const blocks: PrintBlock[] = [
    ...header(c, paper),
    { kind: 'separator', char: '=' },
    ...textLine(L.receipt, cols, { align: 'center', bold: true, lang, size: width === 80 ? 2 : 1 }),
    ...pairLine(L.ticket, c.number, cols, { lang }),
    ...textLine(formatIssuedAt(c.issuedAt, lang), cols, { align: 'center', lang }),
    ...serviceLines(c, paper),
    { kind: 'separator', char: '-' },
  ];
  for (const fee of c.fees) blocks.push(...pairLine(fee.label, money(fee.amountMinor), cols, { lang }));
  blocks.push({ kind: 'separator', char: '-' }, ...pairLine(L.total, money(c.totalMinor), cols, { lang, bold: true }), { kind: 'feed', lines: 1 });
  blocks.push(...pairLine(L.eTimbre, c.eTimbreReference, cols, { lang }));
  if (c.authCode) blocks.push(...pairLine(L.authCode, c.authCode, cols, { lang }));
  if (c.maskedPan) blocks.push(...pairLine(L.card, c.maskedPan, cols, { lang }));
  if (c.terminalRef) blocks.push(...pairLine(L.terminalRef, c.terminalRef, cols, { lang }));
  if (c.terminalReceiptLines?.length) {
    blocks.push({ kind: 'separator', char: '-' }, ...terminalLines(c.terminalReceiptLines, cols, lang));
  }
  blocks.push({ kind: 'feed', lines: 4 }, { kind: 'cut' });
  return blocks;
}

/** The card terminal's receipt lines: pre-formatted in columns, so their spacing is kept and overflow is cut. */
export function terminalLines(lines: readonly string[], cols: number, lang: string): PrintBlock[] {
  const out: PrintBlock[] = [];
  for (const line of lines) {
    const t = plainSpaces(line).replace(/\s+$/, '');
    if (t.length <= cols && !/[^\u0020-\u024f]/.test(t)) out.push({ kind: 'text', text: t, align: 'left' });
    else out.push(...textLine(t, cols, { align: 'left', lang }));
  }
  return out;
}

/** A card receipt on its own, as staff reprint it: a title saying what it is, the terminal's lines, a cut. */
export function layoutCardReceipt(title: string, lines: readonly string[], width: PaperWidth = 80): PrintBlock[] {
  const cols = PAPERS[width].columns;
  return [
    ...textLine(title, cols, { align: 'center', bold: true, lang: 'fr' }),
    { kind: 'separator', char: '-' },
    ...terminalLines(lines, cols, 'fr'),
    { kind: 'feed', lines: 4 },
    { kind: 'cut' },
  ];
}

export { wrap };
