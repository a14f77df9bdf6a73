import { describe, expect, it } from 'vitest';
import { PAPERS, type PrintBlock } from '../../shared/print-blocks';
import { layoutRefundReceipt, type RefundReceiptContent } from './refund-receipt';
import { shippedWords as words } from '../../test/support/ticket-words';

const content: RefundReceiptContent = {
  consulateName: { ar: 'القنصلية العامة للمملكة المغربية بباريس', fr: 'Consulat général du Royaume du Maroc à Paris' },
  language: 'fr',
  timeZone: 'Europe/Paris',
  kind: 'refund',
  payment: {
    at: new Date('2026-12-01T22:40:00Z'),
    amountMinor: 7998,
    currency: 'EUR',
    eTimbreReference: 'MA-PAR-20261201-0007',
    authCode: '123456',
    maskedPan: '541333******4111',
    receiptNo: '0007',
    terminalRef: '0112-0007',
  },
  refund: {
    id: 'rf-K7Q2M9XW',
    at: new Date('2026-12-02T09:05:00Z'),
    amountMinor: 2000,
    currency: 'EUR',
    why: 'service not delivered: passport office closed',
    by: 'AMINA (amina)',
    receiptNo: '0009',
    fully: false,
    leftMinor: 5998,
  },
};

const texts = (b: PrintBlock[]) => b.flatMap((x) => (x.kind === 'text' ? [x.text] : x.kind === 'raster-text' ? [`${x.text} ${x.aside ?? ''}`.trim()] : []));
const rasters = (b: PrintBlock[]) => b.filter((x) => x.kind === 'raster-text');

describe('layoutRefundReceipt', () => {
  it('prints the header, the original payment, what went back, why, by whom and when, in the consulate zone', () => {
    const b = layoutRefundReceipt(content, 80, words);
    const t = texts(b);
    expect(rasters(b).map((x) => x.text)).toEqual([content.consulateName.ar, 'وصل استرجاع المبلغ']);
    expect(t).toContain('REÇU DE REMBOURSEMENT');
    const line = (re: RegExp) =>
      expect(
        t.some((x) => re.test(x)),
        `${re} in\n${t.join('\n')}`,
      ).toBe(true);
    line(/^Payé le +01\/12\/2026 23:40$/);
    line(/^Montant payé +79,98 EUR$/);
    line(/^Réf\. eTimbre +MA-PAR-20261201-0007$/);
    line(/^Carte +541333\*{6}4111$/);
    line(/^Autorisation +123456$/);
    line(/^N° reçu terminal +0007$/);
    line(/^Réf\. terminal +0112-0007$/);
    line(/^Remboursement sur carte$/);
    line(/^Montant remboursé +20,00 EUR$/);
    line(/^Le +02\/12\/2026 10:05$/);
    line(/^Par +AMINA \(amina\)$/);
    line(/^N° reçu terminal +0009$/);
    line(/^Reste acquis +59,98 EUR$/);
    expect(t.join(' ')).toContain('service not delivered: passport office closed');
    expect(t).not.toContain('DUPLICATA');
    expect(b).toContainEqual({ kind: 'qr', payload: 'rf-K7Q2M9XW', moduleDots: 5 });
    expect(b.at(-1)).toEqual({ kind: 'cut' });
  });

  it('says a reversal, a full refund voiding the eTimbre, and a duplicate', () => {
    const t = texts(
      layoutRefundReceipt({ ...content, kind: 'reversal', duplicate: true, refund: { ...content.refund, fully: true, leftMinor: 0 } }, 80, words),
    );
    expect(t).toEqual(expect.arrayContaining(["REÇU D'ANNULATION", 'DUPLICATA', 'Annulation (même jour)', 'Paiement entièrement remboursé : eTimbre annulé']));
    expect(t.some((x) => x.startsWith('Reste acquis'))).toBe(false);
  });

  it('prints a host language from its catalogue beside the Arabic title; a language without one in French', () => {
    const it_ = layoutRefundReceipt({ ...content, language: 'it' }, 80, words);
    expect(rasters(it_).map((x) => x.kind === 'raster-text' && x.text)).toContain('وصل استرجاع المبلغ');
    expect(texts(it_)).toEqual(expect.arrayContaining(['RICEVUTA DI RIMBORSO', 'Pagamento iniziale', 'Rimborso sulla carta']));
    expect(texts(it_).some((x) => /^Rif\. marca elettronica +MA-PAR-20261201-0007$/.test(x))).toBe(true);
    expect(texts(layoutRefundReceipt({ ...content, language: 'sv' }, 80, words))).toEqual(
      expect.arrayContaining(['REÇU DE REMBOURSEMENT', 'Paiement initial']),
    );
  });

  it('prints the terminal refund receipt lines as given, and leaves out what the payment does not have', () => {
    const lines = ['SIMULATED TERMINAL', 'CUSTOMER COPY', 'AMOUNT 20.00 EUR', 'REFUND APPROVED'];
    const b = layoutRefundReceipt(
      { ...content, terminalReceiptLines: lines, payment: { ...content.payment, authCode: null, maskedPan: null, terminalRef: null } },
      80,
      words,
    );
    const t = texts(b);
    expect(t).toEqual(expect.arrayContaining(lines));
    expect(t.some((x) => /^(Autorisation|Carte|Réf\. terminal) /.test(x))).toBe(false);
  });

  it('in Arabic: every label a right-to-left raster line, the values beside them', () => {
    const b = layoutRefundReceipt({ ...content, language: 'ar' }, 80, words);
    const r = rasters(b);
    expect(r).toContainEqual(expect.objectContaining({ text: 'المبلغ المسترجع', aside: '20,00 EUR', direction: 'rtl' }));
    expect(r).toContainEqual(expect.objectContaining({ text: 'مرجع التنبر الإلكتروني', aside: 'MA-PAR-20261201-0007' }));
    // The title once, in Arabic only.
    expect(r.filter((x) => x.text === 'وصل استرجاع المبلغ')).toHaveLength(1);
    expect(texts(b)).not.toContain('REÇU DE REMBOURSEMENT');
  });

  it('keeps every native line within the columns of 80 and 58 mm paper', () => {
    for (const w of [80, 58] as const)
      for (const b of layoutRefundReceipt({ ...content, language: 'en', terminalReceiptLines: ['X'.repeat(60)] }, w, words))
        if (b.kind === 'text') expect(b.text.length * (b.size ?? 1)).toBeLessThanOrEqual(PAPERS[w].columns);
  });
});
