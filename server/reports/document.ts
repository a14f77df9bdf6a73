// A report as neutral content (title, facts, tables, notes) and its two printed forms: an A4 PDF and
// blocks for the 80/58 mm ticket printer. Latin text only (see pdf.ts).
import type { PrintBlock } from '../devices/index';
import { A4, PdfDocument, fitText, type PdfPage } from './pdf';

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

export function renderPdf(doc: ReportDoc, created = new Date()): Buffer {
  const pdf = new PdfDocument({ title: doc.title, created });
  const width = A4.width - 2 * MARGIN;
  let page: PdfPage;
  let y = 0;
  let pageNo = 0;
  const newPage = () => {
    page = pdf.addPage();
    pageNo++;
    y = A4.height - MARGIN;
    page.text(MARGIN, MARGIN / 2, fitText(doc.footer, width - 60, 8), { size: 8 });
    page.text(A4.width - MARGIN, MARGIN / 2, `page ${pageNo}`, { size: 8, align: 'right' });
  };
  const need = (h: number) => {
    if (y - h < MARGIN + 10) newPage();
  };
  newPage();
  page!.text(MARGIN, y - 16, fitText(doc.title, width, 16, 'Helvetica-Bold'), { size: 16, font: 'Helvetica-Bold' });
  y -= 28;
  for (const s of doc.subtitle) {
    page!.text(MARGIN, y - 10, fitText(s, width, 10), { size: 10 });
    y -= LINE;
  }
  y -= 6;
  for (const sec of doc.sections) {
    need(LINE * 3);
    page!.text(MARGIN, y - 12, fitText(sec.heading, width, 12, 'Helvetica-Bold'), { size: 12, font: 'Helvetica-Bold' });
    page!.line(MARGIN, y - 16, MARGIN + width, y - 16, 0.75);
    y -= 24;
    for (const [k, v] of sec.facts ?? []) {
      need(LINE);
      page!.text(MARGIN, y - 10, fitText(k, width * 0.4, 10, 'Helvetica-Bold'), { font: 'Helvetica-Bold' });
      page!.text(MARGIN + width * 0.42, y - 10, fitText(v, width * 0.58, 10));
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
          const text = fitText(row[i] ?? '', w, 9, bold ? 'Helvetica-Bold' : 'Helvetica');
          if (c.align === 'right') page!.text(xs[i]! + w + 3, y - 10, text, { size: 9, font: bold ? 'Helvetica-Bold' : 'Helvetica', align: 'right' });
          else page!.text(xs[i]! + 3, y - 10, text, { size: 9, font: bold ? 'Helvetica-Bold' : 'Helvetica' });
        });
      };
      const header = () => {
        page!.rect(MARGIN, y - LINE, width, LINE, { fill: 0.9 });
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
        page!.line(MARGIN, y - LINE + 1, MARGIN + width, y - LINE + 1, 0.25);
        y -= LINE;
      }
      if (t.rows.length === 0) {
        page!.text(MARGIN + 3, y - 10, '(none)', { size: 9 });
        y -= LINE;
      }
    }
    for (const n of sec.notes ?? []) {
      for (const l of wrapWords(n, 100)) {
        need(LINE);
        page!.text(MARGIN, y - 10, fitText(l, width, 9), { size: 9 });
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
