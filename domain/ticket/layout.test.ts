import { describe, expect, it } from 'vitest';
import { PAPERS, type PrintBlock } from '../../shared/print-blocks';
import type { ReceiptContent, TicketContent } from './content';
import { bigNumberScale, layoutReceipt, layoutTicket } from './layout';
import { formatIssuedAt, formatMoney } from './format';
import { pairLine, textLine, wrap } from './lines';
import { needsRaster } from './script';
import { shippedWords as words } from '../../test/support/ticket-words';

const ticket: TicketContent = {
  consulateName: { ar: 'القنصلية العامة للمملكة المغربية بباريس', fr: 'Consulat général du Royaume du Maroc à Paris' },
  number: 'A-023',
  serviceName: { ar: 'جواز السفر', fr: 'Passeport', es: 'Pasaporte' },
  language: 'fr',
  issuedAt: { at: new Date('2025-05-12T22:30:00Z'), timeZone: 'Europe/Paris' },
  persons: 2,
  estimatedWaitMinutes: 25,
  qrPayload: 'tkt_1',
};

const texts = (b: PrintBlock[]) => b.flatMap((x) => (x.kind === 'text' || x.kind === 'raster-text' ? [x.text] : []));

describe('layoutTicket', () => {
  it('puts Arabic in raster lines and everything else in native blocks, ending with a cut', () => {
    const b = layoutTicket(ticket, 80, words);
    const raster = b.filter((x) => x.kind === 'raster-text');
    // The consulate, the labels in Arabic beside the visitor's language (issue 19 item 10), and the service.
    expect(raster.map((x) => x.text)).toEqual([
      ticket.consulateName.ar,
      'رقمكم',
      'جواز السفر',
      'شخصان',
      'مدة الانتظار التقديرية: 25 دقيقة',
      'احتفظوا بهذه التذكرة وتابعوا الشاشة',
    ]);
    expect(raster.every((x) => x.kind === 'raster-text' && x.direction === 'rtl')).toBe(true);
    expect(b).toContainEqual({ kind: 'big-number', text: 'A-023', scale: 5 });
    expect(b).toContainEqual({ kind: 'qr', payload: 'tkt_1', moduleDots: 6 });
    expect(texts(b)).toContain('Passeport');
    expect(texts(b)).toContain('Personnes : 2');
    expect(texts(b)).toContain('Attente estimée : 25 min');
    expect(b.at(-1)).toEqual({ kind: 'cut' });
  });

  it('prints each label in Arabic, then in the visitor language; an Arabic ticket says them once', () => {
    const t = texts(layoutTicket({ ...ticket, language: 'fr' }, 80, words));
    expect(t.indexOf('رقمكم') + 1).toBe(t.indexOf('Votre numéro'));
    expect(t.indexOf('شخصان') + 1).toBe(t.indexOf('Personnes : 2'));
    expect(t.indexOf('مدة الانتظار التقديرية: 25 دقيقة') + 1).toBe(t.indexOf('Attente estimée : 25 min'));
    expect(t.indexOf('احتفظوا بهذه التذكرة وتابعوا الشاشة') + 1).toBe(t.indexOf("Gardez ce ticket et suivez l'écran d'appel"));
    const ar = texts(layoutTicket({ ...ticket, language: 'ar' }, 80, words));
    expect(ar.filter((x) => x === 'رقمكم')).toHaveLength(1);
    expect(ar).not.toContain('Votre numéro');
  });

  it('shows the time in the consulate time zone, across midnight UTC', () => {
    expect(texts(layoutTicket(ticket, 80, words))).toContain('13/05/2025 00:30');
  });

  it("writes the date in the consulate's convention whatever the visitor's language (issue 19 item 10)", () => {
    const paris = { at: new Date('2025-05-12T22:30:00Z'), timeZone: 'Europe/Paris', region: 'FR' };
    for (const language of ['fr', 'en', 'es', 'nl', 'ar'])
      expect(texts(layoutTicket({ ...ticket, language, issuedAt: paris }, 80, words))).toContain('13/05/2025 00:30');
    // Without the consulate's country, English fell back to the US order: the bug this fixes.
    expect(texts(layoutTicket({ ...ticket, language: 'en' }, 80, words))).toContain('05/13/2025, 00:30');
    // A consulate in the United States writes the US order, for a French visitor too.
    const newYork = { at: new Date('2025-05-12T22:30:00Z'), timeZone: 'America/New_York', region: 'US' };
    expect(texts(layoutTicket({ ...ticket, language: 'fr', issuedAt: newYork }, 80, words))).toContain('05/12/2025, 18:30');
  });

  it('keeps every native line within the columns of 80 and 58 mm paper', () => {
    for (const w of [80, 58] as const) {
      for (const b of layoutTicket(ticket, w, words)) {
        if (b.kind === 'text') expect(b.text.length * (b.size ?? 1)).toBeLessThanOrEqual(PAPERS[w].columns);
        if (b.kind === 'big-number') expect(b.text.length * 12 * b.scale).toBeLessThanOrEqual(PAPERS[w].dots);
      }
    }
  });

  it('writes the service in the visitor language, and only once for Arabic visitors', () => {
    expect(texts(layoutTicket({ ...ticket, language: 'es' }, 80, words))).toContain('Pasaporte');
    const ar = layoutTicket({ ...ticket, language: 'ar' }, 80, words);
    expect(texts(ar).filter((t) => t === 'جواز السفر')).toHaveLength(1);
    expect(ar.filter((b) => b.kind === 'raster-text').length).toBeGreaterThanOrEqual(5);
  });

  it('a ticket from the offline block says, in the visitor language, that its number is valid; an online one does not', () => {
    const said = (language: string, offline?: boolean) => texts(layoutTicket({ ...ticket, language, ...(offline ? { offline } : {}) }, 80, words)).join('\n');
    expect(said('fr', true)).toContain('Délivré hors connexion : numéro valable');
    expect(said('en', true)).toContain('Issued offline: your number is valid');
    expect(said('es', true)).toContain('Emitido sin conexión: número válido');
    expect(said('ar', true)).toContain('صدرت دون اتصال: رقمكم صالح');
    expect(said('fr')).not.toMatch(/hors connexion/);
    for (const w of [80, 58] as const)
      for (const b of layoutTicket({ ...ticket, language: 'es', offline: true }, w, words))
        if (b.kind === 'text') expect(b.text.length).toBeLessThanOrEqual(PAPERS[w].columns);
  });

  it('falls back to English labels for a language without a ticket catalogue', () => {
    expect(texts(layoutTicket({ ...ticket, language: 'sv', serviceName: { ar: 'جواز السفر', sv: 'Pass' } }, 80, words))).toEqual(
      expect.arrayContaining(['Pass', 'Your number', 'Persons: 2', 'Estimated wait: 25 min']),
    );
  });

  it('prints the labels of a host language from its catalogue: an Italian ticket in Italian (issue 19 item 8)', () => {
    const it_ = texts(layoutTicket({ ...ticket, language: 'it', serviceName: { ar: 'جواز السفر', it: 'Passaporto' } }, 80, words));
    expect(it_).toEqual(
      expect.arrayContaining(['Passaporto', 'Il suo numero', 'Persone: 2', 'Attesa stimata: 25 min', 'Conservi questo biglietto e segua lo schermo']),
    );
    expect(it_.join('\n')).not.toMatch(/Your number|Persons|Estimated wait/);
    const receipt = texts(layoutReceipt({ ...ticket, language: 'it', fees: [], totalMinor: 0, currency: 'EUR', eTimbreReference: 'ET-1' }, 80, words));
    expect(receipt).toEqual(expect.arrayContaining(['Ricevuta di pagamento']));
  });

  it('fits the paper in every language with a ticket catalogue, long German words wrapped', () => {
    for (const language of ['fr', 'ar', 'de', 'en', 'es', 'it', 'nl'])
      for (const w of [80, 58] as const) {
        const slips = [
          layoutTicket({ ...ticket, language, offline: true }, w, words),
          layoutReceipt(
            { ...ticket, language, fees: [], totalMinor: 100, currency: 'EUR', eTimbreReference: 'ET-2025-000123', terminalRef: '0303-0042' },
            w,
            words,
          ),
        ];
        for (const b of slips.flat())
          if (b.kind === 'text') expect(b.text.length * (b.size ?? 1), `${language} ${w}: ${b.text}`).toBeLessThanOrEqual(PAPERS[w].columns);
      }
  });

  it('words the Arabic wait and persons with the plural form of the number (3 دقائق, 11 دقيقة)', () => {
    const ar = (persons: number, estimatedWaitMinutes: number) => texts(layoutTicket({ ...ticket, language: 'ar', persons, estimatedWaitMinutes }, 80, words));
    expect(ar(3, 3)).toEqual(expect.arrayContaining(['3 أشخاص', 'مدة الانتظار التقديرية: 3 دقائق']));
    expect(ar(11, 11)).toEqual(expect.arrayContaining(['11 شخصًا', 'مدة الانتظار التقديرية: 11 دقيقة']));
    expect(ar(1, 2)).toEqual(expect.arrayContaining(['شخص واحد', 'مدة الانتظار التقديرية: دقيقتان']));
    expect(ar(2, 100)).toEqual(expect.arrayContaining(['شخصان', 'مدة الانتظار التقديرية: 100 دقيقة']));
  });
});

