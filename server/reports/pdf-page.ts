// An A4 report drawn with pdfkit: text in the Noto faces (embedded, subset), Arabic shaped by fontkit and put
// in visual order by bidi-runs.ts, lines and shaded rectangles. Positions are in points from the page's
// bottom-left corner, as in PDF itself; pdfkit's own origin is the top-left.
import { createRequire } from 'node:module';
import type PDFKit from 'pdfkit';
import { hasRtlScript, paragraphDirection, visualRuns, type Direction, type Run } from './bidi-runs';
import { faceSet, type Face, type Weight } from './pdf-fonts';

const require = createRequire(import.meta.url);

export const A4 = { width: 595.28, height: 841.89 } as const;

export type Align = 'left' | 'right' | 'center' | 'start';

export interface TextOptions {
  size?: number;
  bold?: boolean;
  /** 'start' is left for a left-to-right paragraph and right for a right-to-left one (Arabic). */
  align?: Align;
  /** The paragraph's direction; by default that of its first strong character. */
  direction?: Direction;
}

const ELLIPSIS = '…';
// Made with the first cut line: a Segmenter loads ICU's break rules, ~40 ms of every daemon start when made at load (issue 14).
let graphemes: Intl.Segmenter | undefined;

export class ReportPdf {
  private readonly doc: PDFKit.PDFDocument;
  private readonly done: Promise<Buffer>;

  constructor(info: { title: string; author?: string; created?: Date }, opts: { compress?: boolean } = {}) {
    // pdfkit (with its font engine) is loaded with the first PDF, not when the daemon starts.
    const PDFDocument = require('pdfkit') as typeof PDFKit;
    this.doc = new PDFDocument({
      size: [A4.width, A4.height],
      margin: 0,
      autoFirstPage: false,
      compress: opts.compress ?? true,
      pdfVersion: '1.4',
      info: { Title: info.title, Author: info.author ?? 'kiosk', Producer: 'consulate-kiosk', CreationDate: info.created ?? new Date() },
    });
    const chunks: Buffer[] = [];
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
  }

  addPage(): this {
    this.doc.addPage({ size: [A4.width, A4.height], margin: 0 });
    return this;
  }

  private runs(text: string, weight: Weight, direction: Direction | 'auto'): Array<Run<Face>> {
    return visualRuns(text, faceSet(weight).pick, direction);
  }

  private readonly registered = new Set<string>();
  /** The face as this document's current font. */
  private use(face: Face, size: number): PDFKit.PDFDocument {
    if (!this.registered.has(face.key)) {
      // pdfkit takes a fontkit font object as a source (its types say only files and bytes), so a face is parsed
      // once per process and its layouts shared by every document.
      this.doc.registerFont(face.key, face.font as unknown as PDFKit.Mixins.PDFFontSource);
      this.registered.add(face.key);
    }
    return this.doc.font(face.key).fontSize(size);
  }

  private runWidth(run: Run<Face>, size: number): number {
    return this.use(run.face, size).widthOfString(run.text);
  }

  /** Width of a text in points, as drawn (shaped, in its faces). */
  width(text: string, size = 10, bold = false): number {
    return this.runs(text, bold ? 'bold' : 'regular', 'auto').reduce((w, r) => w + this.runWidth(r, size), 0);
  }

  /** Cuts a text to fit `width` points at whole characters, ending with "…" when it was cut. */
  fit(text: string, width: number, size = 10, bold = false): string {
    if (this.width(text, size, bold) <= width) return text;
    const parts = [...(graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(text)].map((s) => s.segment);
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.width(parts.slice(0, mid).join('').trimEnd() + ELLIPSIS, size, bold) <= width) lo = mid;
      else hi = mid - 1;
    }
    return parts.slice(0, lo).join('').trimEnd() + ELLIPSIS;
  }

  /** A paragraph's words in lines of at most `width` points, in logical order (each line is reordered when drawn). */
  wrap(text: string, width: number, size = 10, bold = false): string[] {
    const lines: string[] = [];
    let cur = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const next = cur ? `${cur} ${word}` : word;
      if (!cur || this.width(next, size, bold) <= width) cur = next;
      else {
        lines.push(cur);
        cur = word;
      }
    }
    if (cur) lines.push(cur);
    return lines.length ? lines : [''];
  }

  /** Text whose baseline starts (or, aligned right, ends) at (x, y). */
  text(x: number, y: number, text: string, opts: TextOptions = {}): this {
    const size = opts.size ?? 10;
    const direction = opts.direction ?? paragraphDirection(text);
    const runs = this.runs(text, opts.bold ? 'bold' : 'regular', direction);
    const widths = runs.map((r) => this.runWidth(r, size));
    const total = widths.reduce((a, b) => a + b, 0);
    const align = opts.align === 'start' ? (direction === 'rtl' ? 'right' : 'left') : (opts.align ?? 'left');
    let at = align === 'right' ? x - total : align === 'center' ? x - total / 2 : x;
    // Shaped Arabic glyphs cannot be read back one by one (Noto draws several letters with one skeleton and
    // separate dots, so a glyph's Unicode is ambiguous) and are in visual order: the line's own text goes
    // along as ActualText, which text extraction, search and copy use instead.
    const actual = hasRtlScript(text);
    if (actual) this.doc.markContent('Span', { actual: text });
    runs.forEach((r, i) => {
      if (r.text.trim()) this.use(r.face, size).text(r.text, at, A4.height - y, { lineBreak: false, baseline: 'alphabetic' });
      at += widths[i]!;
    });
    if (actual) this.doc.endMarkedContent();
    return this;
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.5): this {
    this.doc
      .moveTo(x1, A4.height - y1)
      .lineTo(x2, A4.height - y2)
      .lineWidth(width)
      .stroke('black');
    return this;
  }

  /** A rectangle from its bottom-left corner, filled with a grey (0 black, 1 white). */
  rect(x: number, y: number, w: number, h: number, opts: { fill: number }): this {
    const g = Math.round(opts.fill * 255);
    this.doc
      .save()
      .rect(x, A4.height - y - h, w, h)
      .fill([g, g, g])
      .restore();
    return this;
  }

  /** Ends the document; the file once pdfkit has written it. */
  toBuffer(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}
