// Print blocks → ESC/POS bytes. Latin text, the big number and the QR code are native commands (a few
// bytes each); only text the printer cannot shape or encode is drawn and sent as GS v 0 bands.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { Codepage } from '@point-of-sale/codepage-encoder';
import { PAPERS, type Align, type Paper, type PrintBlock } from '../../shared/print-blocks';
import { gsv0, DEFAULT_BAND_ROWS } from './gsv0';
import { concat } from '../bytes';
import { qrBitmap } from './qr-bitmap';
import { rasterLines, type Band } from './raster-text';
import { allIn, codepageTable } from './codepages';
import { DEFAULT_MODEL, type PrinterModel } from './models';
import { provideReceiptEncoder } from './encoder-lib';

provideReceiptEncoder(ReceiptPrinterEncoder);

export type { PrinterModel };

export interface EncodeOptions {
  paper?: 80 | 58 | Paper;
  /** Chooses the code page table; default an Epson TM-T88VI, whose table most clones copy. */
  model?: PrinterModel;
  /** false for printers without GS ( k: the QR code is sent as an image. */
  nativeQr?: boolean;
  /** Rows per GS v 0 command. */
  bandRows?: number;
  /** Crop raster bands to their ink and place them with ESC a (default); false sends full-width bands. */
  trimBands?: boolean;
}

export interface EncodeStats {
  bytes: number;
  nativeLines: number;
  rasterBands: number;
  rasterBytes: number;
  qr: 'native' | 'raster' | 'none';
}

export { DEFAULT_MODEL };

const ALIGN: Record<Align, number> = { left: 0, center: 1, right: 2 };

/** True when every character maps to one of the model's code pages (the encoder writes "?" for the rest). */
export function encodable(text: string, model: PrinterModel = DEFAULT_MODEL): boolean {
  return allIn(text, codepageTable(model).inAny);
}

/**
 * The page to give the encoder for a text. 'auto' starts every text item (a line, its padding merged in)
 * with the first candidate and keeps it while it has the characters, so a text the first candidate
 * encodes whole comes out of 'auto' as one fragment in that page: the same bytes as selecting it. Other
 * texts keep 'auto' (rare: capitals like À, €, Œ). An empty text stays 'auto', which writes nothing for
 * it, not even the page command a fixed page would.
 */
export function pageFor(text: string, model: PrinterModel = DEFAULT_MODEL): Codepage | 'auto' {
  const table = codepageTable(model);
  return text !== '' && allIn(text, table.inFirst) ? table.first : 'auto';
}

/** How code pages are chosen; the library's own 'auto' is kept beside ours as a reference (tests, bench). */
export interface CodepagePolicy {
  pageFor(text: string, model: PrinterModel): Codepage | 'auto';
  encodable(text: string, model: PrinterModel): boolean;
}

const TABLES: CodepagePolicy = { pageFor, encodable };

export function resolvePaper(p: EncodeOptions['paper']): Paper {
  if (p === undefined) return PAPERS[80];
  return typeof p === 'number' ? PAPERS[p] : p;
}

export function encodeBlocks(blocks: PrintBlock[], opts: EncodeOptions = {}): { bytes: Uint8Array; stats: EncodeStats } {
  return encodeBlocksWith(blocks, opts, TABLES);
}

export function encodeBlocksWith(blocks: PrintBlock[], opts: EncodeOptions, pages: CodepagePolicy): { bytes: Uint8Array; stats: EncodeStats } {
  const paper = resolvePaper(opts.paper);
  const model = opts.model ?? DEFAULT_MODEL;
  const bandRows = opts.bandRows ?? DEFAULT_BAND_ROWS;
  const trim = opts.trimBands ?? true;
  const stats: EncodeStats = { bytes: 0, nativeLines: 0, rasterBands: 0, rasterBytes: 0, qr: 'none' };
  // The encoder pads aligned text with spaces inserted at the start of its line buffer, which would land
  // before raw bytes added to the same buffer: native runs are encoded separately and raster goes between.
  const parts: Uint8Array[] = [];
  let current: ReceiptPrinterEncoder | null = new ReceiptPrinterEncoder({
    printerModel: model,
    columns: paper.columns,
    feedBeforeCut: 0,
    newline: '\n',
  }).initialize();
  const native = (text?: string): ReceiptPrinterEncoder => {
    current ??= new ReceiptPrinterEncoder({ printerModel: model, columns: paper.columns, feedBeforeCut: 0, newline: '\n' });
    return current.codepage(text === undefined ? 'auto' : pages.pageFor(text, model));
  };
  const flush = () => {
    if (current) parts.push(current.encode());
    current = null;
  };

  const sendBands = (bands: Band[]) => {
    flush();
    for (const band of bands) {
      const data = gsv0(band.bitmap, bandRows);
      stats.rasterBands++;
      stats.rasterBytes += data.length;
      if (band.align !== 'left') parts.push(new Uint8Array([0x1b, 0x61, ALIGN[band.align]]));
      parts.push(data);
      if (band.align !== 'left') parts.push(new Uint8Array([0x1b, 0x61, 0]));
    }
  };

  for (const b of blocks) {
    const enc = b.kind === 'raster-text' ? null : native(textOf(b));
    switch (b.kind) {
      case 'text': {
        if (!pages.encodable(b.text, model)) {
          sendBands(rasterLines({ text: b.text, align: b.align, direction: 'ltr', sizeDots: b.size === 2 ? 44 : 26, bold: b.bold ?? false }, paper, { trim }));
          break;
        }
        const size = b.size ?? 1;
        if (!enc) break;
        enc.align(b.align);
        if (b.bold) enc.bold(true);
        if (size !== 1) enc.size(size, size);
        enc.line(b.text);
        if (size !== 1) enc.size(1, 1);
        if (b.bold) enc.bold(false);
        stats.nativeLines++;
        break;
      }
      case 'raster-text':
        sendBands(rasterLines(b, paper, { trim }));
        break;
      case 'big-number':
        enc?.align('center').size(b.scale, b.scale).line(b.text).size(1, 1);
        stats.nativeLines++;
        break;
      case 'qr':
        if (opts.nativeQr ?? true) {
          enc?.align('center').qrcode(b.payload, { model: 2, size: Math.min(16, Math.max(1, b.moduleDots)), errorlevel: 'm' });
          stats.qr = 'native';
        } else {
          sendBands([{ bitmap: qrBitmap(b.payload, b.moduleDots, 'M'), align: 'center' }]);
          stats.qr = 'raster';
        }
        break;
      case 'separator':
        enc?.align('left').line(b.char.repeat(paper.columns));
        stats.nativeLines++;
        break;
      case 'feed':
        if (b.lines > 0) enc?.raw([0x1b, 0x64, Math.min(255, b.lines)]);
        break;
      case 'cut':
        // GS V 1 as raw bytes: the library's cut() follows it with a line feed, which feeds the next
        // ticket's paper (a blank line on top of it). Nothing but status queries may follow a cut.
        enc?.raw([0x1d, 0x56, 0x01]);
        break;
    }
  }
  flush();
  const bytes = concat(...parts);
  stats.bytes = bytes.length;
  return { bytes, stats };
}

/** The text a block prints natively, or undefined for blocks without text. */
function textOf(b: PrintBlock): string | undefined {
  if (b.kind === 'text' || b.kind === 'big-number') return b.text;
  if (b.kind === 'separator') return b.char;
  return undefined;
}