describe('a visit of several services (issue 18 item 8)', () => {
  const cnie = { ar: 'البطاقة الوطنية', fr: 'Carte nationale (CNIE)' };
  const both = { ...ticket, services: [ticket.serviceName, cnie] };

  it('the ticket lists every service, numbered in the order the visitor is called, in Arabic raster and in the visitor’s language', () => {
    const b = layoutTicket(both, 80, words);
    const raster = b.filter((x) => x.kind === 'raster-text').map((x) => x.text);
    expect(raster).toContain('1. جواز السفر');
    expect(raster).toContain('2. البطاقة الوطنية');
    const t = texts(b);
    expect(t.indexOf('1. Passeport')).toBeLessThan(t.indexOf('2. Carte nationale (CNIE)'));
    expect(t).not.toContain('Passeport');
  });

  it('one service prints as before, unnumbered', () => {
    expect(texts(layoutTicket({ ...ticket, services: [ticket.serviceName] }, 80, words))).toContain('Passeport');
  });

  it('the receipt names every service and lists every fee line with the one total', () => {
    const r: ReceiptContent = {
      ...both,
      fees: [
        { label: 'Passeport × 1', amountMinor: 7800 },
        { label: 'Carte nationale (CNIE) × 1', amountMinor: 950 },
      ],
      totalMinor: 8750,
      currency: 'EUR',
      eTimbreReference: 'ET-2',
    };
    const t = texts(layoutReceipt(r, 80, words));
    expect(t).toContain('2. Carte nationale (CNIE)');
    expect(t.some((x) => /^Passeport × 1 +78,00 EUR$/.test(x))).toBe(true);
    expect(t.some((x) => /^Carte nationale \(CNIE\) × 1 +9,50 EUR$/.test(x))).toBe(true);
    expect(t.some((x) => /^TOTAL +87,50 EUR$/.test(x))).toBe(true);
  });
});

