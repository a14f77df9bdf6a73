import { describe, expect, it } from 'vitest';
import { renderBlocks, renderPdf, type ReportDoc } from './document';
import { actualTexts, readPdf } from '../../test/reports/read-pdf';

describe('a report as PDF and as ticket-printer blocks', () => {
  it('renders a long report on several pages, with its tables, and the same report for the ticket printer', async () => {
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
    const r = readPdf(await renderPdf(doc));
    expect(r.pages).toBeGreaterThanOrEqual(3);
    expect(r.text).toContain('pay-119 119.00 EUR');
    // The header repeats on each page.
    expect(r.pageTexts.every((t) => t.includes('Payment Amount\n'))).toBe(true);
    const blocks = renderBlocks(doc, 48);
    const lines = blocks.filter((b) => b.kind === 'text').map((b) => (b as { text: string }).text);
    expect(lines.every((l) => l.length <= 48)).toBe(true);
    expect(lines).toContain('pay-7' + ' '.repeat(48 - 'pay-7'.length - '7.00 EUR'.length) + '7.00 EUR');
    expect(blocks.at(-1)).toEqual({ kind: 'cut' });
  });

  it('sets Arabic lines (consulate name, a note) in the PDF, wrapping a long note by its measured width', async () => {
    const name = 'القنصلية العامة للمملكة المغربية بباريس';
    const note = 'تم تصحيح المبلغ بعد إغلاق اليوم '.repeat(10).trim();
    const doc: ReportDoc = {
      title: 'Day close 2026-03-02',
      subtitle: ['Consulat général du Royaume du Maroc à Paris', name],
      footer: 'footer',
      sections: [{ heading: 'Corrections', table: { columns: [{ label: 'Note' }], rows: [['جواز السفر (12)']] }, notes: [note] }],
    };
    const buf = await renderPdf(doc, new Date(), { compress: false });
    const spans = actualTexts(buf);
    expect(spans.slice(0, 2)).toEqual([name, 'جواز السفر (12)']);
    // The note in two or more lines whose words, put back together, are the note.
    const noteLines = spans.slice(2);
    expect(noteLines.length).toBeGreaterThanOrEqual(2);
    expect(noteLines.join(' ')).toBe(note);
    const r = readPdf(buf);
    expect(r.fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NotoSans-Bold', 'NotoSans-Regular', 'NotoSansArabic-Regular']);
    expect(r.fonts.every((f) => f.embedded && f.unicode)).toBe(true);
    expect(r.text).toContain('Consulat général du Royaume du Maroc à Paris');
    expect(r.text).not.toContain('?');
  });
});
