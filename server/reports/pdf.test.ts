import { describe, expect, it } from 'vitest';
import { PdfDocument, textWidth, winAnsi, fitText } from './pdf';
import { renderBlocks, renderPdf, type ReportDoc } from './document';
import { readPdf } from '../../test/reports/read-pdf';

describe('the PDF writer', () => {
  it('writes a PDF 1.4 whose cross-reference offsets point at every object', () => {
    const doc = new PdfDocument({ title: 'Test (1)', created: new Date('2026-01-01T00:00:00Z') });
    doc.addPage().text(50, 800, 'Hello (world) \\ back').line(50, 790, 300, 790).rect(50, 700, 100, 20, { fill: 0.9 });
    const r = readPdf(doc.toBuffer());
    expect(r.version).toBe('1.4');
    expect(r.pages).toBe(1);
    expect(r.text).toEqual(['Hello (world) \\ back']);
  });

  it('encodes French text in WinAnsi and shows what it cannot as "?"', () => {
    expect(winAnsi('é€œ')).toEqual([0xe9, 0x80, 0x9c]);
    expect(winAnsi('جواز')).toEqual([0x3f, 0x3f, 0x3f, 0x3f]);
    const doc = new PdfDocument({ title: 't' });
    doc.addPage().text(10, 10, 'Clôture 12,50 €');
    expect(readPdf(doc.toBuffer()).text).toEqual([
      Buffer.from([...'Cl', 0xf4, ...'ture 12,50 ', 0x80].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0)))).toString('latin1'),
    ]);
  });

  it('measures Helvetica and cuts text that does not fit', () => {
    expect(textWidth('AAA', 10)).toBeCloseTo(20.01);
    const cut = fitText('a long explanation that does not fit', 60, 10);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 10)).toBeLessThanOrEqual(60);
  });

  it('renders a long report on several pages, with its tables, and the same report for the ticket printer', () => {
    const doc: ReportDoc = {
      title: 'Day close 2026-03-02',
      subtitle: ['Consulat'],
      footer: 'footer',
      sections: [
        {
          heading: 'Payments',
          facts: [['Total', '12.50 EUR']],
          table: {
            columns: [{ label: 'Payment' }, { label: 'Amount', align: 'right' }],
            rows: Array.from({ length: 120 }, (_, i) => [`pay-${i}`, `${i}.00 EUR`]),
          },
        },
      ],
    };
    const r = readPdf(renderPdf(doc));
    expect(r.pages).toBeGreaterThanOrEqual(3);
    expect(r.text).toContain('pay-119');
    expect(r.text).toContain('119.00 EUR');
    expect(r.text.filter((t) => t === 'Payment').length).toBe(r.pages); // the header repeats on each page
    const blocks = renderBlocks(doc, 48);
    const lines = blocks.filter((b) => b.kind === 'text').map((b) => (b as { text: string }).text);
    expect(lines.every((l) => l.length <= 48)).toBe(true);
    expect(lines).toContain('pay-7' + ' '.repeat(48 - 'pay-7'.length - '7.00 EUR'.length) + '7.00 EUR');
    expect(blocks.at(-1)).toEqual({ kind: 'cut' });
  });
});
