// Reads back the PDFs of server/reports/pdf.ts without poppler: checks the structure, returns the text.
import { expect } from 'vitest';

/** A minimal reader of our own PDFs: the xref offsets, the objects, and the text shown by Tj. */
export function readPdf(buf: Buffer): { version: string; objects: Map<number, string>; pages: number; text: string[] } {
  const s = buf.toString('latin1');
  const version = /^%PDF-(\d\.\d)/.exec(s)?.[1] ?? '';
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(s)?.[1]);
  expect(s.slice(startxref, startxref + 4)).toBe('xref');
  const xref = /xref\n0 (\d+)\n([\s\S]*?)trailer/.exec(s.slice(startxref))!;
  const entries = xref[2]!.trim().split('\n').slice(1);
  expect(entries).toHaveLength(Number(xref[1]) - 1);
  const objects = new Map<number, string>();
  entries.forEach((e, i) => {
    const off = Number(e.slice(0, 10));
    const head = `${i + 1} 0 obj\n`;
    expect(s.slice(off, off + head.length)).toBe(head);
    objects.set(i + 1, s.slice(off + head.length, s.indexOf('\nendobj', off)));
  });
  const text: string[] = [];
  for (const body of objects.values()) {
    const m = /^<< \/Length (\d+) >>\nstream\n/.exec(body);
    if (!m) continue;
    const content = body.slice(m[0].length, m[0].length + Number(m[1]));
    expect(body.slice(m[0].length + Number(m[1]))).toBe('\nendstream');
    for (const t of content.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)) {
      const raw = t[1]!.replace(/\\([0-7]{3}|.)/g, (_, x: string) => (x.length === 3 ? String.fromCharCode(parseInt(x, 8)) : x));
      text.push(Buffer.from(raw, 'latin1').toString('latin1'));
    }
  }
  const pages = Number(/\/Type \/Pages \/Kids \[[^\]]*\] \/Count (\d+)/.exec(s)?.[1]);
  return { version, objects, pages, text };
}
