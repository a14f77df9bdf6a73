// A report as neutral content (title, facts, tables, notes) and its two printed forms: an A4 PDF (any script:
// Arabic is shaped and laid out right to left, see pdf-page.ts) and blocks for the 80/58 mm ticket printer.
import type { PrintBlock } from '../../shared/print-blocks';
import { paragraphDirection, type Direction } from './bidi-runs';
import { A4, ReportPdf } from './pdf-page';

export interface Column {
  label: string;
  align?: 'left' | 'right';
  /** share of the page width */ weight?: number;
}
export interface Table {
  columns: Column[];
  rows: string[][];
}
export interface Section {
  heading: string;
  facts?: Array<[string, string]>;
  table?: Table;
  notes?: string[];
}
export interface ReportDoc {
  title: string;
  subtitle: string[];
  sections: Section[];
  footer: string;
}

const MARGIN = 42;
const LINE = 14;

/** The PDF; `compress: false` leaves its streams readable (tests). */
export async function renderPdf(doc: ReportDoc, created = new Date(), opts: { compress?: boolean } = {}): Promise<Buffer> {
  const pdf = new ReportPdf({ title: doc.title, created }, opts);
  const width = A4.width - 2 * MARGIN;
  let y = 0;
  let pageNo = 0;
  const newPage = () => {
    pdf.addPage();
    pageNo++;
    y = A4.height - MARGIN;
    pdf.text(MARGIN, MARGIN / 2, pdf.fit(doc.footer, width - 60, 8), { size: 8 });
    pdf.text(A4.width - MARGIN, MARGIN / 2, `page ${pageNo}`, { size: 8, align: 'right' });
  };
  const need = (h: number) => {
    if (y - h < MARGIN + 10) newPage();
  };
  // Free lines (title, subtitles, headings, notes) start on the right when they are Arabic.
  const line = (text: string, baseline: number, size: number, how: { bold?: boolean; direction?: Direction } = {}) => {
    const direction = how.direction ?? paragraphDirection(text);
    pdf.text(direction === 'rtl' ? MARGIN + width : MARGIN, baseline, text, { size, bold: how.bold ?? false, align: 'start', direction });
  };
  newPage();
  line(pdf.fit(doc.title, width, 16, true), y - 16, 16, { bold: true });
  y -= 28;
  for (const s of doc.subtitle) {
    line(pdf.fit(s, width, 10), y - 10, 10);
    y -= LINE;
  }
  y -= 6;
  for (const sec of doc.sections) {
    need(LINE * 3);
    line(pdf.fit(sec.heading, width, 12, true), y - 12, 12, { bold: true });
    pdf.line(MARGIN, y - 16, MARGIN + width, y - 16, 0.75);
    y -= 24;
    for (const [k, v] of sec.facts ?? []) {
      need(LINE);
      pdf.text(MARGIN, y - 10, pdf.fit(k, width * 0.4, 10, true), { bold: true });
      pdf.text(MARGIN + width * 0.42, y - 10, pdf.fit(v, width * 0.58, 10));
      y -= LINE;
    }
    if (sec.table) {
      const t = sec.table;
      const total = t.columns.reduce((n, c) => n + (c.weight ?? 1), 0);
      const xs: number[] = [];
      let x = MARGIN;
      for (const c of t.columns) {
        xs.push(x);
        x += (width * (c.weight ?? 1)) / total;
      }
      const cell = (row: string[], bold: boolean) => {
        t.columns.forEach((c, i) => {
          const w = (width * (c.weight ?? 1)) / total - 6;
          const text = pdf.fit(row[i] ?? '', w, 9, bold);
          if (c.align === 'right') pdf.text(xs[i]! + w + 3, y - 10, text, { size: 9, bold, align: 'right' });
          else pdf.text(xs[i]! + 3, y - 10, text, { size: 9, bold });
        });
      };
      const header = () => {
        pdf.rect(MARGIN, y - LINE, width, LINE, { fill: 0.9 });
        cell(
          t.columns.map((c) => c.label),
          true,
        );
        y -= LINE;
      };
      need(LINE * 2);
      header();
      for (const row of t.rows) {
        if (y - LINE < MARGIN + 10) {
          newPage();
          header();
        }
        cell(row, false);
        pdf.line(MARGIN, y - LINE + 1, MARGIN + width, y - LINE + 1, 0.25);
        y -= LINE;
      }
      if (t.rows.length === 0) {
        pdf.text(MARGIN + 3, y - 10, '(none)', { size: 9 });
        y -= LINE;
      }
    }
    for (const n of sec.notes ?? []) {
      // Wrapped by measured width in logical order; every line keeps the direction of the whole note.
      const direction = paragraphDirection(n);
      for (const l of pdf.wrap(n, width, 9)) {
        need(LINE);
        line(pdf.fit(l, width, 9), y - 10, 9, { direction });
        y -= LINE - 2;
      }
    }
    y -= 10;
  }
  return pdf.toBuffer();
}

export function wrapWords(text: string, columns: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (cur && cur.length + 1 + word.length > columns) {
      out.push(cur);
      cur = '';
    }
    let w = word;
    while (w.length > columns) {
      if (cur) {
        out.push(cur);
        cur = '';
      }
      out.push(w.slice(0, columns));
      w = w.slice(columns);
    }
    cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  return out.length ? out : [''];
}

/** The same report for the ticket printer: text lines at the paper's columns, tables as "label  value". */
export function renderBlocks(doc: ReportDoc, columns: number): PrintBlock[] {
  const b: PrintBlock[] = [];
  const text = (t: string, extra: Partial<{ bold: boolean; align: 'left' | 'center' }> = {}) => {
    for (const l of wrapWords(t, columns)) b.push({ kind: 'text', text: l, align: extra.align ?? 'left', ...(extra.bold ? { bold: true } : {}) });
  };
  const pair = (k: string, v: string) => {
    if (k.length + v.length + 1 <= columns) b.push({ kind: 'text', text: k + ' '.repeat(columns - k.length - v.length) + v, align: 'left' });
    else {
      text(k);
      b.push({ kind: 'text', text: v.slice(0, columns).padStart(columns), align: 'left' });
    }
  };
  text(doc.title, { bold: true, align: 'center' });
  for (const s of doc.subtitle) text(s, { align: 'center' });
  for (const sec of doc.sections) {
    b.push({ kind: 'separator', char: '=' });
    text(sec.heading, { bold: true });
    for (const [k, v] of sec.facts ?? []) pair(k, v);
    if (sec.table) {
      const right = sec.table.columns.findIndex((c) => c.align === 'right');
      for (const row of sec.table.rows) {
        // The first column and the first right-aligned one (the amount) on a line; the rest below.
        const value = right >= 0 ? (row[right] ?? '') : '';
        pair(row[0] ?? '', value);
        const rest = row.filter((_, i) => i !== 0 && i !== right && row[i]).join(' ');
        if (rest) text('  ' + rest);
      }
      if (sec.table.rows.length === 0) text('(none)');
    }
    for (const n of sec.notes ?? []) text(n);
  }
  b.push({ kind: 'separator', char: '-' });
  text(doc.footer);
  b.push({ kind: 'feed', lines: 4 }, { kind: 'cut' });
  return b;
}
