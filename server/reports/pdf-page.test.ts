import { describe, expect, it, vi } from 'vitest';
import { A4, ReportPdf } from './pdf-page';
import { actualTexts, readPdf, renderPage, shownGlyphs } from '../../test/reports/read-pdf';

const ARABIC_NAME = 'القنصلية العامة للمملكة المغربية بباريس';

describe('the report PDF page (pdfkit, Noto faces embedded)', () => {
  it('writes a PDF that poppler reads back: pages, text with PDF delimiters, French accents and the euro', async () => {
    const pdf = new ReportPdf({ title: 'Test (1)', created: new Date('2026-01-01T00:00:00Z') });
    pdf.addPage().text(50, 800, 'Hello (world) \\ back').line(50, 790, 300, 790).rect(50, 700, 100, 20, { fill: 0.9 });
    pdf.text(50, 650, 'Clôture 12,50 € œ');
    const r = readPdf(await pdf.toBuffer());
    expect(r.pages).toBe(1);
    expect(r.pageTexts[0]!.split('\n')).toEqual(['Hello (world) \\ back', 'Clôture 12,50 € œ', '']);
    expect(r.fonts).toEqual([{ name: expect.stringMatching(/\+NotoSans-Regular$/), type: 'CID TrueType', embedded: true, unicode: true }]);
  });

  it('sets Arabic in the embedded Noto Sans Arabic, shaped (joined forms), with its text as ActualText', async () => {
    const page = new ReportPdf({ title: ARABIC_NAME }, { compress: false });
    page.addPage().text(100, 750, 'ب', { size: 40 }).text(100, 700, 'ببب', { size: 40 }).text(100, 600, ARABIC_NAME, { size: 20 });
    const buf = await page.toBuffer();
    // Noto draws beh as a dotless shape and a dot. Three behs joined are three different shapes (final, medial,
    // initial), none the isolated one; unshaped text would repeat the isolated one (the old writer wrote "???").
    const glyphs = shownGlyphs(buf);
    const isolated = glyphs.slice(0, 2);
    expect(new Set(isolated).size).toBe(2);
    const joined = glyphs.slice(2, 8);
    expect(joined.filter((g) => isolated.includes(g))).toHaveLength(3); // the dot, three times
    expect(new Set(joined.filter((g) => !isolated.includes(g))).size).toBe(3);
    expect(actualTexts(buf)).toEqual(['ب', 'ببب', ARABIC_NAME]);
    const r = readPdf(buf);
    expect(r.fonts.map((f) => [f.name.replace(/^[A-Z]{6}\+/, ''), f.embedded])).toEqual([['NotoSansArabic-Regular', true]]);
    expect(r.text).not.toContain('?');
  });

  it('draws the Arabic glyphs (poppler renders ink across the measured width, right-aligned at x)', async () => {
    const pdf = new ReportPdf({ title: 't' });
    pdf.addPage().text(500, 700, ARABIC_NAME, { size: 20, align: 'right' });
    const width = pdf.width(ARABIC_NAME, 20);
    const img = renderPage(await pdf.toBuffer(), 72);
    expect(Math.abs(img.width - A4.width)).toBeLessThan(1);
    let left = img.width;
    let right = -1;
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++)
        if (img.pixels[y * img.width + x]! < 128) {
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
    expect(right).toBeGreaterThan(495);
    expect(right).toBeLessThanOrEqual(501);
    expect(right - left).toBeGreaterThan(width * 0.95);
    expect(right - left).toBeLessThan(width * 1.05);
  });

  it('draws a character that no face has as the missing-glyph box, not as nothing', async () => {
    const pdf = new ReportPdf({ title: 't' }, { compress: false });
    pdf.addPage().text(100, 700, 'a漢b');
    expect(pdf.width('漢', 10)).toBeGreaterThan(0);
    const glyphs = shownGlyphs(await pdf.toBuffer());
    expect(glyphs).toHaveLength(3);
    expect(glyphs[1]).toBe(0); // glyph 0, .notdef
  });

  it('makes its grapheme segmenter with the first cut, not when the daemon loads it (ICU break rules: ~40 ms of each start)', async () => {
    vi.resetModules();
    const intl = Intl as { Segmenter: typeof Intl.Segmenter };
    const Original = intl.Segmenter;
    let made = 0;
    intl.Segmenter = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made++;
      }
    };
    try {
      const fresh = await import('./pdf-page');
      expect(made).toBe(0);
      const pdf = new fresh.ReportPdf({ title: 'cut' });
      pdf.addPage();
      expect(pdf.fit('Consulat général du Royaume du Maroc à Paris', 60).endsWith('…')).toBe(true);
      expect(pdf.fit('Consulat général du Royaume du Maroc à Paris', 40).endsWith('…')).toBe(true);
      expect(made).toBe(1);
    } finally {
      intl.Segmenter = Original;
    }
  });

  it('measures text as drawn and cuts what does not fit at whole characters, with "…"', () => {
    const pdf = new ReportPdf({ title: 't' });
    expect(pdf.width('AAA', 10)).toBeCloseTo(3 * pdf.width('A', 10));
    expect(pdf.width('AAA', 20)).toBeCloseTo(2 * pdf.width('AAA', 10));
    const cut = pdf.fit('a long explanation that does not fit', 60, 10);
    expect(cut.endsWith('…')).toBe(true);
    expect(pdf.width(cut, 10)).toBeLessThanOrEqual(60);
    expect(pdf.width(cut.slice(0, -1) + 'x…', 10)).toBeGreaterThan(60 - pdf.width('x', 10));
    const ar = pdf.fit(ARABIC_NAME, 80, 10);
    expect(ar.endsWith('…')).toBe(true);
    expect(ARABIC_NAME.startsWith(ar.slice(0, -1))).toBe(true);
    expect(pdf.width(ar, 10)).toBeLessThanOrEqual(80);
    expect(pdf.fit('short', 60, 10)).toBe('short');
  });
});