describe('layoutReceipt', () => {
  const receipt: ReceiptContent = {
    ...ticket,
    fees: [
      { label: 'Passeport', amountMinor: 7800 },
      { label: 'رسوم', amountMinor: 800 },
    ],
    totalMinor: 8600,
    currency: 'EUR',
    eTimbreReference: 'ET-1',
    authCode: 'A1B2C3',
    maskedPan: '**** 1234',
    terminalReceiptLines: ['CB   SANS CONTACT', 'x'.repeat(60)],
  };

  it('lists fees with amounts at the right edge, the total, eTimbre, auth code and card', () => {
    const b = layoutReceipt(receipt, 80, words);
    const t = texts(b);
    expect(t).toContain('Passeport' + ' '.repeat(48 - 9 - 9) + '78,00 EUR');
    expect(b).toContainEqual(expect.objectContaining({ kind: 'raster-text', text: 'رسوم', aside: '8,00 EUR', align: 'right' }));
    expect(b).toContainEqual(expect.objectContaining({ kind: 'text', text: expect.stringMatching(/^TOTAL +86,00 EUR$/), bold: true }));
    expect(t.some((x) => /^Réf. eTimbre +ET-1$/.test(x))).toBe(true);
    expect(t.some((x) => /^Autorisation +A1B2C3$/.test(x))).toBe(true);
    expect(t.some((x) => /^Carte +\*\*\*\* 1234$/.test(x))).toBe(true);
    expect(t).toContain('CB   SANS CONTACT');
    expect(t.filter((x) => /^x+$/.test(x)).map((x) => x.length)).toEqual([48, 12]);
  });

  it("prints the payment's short reference, the one the terminal's journal shows, in every language", () => {
    const withRef = { ...receipt, terminalRef: '0303-0042' };
    expect(texts(layoutReceipt(withRef, 80, words)).some((x) => /^Réf\. terminal +0303-0042$/.test(x))).toBe(true);
    expect(texts(layoutReceipt({ ...withRef, language: 'en' }, 58, words)).some((x) => /^Terminal ref\. +0303-0042$/.test(x))).toBe(true);
    expect(texts(layoutReceipt({ ...withRef, language: 'es' }, 80, words)).some((x) => /^Ref\. terminal +0303-0042$/.test(x))).toBe(true);
    expect(layoutReceipt({ ...withRef, language: 'ar' }, 80, words)).toContainEqual(expect.objectContaining({ kind: 'raster-text', aside: '0303-0042' }));
    expect(texts(layoutReceipt(receipt, 80, words)).some((x) => /0303-0042/.test(x))).toBe(false);
  });

  it('keeps native lines within 32 columns on 58 mm', () => {
    for (const b of layoutReceipt(receipt, 58, words)) if (b.kind === 'text') expect(b.text.length * (b.size ?? 1)).toBeLessThanOrEqual(32);
  });
});

