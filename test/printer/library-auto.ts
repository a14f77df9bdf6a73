// The code path before issue 14, kept as the reference our code-page tables must match byte for byte
// (test/printer/byte-identity.test.ts) and as the baseline of bench/printer.bench.ts: the library's 'auto'
// for every text, and encodable() as a second full encode that counts the "?" it wrote.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { encodeBlocksWith, type CodepagePolicy, type EncodeOptions, type PrinterModel } from '../../drivers/printer/encode';
import type { PrintBlock } from '../../shared/print-blocks';
import { withLibraryMethods } from '../../drivers/printer/codepage-lookup';

const QUESTION = 0x3f;

export function libraryEncodable(text: string, model: PrinterModel): boolean {
  const bytes = withLibraryMethods(() => new ReceiptPrinterEncoder({ printerModel: model, columns: 48 }).codepage('auto').text(text).encode());
  const expected = [...text].filter((c) => c === '?').length;
  return bytes.filter((b) => b === QUESTION).length === expected;
}

export const libraryAuto: CodepagePolicy = { pageFor: () => 'auto', encodable: libraryEncodable };

export const encodeWithLibraryAuto = (blocks: PrintBlock[], opts: EncodeOptions = {}) => withLibraryMethods(() => encodeBlocksWith(blocks, opts, libraryAuto));
