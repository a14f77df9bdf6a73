// A small PDF 1.4 writer: A4 pages, text in the standard Helvetica fonts (WinAnsiEncoding), lines and
// rectangles. No package is needed and the output is plain (uncompressed) so tests can read it back.
// The standard fonts have no Arabic glyphs: reports are Latin (French/English); a character WinAnsi cannot
// show is written as "?" rather than dropped, so nothing vanishes silently.

export const A4 = { width: 595.28, height: 841.89 } as const;

export type FontName = 'Helvetica' | 'Helvetica-Bold';

// Unicode code points that cp1252 places in 0x80..0x9F; the rest of Latin-1 maps to itself.
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
};

/** The WinAnsi bytes of a string; characters outside it become "?". */
export function winAnsi(text: string): number[] {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x202f || cp === 0x2009)
      out.push(0x20); // narrow spaces (fr-FR number format) → space
    else if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp <= 0xff)) out.push(cp);
    else if (CP1252_HIGH[cp] !== undefined) out.push(CP1252_HIGH[cp]);
    else out.push(0x3f);
  }
  return out;
}

/** A PDF literal string "(…)" with (, ) and \ escaped and bytes above 0x7E written in octal. */
function literal(bytes: number[]): string {
  let s = '(';
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) s += '\\' + b.toString(8).padStart(3, '0');
    else s += String.fromCharCode(b);
  }
  return s + ')';
}

// Helvetica advance widths (1/1000 em) for 0x20..0x7E, from the Adobe AFM; others use 556.
const HELV = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
  556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278,
  469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260,
  334, 584,
];
const HELV_BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584,
  611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333,
  584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280,
  389, 584,
];

/** Width of a text in points at `size`, for right alignment and clipping. */
export function textWidth(text: string, size: number, font: FontName = 'Helvetica'): number {
  const table = font === 'Helvetica-Bold' ? HELV_BOLD : HELV;
  return (winAnsi(text).reduce((w, b) => w + (b >= 0x20 && b <= 0x7e ? table[b - 0x20]! : 556), 0) * size) / 1000;
}

/** Cuts a text to fit `width` points, ending with "…" when it was cut. */
export function fitText(text: string, width: number, size: number, font: FontName = 'Helvetica'): string {
  if (textWidth(text, size, font) <= width) return text;
  let s = text;
  while (s.length > 0 && textWidth(s + '…', size, font) > width) s = s.slice(0, -1);
  return s + '…';
}

const num = (n: number) => (Math.round(n * 100) / 100).toString();

export class PdfPage {
  readonly ops: string[] = [];
  /** Text at (x, y) from the bottom-left corner, in points. */
  text(x: number, y: number, text: string, opts: { size?: number; font?: FontName; align?: 'left' | 'right' | 'center' } = {}): this {
    const size = opts.size ?? 10;
    const font = opts.font ?? 'Helvetica';
    const w = opts.align && opts.align !== 'left' ? textWidth(text, size, font) : 0;
    const x0 = opts.align === 'right' ? x - w : opts.align === 'center' ? x - w / 2 : x;
    this.ops.push(`BT /${font === 'Helvetica-Bold' ? 'F2' : 'F1'} ${num(size)} Tf ${num(x0)} ${num(y)} Td ${literal(winAnsi(text))} Tj ET`);
    return this;
  }
  line(x1: number, y1: number, x2: number, y2: number, width = 0.5): this {
    this.ops.push(`${num(width)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
    return this;
  }
  rect(x: number, y: number, w: number, h: number, opts: { fill?: number; stroke?: boolean } = {}): this {
    const fill = opts.fill === undefined ? '' : `${num(opts.fill)} g `;
    const op = opts.fill !== undefined && opts.stroke ? 'B' : opts.fill !== undefined ? 'f' : 'S';
    this.ops.push(`q ${fill}0.5 w ${num(x)} ${num(y)} ${num(w)} ${num(h)} re ${op} Q`);
    return this;
  }
}

export class PdfDocument {
  readonly pages: PdfPage[] = [];
  constructor(private readonly info: { title: string; author?: string; created?: Date }) {}

  addPage(): PdfPage {
    const p = new PdfPage();
    this.pages.push(p);
    return p;
  }

  /** The file: header, numbered objects, cross-reference table with exact byte offsets, trailer. */
  toBuffer(): Buffer {
    const pages = this.pages.length ? this.pages : [new PdfPage()];
    const objects: string[] = [];
    // 1 catalog, 2 pages, 3 F1, 4 F2, 5 info, then (page, content) pairs.
    const pageIds = pages.map((_, i) => 6 + i * 2);
    objects.push('<< /Type /Catalog /Pages 2 0 R >>');
    objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
    objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
    const d = this.info.created ?? new Date();
    const stamp = `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
    objects.push(
      `<< /Title ${literal(winAnsi(this.info.title))} /Author ${literal(winAnsi(this.info.author ?? 'kiosk'))} ` +
        `/Producer (consulate-kiosk) /CreationDate (${stamp}) >>`,
    );
    for (const [i, p] of pages.entries()) {
      objects.push(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] ` +
          `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`,
      );
      const content = p.ops.join('\n');
      // Content is ASCII (literal() escapes every other byte), so its length in characters is its length in bytes.
      objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    }
    const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let offset = chunks[0]!.length;
    const offsets: number[] = [];
    for (const [i, body] of objects.entries()) {
      offsets.push(offset);
      const b = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
      chunks.push(b);
      offset += b.length;
    }
    const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
    chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
    return Buffer.concat(chunks);
  }
}