describe('helpers', () => {
  it('wraps words and cuts words longer than a line', () => {
    expect(wrap('Consulat général du Royaume du Maroc', 16)).toEqual(['Consulat général', 'du Royaume du', 'Maroc']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 4)).toEqual(['']);
  });

  it('puts a long pair on two lines', () => {
    expect(pairLine('Une très longue désignation de frais', '1 234,00 EUR', 32, { lang: 'fr' }).map((b) => b.kind === 'text' && [b.text, b.align])).toEqual([
      ['Une très longue désignation de', 'left'],
      ['frais', 'left'],
      ['1 234,00 EUR', 'right'],
    ]);
  });

  it('knows which scripts need raster, including the Arabic comma', () => {
    expect(needsRaster('Passeport')).toBe(false);
    expect(needsRaster('Паспорт')).toBe(false);
    expect(needsRaster('جواز')).toBe(true);
    expect(needsRaster('،')).toBe(true);
    expect(needsRaster('דרכון')).toBe(true);
    expect(textLine('שלום', 48, { align: 'center', lang: 'he' })[0]).toMatchObject({ kind: 'raster-text', direction: 'rtl' });
  });

  it('formats money with the currency code and plain spaces', () => {
    expect(formatMoney(123456, 'EUR', 'fr')).toBe('1 234,56 EUR');
    expect(formatMoney(8600, 'EUR', 'en')).toBe('86.00 EUR');
    expect(formatMoney(1500, 'JPY', 'fr')).toBe('1 500 JPY');
    expect(formatMoney(8600, 'MAD', 'ar')).toMatch(/^86[.,]00 MAD$/);
  });

  it('prints Latin digits for every language, a host language such as Persian or Bengali included', () => {
    // Printer code pages hold Latin digits; Intl's native digits (۸۶٫۰۰, ৮৬.০০) would print as '?'.
    expect(formatMoney(8600, 'EUR', 'fa')).toMatch(/^86[.,]00 EUR$/);
    expect(formatMoney(8600, 'EUR', 'bn')).toMatch(/^86[.,]00 EUR$/);
  });

  it('formats the issue time per language with Latin digits and no bidi marks', () => {
    const at = { at: new Date('2025-05-12T08:32:00Z'), timeZone: 'Africa/Casablanca' };
    expect(formatIssuedAt(at, 'ar')).toBe('12/05/2025 09:32');
    expect(formatIssuedAt(at, 'fr')).toBe('12/05/2025 09:32');
    expect(formatIssuedAt('already formatted', 'fr')).toBe('already formatted');
  });

  it('picks the largest big-number scale that fits', () => {
    expect(bigNumberScale('A-023', PAPERS[80], 5)).toBe(5);
    expect(bigNumberScale('A-023', PAPERS[58], 8)).toBe(6);
    expect(bigNumberScale('ABCDEFGHIJKL', PAPERS[58], 8)).toBe(2);
  });
});
