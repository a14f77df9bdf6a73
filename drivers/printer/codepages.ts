// The model's code pages as lookup tables, built once per process. The encoder's 'auto' mode asks
// CodepageEncoder.getEncoding for every character and every candidate page, and getEncoding returns a
// structuredClone of a 256-entry table each time: half of the daemon's CPU on a visit (issue 14).
// Everything here comes from the libraries' public API, so the tables follow the installed version.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';
// Replaces the library's per-character table copies before anything encodes (lines that still need 'auto').
import './codepage-lookup';

type PrinterModel = NonNullable<NonNullable<ConstructorParameters<typeof ReceiptPrinterEncoder>[0]>['printerModel']>;

export interface CodepageTable {
  /** The candidate 'auto' tries first (the page with the lowest number in the model's mapping). */
  first: Codepage;
  /** Code points the first candidate encodes. */
  inFirst: ReadonlySet<number>;
  /** Code points some candidate encodes; the encoder writes "?" for any other. */
  inAny: ReadonlySet<number>;
}

const tables = new Map<PrinterModel, CodepageTable>();

/**
 * The encoder keeps its candidates private; their order is that of the page numbers in the model's
 * mapping (Object.keys of the mapping built from the numbered list). The public way to learn them: select
 * each known page on a fresh encoder (it throws for pages the model lacks) and sort by the bytes it
 * writes, which differ only in the page number of the select command (ESC t n, or ESC GS t n on Star).
 */
function candidates(model: PrinterModel): Codepage[] {
  const probes: Array<{ page: Codepage; bytes: Uint8Array }> = [];
  for (const page of CodepageEncoder.getEncodings()) {
    const enc = new ReceiptPrinterEncoder({ printerModel: model });
    try {
      enc.codepage(page);
    } catch {
      continue; // not in this model's mapping
    }
    probes.push({ page, bytes: enc.text('A').encode() });
  }
  const compare = (a: Uint8Array, b: Uint8Array) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  return probes.sort((a, b) => compare(a.bytes, b.bytes)).map((p) => p.page);
}

/** Code points of one page, as the library's encode() sees them (its table, 0xFFFD filler included). */
function codepointsOf(page: Codepage): Set<number> {
  return new Set(CodepageEncoder.getEncoding(page).codepoints);
}

export function codepageTable(model: PrinterModel): CodepageTable {
  let table = tables.get(model);
  if (!table) {
    const pages = candidates(model);
    const first = pages[0] ?? 'cp437';
    const inFirst = codepointsOf(first);
    const inAny = new Set<number>();
    for (const page of pages) for (const cp of codepointsOf(page)) inAny.add(cp);
    table = { first, inFirst, inAny };
    tables.set(model, table);
  }
  return table;
}

/** True when the library would find every character in `set`; it walks UTF-16 units with codePointAt. */
export function allIn(text: string, set: ReadonlySet<number>): boolean {
  for (let i = 0; i < text.length; i++) if (!set.has(text.codePointAt(i)!)) return false;
  return true;
}
