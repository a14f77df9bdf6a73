// The paper coming out of the virtual printer: what each command puts where, in dots, and a PNG of it.
import { createRequire } from 'node:module';
import type QRCodeModule from 'qrcode';
import type { Bitmap } from '../bitmap';
import { getDot } from '../bitmap';
import { canvas as loadCanvas } from '../canvas';
import { LATIN_STACK, registerFonts } from '../fonts';

// qrcode (and the PNG library it brings) is required by the first QR code the paper shows, not when the
// simulator starts with the daemon (issue 14, start-up).
let qrcode: typeof QRCodeModule | undefined;
const QRCode = (): typeof QRCodeModule => (qrcode ??= createRequire(import.meta.url)('qrcode') as typeof QRCodeModule);

export interface Glyph {
  ch: string;
  w: number;
  h: number;
  bold: boolean;
  underline: boolean;
}

type Op =
  | { kind: 'glyph'; x: number; y: number; g: Glyph }
  | { kind: 'bitmap'; x: number; y: number; bitmap: Bitmap }
  | { kind: 'qr'; x: number; y: number; payload: string; module: number; level: 'L' | 'M' | 'Q' | 'H' };

export interface PageSummary {
  /** Each printed text line, as decoded characters (alignment spaces trimmed). */
  lines: string[];
  rasterBands: number;
  qr: string[];
  /** Something printed wider than the paper, or a command the printer does not know. */
  warnings: string[];
  heightDots: number;
}

export class Page {
  readonly ops: Op[] = [];
  readonly summary: PageSummary = { lines: [], rasterBands: 0, qr: [], warnings: [], heightDots: 0 };
  y = 0;
  private line: Glyph[] = [];

  constructor(readonly widthDots: number) {}

  get empty(): boolean {
    return this.ops.length === 0 && this.line.length === 0 && this.y === 0;
  }

  /** Something printed or waiting to print on it (paper fed blank does not count). */
  get inked(): boolean {
    return this.ops.length > 0 || this.line.length > 0;
  }

  addChar(g: Glyph): void {
    const used = this.line.reduce((n, c) => n + 12 * c.w, 0);
    if (used + 12 * g.w > this.widthDots) {
      this.summary.warnings.push(
        `text wider than ${this.widthDots} dots wrapped: "${this.line
          .map((c) => c.ch)
          .join('')
          .trim()}"`,
      );
      this.printLine(0, 30);
    }
    this.line.push(g);
  }

  get lineEmpty(): boolean {
    return this.line.length === 0;
  }

  /** LF: prints the line buffer and advances by the line spacing or the tallest character. */
  printLine(align: number, spacing: number): number {
    const width = this.line.reduce((n, c) => n + 12 * c.w, 0);
    const tallest = this.line.reduce((n, c) => Math.max(n, 24 * c.h), 0);
    const x0 = align === 1 ? Math.floor((this.widthDots - width) / 2) : align === 2 ? this.widthDots - width : 0;
    let x = x0;
    for (const g of this.line) {
      this.ops.push({ kind: 'glyph', x, y: this.y + tallest - 24 * g.h, g });
      x += 12 * g.w;
    }
    const text = this.line
      .map((c) => c.ch)
      .join('')
      .trim();
    if (this.line.length) this.summary.lines.push(text);
    this.line = [];
    const advance = Math.max(spacing, tallest);
    this.y += advance;
    return advance;
  }

  feed(dots: number): void {
    this.y += dots;
  }

  raster(bitmap: Bitmap, align: number): void {
    if (bitmap.width > this.widthDots) this.summary.warnings.push(`raster image ${bitmap.width} dots wide on ${this.widthDots}-dot paper`);
    const x = align === 1 ? Math.floor((this.widthDots - bitmap.width) / 2) : align === 2 ? this.widthDots - bitmap.width : 0;
    this.ops.push({ kind: 'bitmap', x: Math.max(0, x), y: this.y, bitmap });
    this.summary.rasterBands++;
    this.y += bitmap.height;
  }

  qr(payload: string, module: number, level: 'L' | 'M' | 'Q' | 'H', align: number): number {
    let size: number;
    try {
      // Only the size is needed here, and the mask does not change it: a fixed mask spares the search for the best of
      // eight (most of the cost). The PNG draws the code the printer would, best mask and all.
      size = QRCode().create(payload, { errorCorrectionLevel: level, maskPattern: 0 }).modules.size * module;
    } catch (err) {
      this.summary.warnings.push(`QR code not printable: ${(err as Error).message}`);
      return 0;
    }
    if (size > this.widthDots) this.summary.warnings.push(`QR code ${size} dots wide on ${this.widthDots}-dot paper`);
    const x = align === 1 ? Math.floor((this.widthDots - size) / 2) : align === 2 ? this.widthDots - size : 0;
    this.ops.push({ kind: 'qr', x, y: this.y, payload, module, level });
    this.summary.qr.push(payload);
    this.y += size;
    return size;
  }

  /** The paper as it comes out: black on white, `margin` blank dots below. */
  png(margin = 24): Buffer {
    registerFonts();
    const { createCanvas } = loadCanvas();
    const height = Math.max(1, this.y + margin);
    this.summary.heightDots = this.y;
    const canvas = createCanvas(this.widthDots, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, this.widthDots, height);
    ctx.fillStyle = '#000';
    const img = ctx.getImageData(0, 0, this.widthDots, height);
    const px = img.data;
    const dot = (x: number, y: number) => {
      if (x < 0 || y < 0 || x >= this.widthDots || y >= height) return;
      const p = (y * this.widthDots + x) * 4;
      px[p] = px[p + 1] = px[p + 2] = 0;
    };
    for (const op of this.ops) {
      if (op.kind === 'bitmap') {
        for (let y = 0; y < op.bitmap.height; y++) for (let x = 0; x < op.bitmap.width; x++) if (getDot(op.bitmap, x, y)) dot(op.x + x, op.y + y);
      } else if (op.kind === 'qr') {
        const m = QRCode().create(op.payload, { errorCorrectionLevel: op.level }).modules;
        for (let r = 0; r < m.size; r++)
          for (let c = 0; c < m.size; c++) {
            if (!m.get(r, c)) continue;
            for (let dy = 0; dy < op.module; dy++) for (let dx = 0; dx < op.module; dx++) dot(op.x + c * op.module + dx, op.y + r * op.module + dy);
          }
      }
    }
    ctx.putImageData(img, 0, 0);
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'center';
    for (const op of this.ops) {
      if (op.kind !== 'glyph' || op.g.ch === ' ') continue;
      const { g } = op;
      ctx.save();
      ctx.translate(op.x + 6 * g.w, op.y + 19 * g.h);
      ctx.font = `${g.bold ? 'bold ' : ''}20px ${LATIN_STACK}`;
      const natural = ctx.measureText(g.ch).width || 1;
      ctx.scale(Math.min(g.w, (11 * g.w) / natural), g.h);
      ctx.fillText(g.ch, 0, 0);
      ctx.restore();
      if (g.underline) ctx.fillRect(op.x, op.y + 22 * g.h, 12 * g.w, g.h);
    }
    return canvas.toBuffer('image/png');
  }
}
